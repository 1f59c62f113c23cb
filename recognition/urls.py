from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("recognition/", views.home, name="home"),
    path("recognition/me/", views.mine, name="mine"),
    path("recognition/me/submit/", views.mine_submit, name="mine_submit"),
    path("recognition/me/save/", views.mine_save, name="mine_save"),
    path("recognition/me/<str:code>/", views.mine_score, name="mine_score"),
    path("recognition/reports/<int:pk>/status", views.report_status, name="report_status"),
    path("recognition/reports/<int:pk>/download", views.report_download, name="report_download"),
    path("recognition/evidence/<int:pk>/download", views.evidence_download, name="evidence_download"),
    path("recognition/<int:org_id>/", views.dashboard, name="dashboard"),
    path("recognition/<int:org_id>/review/", views.review_queue, name="review_queue"),
    path("recognition/<int:org_id>/review/bulk/", views.bulk_approve, name="bulk_approve"),
    path("recognition/<int:org_id>/review/<int:pk>/", views.review, name="review"),
    path("recognition/<int:org_id>/cycle/", views.cycle, name="cycle"),
    path("recognition/<int:org_id>/units/", views.units, name="units"),
    path("recognition/<int:org_id>/reports/", views.reports, name="reports"),
]
