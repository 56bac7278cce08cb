from django.core.management.base import BaseCommand

from committees.calendar import import_official_calendar


class Command(BaseCommand):
    help = "Import official holidays and adjusted working days from the chinesecalendar package."

    def handle(self, *args, **options):
        written = import_official_calendar()
        self.stdout.write(self.style.SUCCESS(f"{written} dates imported; entries edited by hand were kept."))
