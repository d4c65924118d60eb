"""Roles (Editors, Clinical reviewers), repository keys for loaded rows, editorial pages."""

from pathlib import Path

import yaml
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F
from django.utils import timezone

from articles.contentfiles import CATEGORIES, FRONT_MATTER
from articles.markdown import render

EDITORIAL_DIR = Path(__file__).resolve().parents[1] / "editorial"
PAGE_KEYS = ["about", "editorial-policy", "privacy", "accessibility", "contact"]

EDITOR_PERMS = [
    "add_article", "change_article", "view_article",
    "add_source", "change_source", "delete_source", "view_source",
    "add_term", "change_term", "view_term",
    "change_category", "view_category",
    "add_page", "change_page", "view_page",
    "change_clinicsettings", "view_clinicsettings",
    "view_staffprofile", "view_workflowevent",
]  # fmt: skip
REVIEWER_PERMS = [*EDITOR_PERMS, "approve_article", "approve_page"]


def roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    config = apps.get_app_config("articles")
    if not getattr(config, "models_module", None):  # the historical registry has none
        config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", EDITOR_PERMS), ("Clinical reviewers", REVIEWER_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        assert perms.count() == len(codenames), sorted(set(codenames) - {p.codename for p in perms})
        group.permissions.add(*perms)


def keys_and_approval(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Category = apps.get_model("articles", "Category")
    Term = apps.get_model("articles", "Term")
    # Rows made by load_content carry a fingerprint: their key is their slug as loaded.
    for model in (Article, Term):
        for row in model.objects.exclude(content_hash="").filter(source_key=None):
            row.source_key = row.slug
            row.save(update_fields=["source_key"])
    Category.objects.filter(slug__in=list(CATEGORIES), source_key=None).update(
        source_key=F("slug")
    )
    Article.objects.exclude(content_hash="").filter(status="published", approval="").update(
        approval="editorial"
    )


def pages(apps, schema_editor):
    Page = apps.get_model("articles", "Page")
    today = timezone.localdate()
    for key in PAGE_KEYS:
        if Page.objects.filter(key=key).exists():
            continue
        match = FRONT_MATTER.match((EDITORIAL_DIR / f"{key}.md").read_text(encoding="utf-8"))
        meta, body = yaml.safe_load(match.group(1)), match.group(2).strip()
        Page.objects.create(
            key=key,
            title=meta["title"],
            summary=meta["summary"],
            body=body,
            body_html=render(body).html,
            status="published",
            publish_date=timezone.now(),
            approval="editorial",
            last_reviewed=today,
            next_review_due=today.replace(year=today.year + 1, day=min(today.day, 28)),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(roles, migrations.RunPython.noop),
        migrations.RunPython(keys_and_approval, migrations.RunPython.noop),
        migrations.RunPython(pages, migrations.RunPython.noop),
    ]
