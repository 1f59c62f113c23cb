from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    # Content origin only (scorm.origins): package files and the run-time page.
    path("content/<uuid:uid>/<path:path>", views.content, name="content"),
    path("runtime/<str:version>", views.runtime, name="runtime"),
    # Site origin: launch with the learner's session; commits with the launch's token.
    path("scos/<int:sco_id>/launch", views.launch, name="launch"),
    path("attempts/<int:attempt_id>", views.attempt_detail, name="attempt"),
    path("attempts/<int:attempt_id>/commit", views.commit, name="commit"),
]
