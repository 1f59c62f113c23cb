"""Admin building blocks shared by the apps' wagtail_hooks."""

from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding `permission`."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class FunctionViewSet(ViewSet):
    """A single admin screen (a function view) shown in the menu only to users holding `permission`."""

    view = None
    permission = ""

    def get_urlpatterns(self):
        return [path("", type(self).view, name="index")]

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            permission=self.permission,
        )
