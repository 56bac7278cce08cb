"""One pagination for every list page: ``page_of`` in the view, ``{% include "_pagination.html" %}``
in the template (it keeps the page's filters in the links with ``{% querystring %}``).

A list of a whole county holds hundreds of thousands of rows; counting them all on every page
view costs more than the page itself (issue 19). ``page_of`` counts only as far as it needs: at
least ``COUNT_UP_TO`` rows, and always past the page asked for. Beyond that the page says "1,000+"
(``paginator.count_label``) and "page 3 of 40+", and the next page is still offered."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

#: Rows per list page.
PAGE_SIZE = 25
#: Rows a list page counts at least before it says "N+".
COUNT_UP_TO = 1000


class BoundedPaginator(Paginator):
    """A paginator whose count stops at ``limit`` rows: ``SELECT COUNT(*) FROM (… LIMIT n)``,
    which stops reading once it has them. ``is_capped`` says whether more rows exist."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        self.is_capped = False

    @cached_property
    def count(self) -> int:
        if not hasattr(self.object_list, "query"):  # a list: its length is free
            return len(self.object_list)
        # Unordered: "are there more than n?" needs no order, and an ORDER BY here made PostgreSQL
        # read and sort every match of a common search term before it counted the first n.
        counted = self.object_list.order_by()[: self.limit + 1].count()
        self.is_capped = counted > self.limit
        return min(counted, self.limit)

    @property
    def count_label(self) -> str:
        """The count as a list's title shows it: "1000+" when the count stopped at its limit."""
        return f"{self.count}+" if self.is_capped else str(self.count)

    @property
    def num_pages_label(self) -> str:
        return f"{self.num_pages}+" if self.is_capped else str(self.num_pages)


def page_of(request, object_list, *, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page that ``?page=`` asks for; a number out of range or not a number gives the last or
    first page, never an error. The count reaches at least one page past the one asked for."""
    try:
        asked = max(1, int(request.GET.get(param) or 1))
    except (TypeError, ValueError):
        asked = 1
    limit = max(COUNT_UP_TO, (min(asked, 10**6) + 1) * per_page)
    return BoundedPaginator(object_list, per_page, limit=limit).get_page(request.GET.get(param))


def first_rows(queryset, n: int) -> list:
    """The first ``n`` rows of ``queryset`` in its order, read as ids first, then those rows with
    whatever the queryset joins for display ("late row lookup"): when many rows match, PostgreSQL
    otherwise joins every one of them to the people, committees and requests it shows before it
    sorts and keeps ``n`` – 1,048 leave steps waiting on one county secretary took 18 ms to plan
    and run, against 3 ms this way (issue 19)."""
    ids = list(queryset.select_related(None).values_list("pk", flat=True)[:n])
    if not ids:
        return []
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


#: A search term's page is read by walking the list's order (``walked``) when more than
#: ``COUNT_UP_TO`` rows match; the walk gives up after ``WALK_ROWS_PER_HIT`` × the rows it needs
#: (the term is then rarer than 1 in 40 rows, and the index of the term is the faster way).
WALK_FIRST = 200
WALK_ROWS_PER_HIT = 40


def walked(matching, ordered, start: int, stop: int) -> list | None:
    """Rows ``start:stop`` of ``matching`` (a subset of ``ordered``, in ``ordered``'s order), found
    by reading ``ordered``'s ids a window at a time – 200, then twice as many each time – and
    keeping those that match; ``None`` when that would read more than ``WALK_ROWS_PER_HIT`` rows
    per row wanted.

    For a common search term (thousands of matches) PostgreSQL answers "the first page in the list's
    order" by reading every match through the term's index and sorting them all: 1.3 s for a
    word in half of 72,000 minutes, each match's text read and rechecked. Walking the order instead
    reads a few hundred rows. The planner cannot tell the two cases apart (it estimates a handful
    of matches either way), so the page decides from its bounded count."""
    budget = max(stop, 1) * WALK_ROWS_PER_HIT
    ids = ordered.values_list("pk", flat=True)
    found: list[int] = []
    seen: set[int] = set()
    offset, window = 0, WALK_FIRST
    while len(found) < stop:
        if offset >= budget:
            return None
        chunk = list(ids[offset : offset + window])
        if not chunk:
            break
        hits = set(matching.order_by().filter(pk__in=chunk).values_list("pk", flat=True))
        for pk in chunk:
            if pk in hits and pk not in seen:
                seen.add(pk)
                found.append(pk)
        offset += window
        window *= 2
    wanted = found[start:stop]
    rows = {row.pk: row for row in matching.order_by().filter(pk__in=wanted)} if wanted else {}
    return [rows[pk] for pk in wanted if pk in rows]


def searched_page(request, filterset, *, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """``page_of`` for a list whose filter bar has a search term (``ListFilterSet``): when the term
    matches more rows than the count reads (``COUNT_UP_TO``), the page's rows are read by walking
    the list without the term (``walked``)."""
    page = page_of(request, filterset.qs, per_page=per_page, param=param)
    term = filterset.search_term_name()
    if term is None or not page.paginator.is_capped:
        return page
    rows = walked(filterset.qs_checking(term), filterset.qs_without(term), page.start_index() - 1, page.end_index())
    if rows is not None:
        page.object_list = rows
    return page
