from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/<int:pk>/", views.notice_open, name="open"),
    path("notices/read/", views.mark_all_read, name="mark_all_read"),
    path("notices/preferences/", views.preferences, name="preferences"),
]
