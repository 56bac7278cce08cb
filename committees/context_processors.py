from django.utils import timezone

from .calendar import years_without_schedule


def calendar_warnings(request):
    """Years in use (this year; next year from October) that have no official holiday schedule."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    today = timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    return {"years_without_schedule": years_without_schedule(years)}
