from pathlib import Path

from django.core.management.base import BaseCommand

from articles.contentfiles import CONTENT_DIR
from articles.loading import load_content


class Command(BaseCommand):
    help = (
        "Load the curated articles and glossary from articles/content/. Creates what is "
        "missing, refreshes untouched rows whose file changed, never overwrites staff edits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=CONTENT_DIR,
            help="Folder with <category>/<slug>.md files and glossary.yaml (default: %(default)s)",
        )

    def handle(self, *args, content_dir, **options):
        report = load_content(content_dir)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
        if options["verbosity"] > 1:
            for slug in report.articles.kept + report.terms.kept:
                self.stdout.write(f"  kept (edited in the admin): {slug}")
