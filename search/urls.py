from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/catalogue/search", views.api_search, name="api_search"),
    path("api/catalogue/autocomplete", views.api_autocomplete, name="api_autocomplete"),
]
