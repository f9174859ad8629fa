"""`python manage.py demo_data`: load the demo data set (idempotent) and show the demo logins.

`make run` calls it on every start, so a newcomer sees the logins; a second run creates nothing.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pmis.demo.builder import demo_data_build


class Command(BaseCommand):
    help = "Create the demo data set (state bodies, people for every role, a national hierarchy); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not list the demo logins.")
        parser.add_argument(
            "--force", action="store_true", help="Run even with production settings (creates admin/admin)."
        )

    def handle(self, *args, quiet: bool = False, force: bool = False, **options):
        # The demo has well-known passwords; a production database must not get them by accident.
        if settings.SETTINGS_MODULE and settings.SETTINGS_MODULE.endswith(".production") and not force:
            raise CommandError(
                _(
                    "The demo data has well-known passwords; refusing to load it with production settings. "
                    "Pass --force if you really mean it."
                )
            )
        started = time.monotonic()
        result = demo_data_build()
        created = sum(result.created.values())
        self.stdout.write(
            _("Demo data ready in %(seconds).1f s; %(created)s records created by this run.")
            % {"created": created, "seconds": time.monotonic() - started}
        )
        for model, count in result.counts.items():
            self.stdout.write(
                _("  %(level)s: %(count)s (+%(new)s)")
                % {
                    "level": capfirst(model._meta.verbose_name_plural),
                    "count": count,
                    "new": result.created[model],
                }
            )
        if quiet:
            return
        self.stdout.write(_("Demo logins (username / password):"))
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            self.stdout.write(
                f"  {login.username:<{width}} / {login.password:<5}  {login.full_name} — {login.role}"
            )
