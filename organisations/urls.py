from django.urls import path

from . import api, views

app_name = "organisations"

urlpatterns = [
    path("hr/", views.home, name="home"),
    path("hr/invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
    path("workplace/invitations/", views.invitations, name="invitations"),
    path("workplace/invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("workplace/invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("hr/<int:org_id>/", views.organisation, name="organisation"),
    path("hr/<int:org_id>/workers/", views.workers, name="workers"),
    path("hr/<int:org_id>/workers/<int:user_id>/", views.worker, name="worker"),
    path("hr/<int:org_id>/workers/export.<fmt>", views.export, name="export"),
    path("hr/<int:org_id>/completions/", views.completions, name="completions"),
    path("hr/<int:org_id>/completions/<int:pk>/review/", views.review, name="review"),
    path("hr/<int:org_id>/completions/confirm/", views.bulk_confirm, name="bulk_confirm"),
    path("hr/<int:org_id>/completions/export.<fmt>", views.export_completions, name="export_completions"),
    path("hr/<int:org_id>/api-tokens/", views.api_tokens, name="api_tokens"),
    path("hr/<int:org_id>/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("hr/<int:org_id>/import/", views.import_view, name="import"),
    path("hr/<int:org_id>/enrol/", views.enrol, name="enrol"),
    path("api/hr/workers", api.workers, name="api_workers"),
    path("api/hr/completions", api.completions, name="api_completions"),
    path("api/hr/completions/<int:pk>/confirm", api.confirm, name="api_confirm"),
    path("api/hr/completions/<int:pk>/reject", api.reject, name="api_reject"),
    path("api/hr/certificates", api.certificates, name="api_certificates"),
]
