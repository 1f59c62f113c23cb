"""Wagtail admin: an organisation's programme editors choose courses, never another organisation's programmes."""

from wagtail import hooks

from . import services


@hooks.register("construct_page_chooser_queryset")
def hide_other_organisations_programmes(pages, request):
    """The explorer and admin search already keep to the user's sections; the page chooser shows the whole tree."""
    return services.hide_other_organisations(pages, request.user)
