"""The site search (issue 14): one query over every kind of record a user may see, without this
app importing the apps above it.

Each app registers its *kinds* in its own ``site_search`` module (imported by
``autodiscover_modules("site_search")``, as ``committees.panels`` does): meetings, agenda items,
decisions, minutes (``meetings``), supervision items and accountability cases (``supervision``),
petitions (``reporting``) and people (here). A kind names the queryset of what the user may see –
the same visibility selector its list page uses – the text column searched, a date for "recent"
and its detail page. Personal-matter reports are not searched.

The query (``parse_query``):

- is split at whitespace into words (at most ``bounds.SEARCH_WORDS_MAX_COUNT``); a row matches
  when its text contains every word – ``committees.search.containing``, so served by the grams'
  GIN index on PostgreSQL and taken literally (``% _ \\ ' " ; .* [`` are characters, not syntax);
- is refused with a message when empty, longer than ``bounds.SEARCH_TERM_MAX_LENGTH`` (checked
  before any query: a pasted page costs nothing), when a word is one Latin letter or digit, or
  when it is all punctuation. A word of punctuation among others is left out: it has no gram, so
  only reading every row could answer it. One Chinese character is a word (党, a surname): its gram is in the index, and
  the cap below keeps it fast however many rows hold it.

Ranking, within a kind: the rows whose whole text is the query first, then those starting with it,
then the others; recent first within each (the kind's date, then the newest row). Kinds are listed
in a fixed order, except that a kind with an exact match comes before those without. Per kind the
page shows ``HITS_PER_KIND`` hits and a count, read with two bounded queries:

1. the ids, rank and date of at most ``COUNT_CAP`` + 1 matches (no ordering: PostgreSQL stops once
   it has them); with ``COUNT_CAP`` or fewer the count is exact and the ranking above is made in
   Python over all of them;
2. otherwise (a common word) the count shows "200+" and the hits are ranked among the newest
   matches: those in the newest 500 ids, widened (doubling) until there are enough – each read
   bounded by its id range (``_newest``).

Then the hits' rows by id, with what their line shows: 3 queries per kind for a rare word, at most
``NEWEST_STEPS`` more for a common one, whatever the number of rows; the "more" link leads to the
kind's list filtered by the query, where one exists.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Max, QuerySet, Value, When
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .bounds import SEARCH_TERM_MAX_LENGTH, SEARCH_WORDS_MAX_COUNT
from .search import containing

#: Hits listed per kind; the count and the "more" link lead to the rest.
HITS_PER_KIND = 5
#: Matches counted per kind; beyond it the count reads "200+" (exact counts of a common word
#: would read every matching row).
COUNT_CAP = 200
#: Ids read first for a common word's newest matches, doubled up to ``NEWEST_STEPS`` times.
NEWEST_WINDOW = 500
NEWEST_STEPS = 8
#: Characters of context either side of the first match in a long text.
SNIPPET_CONTEXT = 40

MSG_EMPTY = _("Enter a word, a title or a name to search for.")
MSG_TOO_LONG = _("A search is at most %(limit)s characters long; this one has %(length)s.")
MSG_TOO_MANY_WORDS = _("Search for at most %(limit)s words at once.")
MSG_TOO_SHORT = _("Enter at least two letters or digits – or one Chinese character – per word.")
MSG_NO_LETTERS = _("Punctuation alone is not searched: add letters, digits or Chinese characters.")


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]


def _is_cjk(character: str) -> bool:
    return unicodedata.category(character) == "Lo"


def _is_wordlike(character: str) -> bool:
    return unicodedata.category(character)[0] in "LN"


def parse_query(raw: str | None) -> Query:
    """The query typed into the search box, or a ``ValidationError`` saying what to change."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(MSG_EMPTY, code="empty")
    if len(text) > SEARCH_TERM_MAX_LENGTH:
        raise ValidationError(
            MSG_TOO_LONG, code="too_long", params={"limit": SEARCH_TERM_MAX_LENGTH, "length": len(text)}
        )
    words = tuple(dict.fromkeys(text.split()))
    if len(words) > SEARCH_WORDS_MAX_COUNT:
        raise ValidationError(MSG_TOO_MANY_WORDS, code="too_many_words", params={"limit": SEARCH_WORDS_MAX_COUNT})
    searched = tuple(word for word in words if any(_is_wordlike(c) for c in word))
    if not searched:
        raise ValidationError(MSG_NO_LETTERS, code="no_letters")
    if any(len(word) == 1 and not _is_cjk(word) for word in searched):
        raise ValidationError(MSG_TOO_SHORT, code="too_short")
    return Query(text=" ".join(words), words=searched)


@dataclass(frozen=True)
class Kind:
    """One kind of record in the results. ``rows(user)`` is what the user may see of it (the list
    page's selector); ``field`` the text searched; ``date`` the field of "recent"; ``url(obj)``
    its detail page; ``title(obj)`` the link's text (default: the searched text, shortened around
    the match); ``context(obj)`` a line under it; ``more`` the list page's url name, if it takes
    ``?q=``."""

    key: str
    label: Any
    order: int
    rows: Callable[[Any], QuerySet]
    field: str
    date: str
    url: Callable[[Any], str]
    context: Callable[[Any], str]
    title: Callable[[Any], str] | None = None
    more: str | None = None


@dataclass
class Hit:
    title: str
    snippet: str
    url: str
    context: str
    rank: int


@dataclass
class Group:
    kind: Kind
    hits: list[Hit] = field(default_factory=list)
    count: int = 0

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def count_label(self) -> str:
        return f"{COUNT_CAP}+" if self.is_capped else str(self.count)

    @property
    def best_rank(self) -> int:
        return min((hit.rank for hit in self.hits), default=3)


_kinds: dict[str, Kind] = {}
_discovered = False


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    global _discovered
    if not _discovered:
        autodiscover_modules("site_search")
        _discovered = True
    return sorted(_kinds.values(), key=lambda kind: kind.order)


def _rank(kind: Kind, query: Query) -> Case:
    return Case(
        When(**{f"{kind.field}__iexact": query.text}, then=Value(0)),
        When(**{f"{kind.field}__istartswith": query.text}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def _recent_key(row: tuple[int, int, Any]) -> tuple:
    pk, rank, date = row
    if isinstance(date, str):  # people: by name
        return (rank, date, -pk)
    if isinstance(date, datetime.datetime):
        stamp = date.timestamp()
    elif isinstance(date, datetime.date):
        stamp = datetime.datetime.combine(date, datetime.time.min).timestamp()
    else:
        stamp = float("-inf")
    return (rank, -stamp, -pk)


def _newest(kind: Kind, ranked: QuerySet) -> list[tuple]:
    """A common word's newest matches: the matches among the newest ``NEWEST_WINDOW`` ids, then
    twice as many, and so on (``NEWEST_STEPS`` times). Each step is bounded by its id range,
    however common the word – asked for "newest first" over the whole table, PostgreSQL
    underestimates how many rows match and reads and sorts all of them (seconds for minutes)."""
    highest = ranked.model.objects.aggregate(highest=Max("pk"))["highest"] or 0
    window, found = NEWEST_WINDOW, []
    for _step in range(NEWEST_STEPS):
        found = list(ranked.filter(pk__gt=highest - window))
        if len(found) >= HITS_PER_KIND or window > highest:
            break
        window *= 2
    return found


def search_kind(kind: Kind, user, query: Query) -> Group:
    visible = kind.rows(user).order_by()
    matching = visible
    for word in query.words:
        matching = containing(matching, kind.field, word)
    ranked = matching.annotate(search_rank=_rank(kind, query)).values_list("pk", "search_rank", kind.date)
    found = list(ranked[: COUNT_CAP + 1])
    if len(found) > COUNT_CAP:
        found = _newest(kind, ranked) or found
        count = COUNT_CAP + 1
    else:
        count = len(found)
    top = sorted(found, key=_recent_key)[:HITS_PER_KIND]
    group = Group(kind=kind, count=count)
    if not top:
        return group
    objects = kind.rows(user).in_bulk([pk for pk, _rank_, _date in top])
    for pk, rank, _date in top:
        obj = objects.get(pk)
        if obj is None:  # changed between the two reads
            continue
        text = getattr(obj, kind.field)
        group.hits.append(
            Hit(
                title=kind.title(obj) if kind.title else snippet(text, query.words),
                snippet=snippet(text, query.words) if kind.title else "",
                url=kind.url(obj),
                context=kind.context(obj),
                rank=rank,
            )
        )
    return group


def search(user, query: Query) -> list[Group]:
    """Every kind's group for ``query`` as ``user`` sees it, kinds with an exact match first."""
    groups = [search_kind(kind, user, query) for kind in kinds()]
    return sorted(groups, key=lambda group: (group.best_rank > 0, group.kind.order))


def _pattern(words) -> re.Pattern:
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in alternatives), re.IGNORECASE)


def snippet(text: str, words, context: int = SNIPPET_CONTEXT) -> str:
    """``text`` on one line, shortened to ``context`` characters either side of the first match."""
    text = " ".join(str(text).split())
    match = _pattern(words).search(text) if words else None
    start = max(0, match.start() - context) if match else 0
    end = min(len(text), (match.end() if match else 0) + context + (0 if match else context))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def marked_parts(text: str, words) -> list[tuple[str, bool]]:
    """``text`` cut into (part, is_match) – the matches of any word, case-insensitive, literal."""
    if not words:
        return [(text, False)]
    parts, last = [], 0
    for match in _pattern(words).finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], False))
        parts.append((match.group(), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def _register_people() -> None:
    from django.urls import reverse

    from .selectors import visible_people

    register(
        Kind(
            key="people",
            label=_("People"),
            order=80,
            rows=visible_people,
            field="name",
            date="name",
            url=lambda person: reverse("person_detail", args=[person.pk]),
            context=lambda person: person.position,
        )
    )


_register_people()
