"""The OpenAPI 3.1 schema of our JSON APIs, assembled from each app's `openapi` module.

An app contributes by defining `openapi.py` with a module-level `SCHEMA` dict (or a `get_schema()` function)
holding "paths" and optionally "components"; apps stay independent and cms imports none of them directly.
"""

from importlib import import_module

from django.apps import apps
from django.http import JsonResponse
from django.views.decorators.http import require_GET

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "What went wrong, in words a person understands."}},
}


def app_fragments():
    """Yield (app label, fragment) for every installed app that describes its API."""
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.openapi")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.openapi":
                raise
            continue
        fragment = module.get_schema() if hasattr(module, "get_schema") else getattr(module, "SCHEMA", None)
        if fragment:
            yield config.label, fragment


def build_schema():
    schema = {
        "openapi": "3.1.0",
        "info": {
            "title": "Học tập suốt đời API",
            "version": "1",
            "description": "Catalogue search, certificate verification, HR and SCORM runtime APIs. "
            'Errors are JSON {"error": "..."} with a 4xx status.',
        },
        "paths": {},
        "components": {"schemas": {"Error": ERROR_SCHEMA}, "securitySchemes": {}},
    }
    for _label, fragment in app_fragments():
        for path, operations in fragment.get("paths", {}).items():
            schema["paths"].setdefault(path, {}).update(operations)
        for section, items in fragment.get("components", {}).items():
            schema["components"].setdefault(section, {}).update(items)
    return schema


@require_GET
def schema_view(request):
    return JsonResponse(build_schema(), json_dumps_params={"ensure_ascii": False})
