"""One pagination for every list page: ``page_of`` in the view, ``{% include "_pagination.html" %}``
in the template (it keeps the page's filters in the links with ``{% querystring %}``)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

#: Rows per list page.
PAGE_SIZE = 50


def page_of(request, object_list, *, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page that ``?page=`` asks for; a number out of range or not a number gives the last or
    first page, never an error."""
    return Paginator(object_list, per_page).get_page(request.GET.get(param))
