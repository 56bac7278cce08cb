"""Demo democratic life meetings (DL-1..DL-4) – after seed_demo_meetings; idempotent."""

from django.core.management.base import BaseCommand

from meetings.democratic_life import demo


class Command(BaseCommand):
    help = "Demo democratic life meetings (run after seed_demo_meetings; idempotent)."

    def handle(self, *args, **options):
        for line in demo.seed():
            self.stdout.write(line)
