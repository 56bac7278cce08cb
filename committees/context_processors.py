from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import navigation
from .calendar import years_without_schedule

#: Where a view declares the years its dates fall in (``shows_years``).
YEARS_ATTRIBUTE = "_calendar_years_shown"


def shows_years(request, years) -> None:
    """A view declares the years of the dates it shows (a meeting's day, the due dates of a list):
    the calendar banner then warns everyone about those of them without an official schedule, as
    working days there are counted Monday to Friday only."""
    shown = getattr(request, YEARS_ATTRIBUTE, set())
    shown.update(year for year in years if year)
    setattr(request, YEARS_ATTRIBUTE, shown)


def can_enter_calendar(user) -> bool:
    """Who can act on the banner: administrators allowed to enter holidays and working weekends."""
    return user.is_staff and user.has_perm("committees.add_workdayoverride")


def calendar_warnings(request):
    """Years without an official holiday schedule. Administrators (who can enter it) are warned on
    every page about the years in use (this year; next year from October); everyone else only on
    pages whose dates fall in such a year (``shows_years``)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    years = set(getattr(request, YEARS_ATTRIBUTE, ()))
    if can_enter_calendar(request.user):
        today = timezone.localdate()
        years |= {today.year} | ({today.year + 1} if today.month >= 10 else set())
    return {
        "years_without_schedule": years_without_schedule(years) if years else [],
        "can_enter_calendar": can_enter_calendar(request.user),
    }


def main_navigation(request):
    """The header's groups, links and to-do counts (``committees.navigation``), computed only when
    a template draws the header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"navigation": SimpleLazyObject(lambda: navigation.for_request(request))}
