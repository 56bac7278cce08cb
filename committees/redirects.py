"""Where a page sends the user after a POST: the ``next`` it was given when that stays on this
site, else the page's own fallback (an open redirect to another host is never followed). And the
address of a page for links in e-mails, calendars and reminders (``page_url``)."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme


def is_on_site(request, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def redirect_next(request, fallback, *args, **kwargs) -> HttpResponseRedirect:
    """``redirect`` to ``request.POST["next"]`` (or ``GET``) if it is on this site, else to
    ``redirect(fallback, *args, **kwargs)``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if is_on_site(request, target):
        return HttpResponseRedirect(target)
    return redirect(fallback, *args, **kwargs)


def page_url(name: str, *args) -> str:
    """A page's path, or "" while the URLs of its app are not mounted."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
