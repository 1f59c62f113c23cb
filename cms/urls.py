from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from .api import api_router
from .health import readyz
from .openapi import schema_view
from .views import api_not_found, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/<str:filename>",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("api/v2/", api_router.urls),
    path("api/schema/", schema_view, name="openapi-schema"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("scorm/", include("scorm.urls")),
    # These apps define their full paths themselves (CONTRACTS.md lists them).
    path("", include("search.urls")),
    path("", include("learning.urls")),
    path("", include("certificates.urls")),
    path("", include("organisations.urls")),
    path("", include("recognition.urls")),
    path("", include("programmes.urls")),
    path("", include("notifications.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path not caught above; it must stay last. An unknown /api/ path answers JSON before it.
urlpatterns += [re_path(r"^api/", api_not_found), path("", include(wagtail_urls))]
