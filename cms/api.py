"""Wagtail API v2: pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

MAX_OFFSET = 1_000_000_000


class ErrorShapeMixin:
    """Errors carry {"error": ...} like every other JSON endpoint of ours (Wagtail's "message" is kept too)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Wagtail hands these to the database and the search backend as they come: out of range, a 500.
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail answers a non-number itself
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {MAX_OFFSET}")
        if not request.GET.get("id", "0").isdecimal():  # the find views filter on it as it comes
            raise BadRequestError("id must be a whole number")
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code >= 400 and isinstance(response.data, dict) and "error" not in response.data:
            response.data["error"] = response.data.get("message") or response.data.get("detail") or "error"
        return response


class PagesAPI(ErrorShapeMixin, PagesAPIViewSet):
    pass


class ImagesAPI(ErrorShapeMixin, ImagesAPIViewSet):
    pass


class DocumentsAPI(ErrorShapeMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
