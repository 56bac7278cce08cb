"""Demo talks, evaluations, year-end reports and town warnings (run after seed_demo)."""

from django.core.management.base import BaseCommand

from supervision.evaluation import demo


class Command(BaseCommand):
    help = "Load demo admonishment talks, democratic evaluations, year-end reports and A-10 records."

    def handle(self, *args, **options):
        self.stdout.write(demo.load())
