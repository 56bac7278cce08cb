"""``make run``'s database in one process: migrate, then every app's demo, each phase timed.

The demo commands are named, not imported, so ``committees`` still imports no upper app. Each is
idempotent: on a database that has the demo already, this takes a few seconds.
"""

from __future__ import annotations

import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

#: In dependency order: the committees and logins first, then what each app adds.
DEMO_COMMANDS = (
    "seed_demo",
    "seed_reporting_demo",
    "seed_demo_meetings",
    "seed_democratic_life_demo",
    "seed_supervision_demo",
    "seed_evaluation_demo",
)


class Command(BaseCommand):
    help = "Migrate and load the demo data of every app, printing how long each phase took."

    def handle(self, *args, **options):
        phases = []
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        phases.append(("migrate", time.monotonic() - started))
        for name in DEMO_COMMANDS:
            began = time.monotonic()
            out = io.StringIO()
            call_command(name, stdout=out)
            phases.append((name, time.monotonic() - began))
            if name == "seed_demo":  # the logins: show them
                self.stdout.write(out.getvalue().rstrip())
        self.stdout.write("Demo database ready: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases))
