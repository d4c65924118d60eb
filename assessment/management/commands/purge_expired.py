"""Delete expired assessment results and expired sessions (run it daily from cron or systemd)."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assessment.models import AssessmentResult


class Command(BaseCommand):
    help = "Delete assessment results past their expiry date, and expired sessions."

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            results, _ = AssessmentResult.objects.expired(now).delete()
        sessions = None
        if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
            sessions = Session.objects.filter(expire_date__lt=now).count()
        call_command("clearsessions")
        self.stdout.write(f"Deleted {results} expired result(s).")
        if sessions is None:
            self.stdout.write("Cleared expired sessions.")
        else:
            self.stdout.write(f"Deleted {sessions} expired session(s).")
