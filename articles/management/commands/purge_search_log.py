"""Delete zero-result search counts older than the retention period (run it daily)."""

from django.core.management.base import BaseCommand

from articles import searchlog


class Command(BaseCommand):
    help = "Delete zero-result search counts older than the retention period (default 90 days)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=searchlog.RETENTION_DAYS,
            help="Keep this many days of counts (default %(default)s).",
        )

    def handle(self, *args, days, **options):
        deleted = searchlog.purge(days)
        self.stdout.write(f"Zero-result search counts deleted: {deleted}")
