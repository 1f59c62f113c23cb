from django.urls import path

from . import api, views

app_name = "programmes"

urlpatterns = [
    path("courses/<int:course_id>/prerequisites/", views.prerequisites, name="prerequisites"),
    path("programmes/<int:programme_id>/join", views.join, name="join"),
    path("hr/<int:org_id>/assignments/", views.assignments, name="assignments"),
    path("hr/<int:org_id>/assignments/new/", views.new_assignment, name="new_assignment"),
    path("hr/<int:org_id>/assignments/late/", views.late, name="late"),
    path("hr/<int:org_id>/assignments/<int:pk>/", views.assignment, name="assignment"),
    path("hr/<int:org_id>/assignments/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("api/hr/assignments", api.assignments, name="api_assignments"),
    path("api/hr/assignments/<int:pk>/workers", api.assignment_workers, name="api_assignment_workers"),
]
