"""Wagtail API v2: pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class ErrorShapeMixin:
    """Errors carry {"error": ...} like every other JSON endpoint of ours (Wagtail's "message" is kept too)."""

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
