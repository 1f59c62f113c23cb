from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/record.csv", views.record_csv, name="record_csv"),
    path("my-learning/record.pdf", views.record_pdf, name="record_pdf"),
    path("courses/<int:course_id>/enrol", views.enrol, name="enrol"),
    path("courses/<int:course_id>/unenrol", views.unenrol, name="unenrol"),
    path("lessons/<int:lesson_id>/progress", views.lesson_progress, name="lesson_progress"),
    path("lessons/<int:lesson_id>/quiz/<str:block_id>", views.submit_quiz, name="submit_quiz"),
]
