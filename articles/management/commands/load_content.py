from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the curated articles (placeholder until the article library lands)."

    def handle(self, *args, **options):
        self.stdout.write("No curated content to load yet.")
