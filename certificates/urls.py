from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did"),
    path("verify/", views.verify_form, name="verify-form"),
    path("verify/bulk/", views.bulk_verify, name="bulk-verify"),
    path("verify/<str:serial>/", views.verify_page, name="verify"),
    path("verify/<str:serial>/card.png", views.share_card, name="card"),
    path("api/certificates/<str:serial>", views.certificate_api, name="api"),
    path("api/certificates/<str:serial>/credential", views.credential_api, name="credential"),
    path("certificates/<str:serial>.pdf", views.certificate_pdf, name="pdf"),
    path("certificates/<str:serial>.png", views.certificate_png, name="png"),
    path("certificates/<str:serial>.json", views.credential_file, name="credential-file"),
    path("credentials/status/<int:number>", views.status_list, name="status-list"),
    path("my-certificates/", views.my_certificates, name="mine"),
    path("my-certificates/<str:serial>/public", views.toggle_public, name="toggle-public"),
]
