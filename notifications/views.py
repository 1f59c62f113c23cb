from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm
from .models import Notice


@login_required
def notice_list(request):
    """The person's notices, newest first; unread ones are marked."""
    notices = Notice.objects.filter(user=request.user)
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    form = PreferenceForm(initial={"optional_messages": services.accepts_optional(request.user)})
    return render(
        request,
        "notifications/notice_list.html",
        {
            "page_obj": page,
            "notices": page.object_list,
            "form": form,
            "unread_count": services.unread(request.user).count(),
        },
    )


@login_required
def notice_open(request, pk):
    """Mark one of the person's notices read and follow its link (a link off the site is not followed)."""
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    services.mark_read(request.user, [notice.pk])
    if notice.url and url_has_allowed_host_and_scheme(notice.url, {request.get_host()}, request.is_secure()):
        return redirect(notice.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.set_optional_messages(request.user, form.cleaned_data["optional_messages"])
        messages.success(request, _("Your notice settings are saved."))
    return redirect("notifications:list")
