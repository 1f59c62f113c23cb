from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("content/<uuid:uid>/<path:path>", views.content, name="content"),
    path("scos/<int:sco_id>/launch", views.launch, name="launch"),
    path("attempts/<int:attempt_id>", views.attempt_detail, name="attempt"),
    path("attempts/<int:attempt_id>/commit", views.commit, name="commit"),
]
