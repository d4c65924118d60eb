"""Care advice by level: up to four care cards per article, one per tier.

Creates ``CareCard`` and converts each article's single card (``care_level`` + ``care_text``)
into one card: immediate → emergency, urgent → urgent, non_urgent → routine, the text split
into one trigger per line (a line per sentence). The old fields go in the next migration.

An article that nobody edited since ``load_content`` loaded it gets the fingerprint of its new
values, so the next ``load_content`` still updates it from its file (the file's new cards
replace the converted one); an article that staff edited stays theirs.
"""

import hashlib
import json
import re

import django.db.models.deletion
from django.db import migrations, models

LEVELS = {"immediate": "emergency", "urgent": "urgent", "non_urgent": "routine"}
ORDER = ("emergency", "urgent", "soon", "routine")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9])")


def split_lines(text: str) -> list[str]:
    """One trigger per line: each line, then each sentence of a line."""
    lines = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = " ".join(sentence.split()).rstrip(";").strip()
            if sentence:
                lines.append(sentence)
    return lines


def _joined_paragraph_lines(text: str) -> str:
    # Hard-wrapped paragraphs (a line break mid-sentence) become one line per paragraph.
    paragraphs = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    out = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        joined, current = [], ""
        for line in lines:
            current = f"{current} {line}".strip()
            if current.endswith((".", "!", "?", ";", ":")):
                joined.append(current)
                current = ""
        if current:
            joined.append(current)
        out += joined
    return "\n".join(out)


# --- The loader's fingerprint, frozen as it was before and after this migration -----------


def _digest(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(value) -> str:
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


def _values(article, Source, care) -> dict:
    values = {
        "title": _text(article.title),
        "category": article.category.slug,
        "order": article.order,
        "summary": _text(article.summary),
        "key_points": [ln.strip() for ln in article.key_points.splitlines() if ln.strip()],
        "body": _text(article.body),
        "explains": sorted(article.explains or []),
        "related": sorted(a.slug for a in article.related.all()),
        "reviewer_name": _text(article.reviewer_name),
        "reviewer_role": _text(article.reviewer_role),
        "last_reviewed": article.last_reviewed.isoformat(),
        "next_review_due": article.next_review_due.isoformat(),
        "sources": [
            [s.publisher, s.title, s.year, s.url]
            for s in Source.objects.filter(article=article).order_by("order", "pk")
        ],
    }
    values.update(care)
    return values


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    CareCard = apps.get_model("articles", "CareCard")
    Source = apps.get_model("articles", "Source")
    for article in Article.objects.select_related("category"):
        level = LEVELS.get(article.care_level, "routine")
        lines = split_lines(_joined_paragraph_lines(article.care_text))
        if lines:
            CareCard.objects.create(article=article, level=level, triggers="\n".join(lines))
        if not article.content_hash:
            continue
        old = _values(
            article,
            Source,
            {"care_level": article.care_level, "care_text": _text(article.care_text)},
        )
        if _digest(old) != article.content_hash:
            continue  # staff edited it: it stays theirs
        new = _values(article, Source, {"care": [[level, lines]] if lines else []})
        article.content_hash = _digest(new)
        article.save(update_fields=["content_hash"])


def backwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    CareCard = apps.get_model("articles", "CareCard")
    back = {new: old for old, new in LEVELS.items()}
    back["soon"] = "urgent"
    for article in Article.objects.all():
        cards = sorted(
            CareCard.objects.filter(article=article), key=lambda c: ORDER.index(c.level)
        )
        if cards:
            article.care_level = back[cards[0].level]
            article.care_text = "\n\n".join(card.triggers for card in cards)
            article.save(update_fields=["care_level", "care_text"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_shared_cache_table")]

    operations = [
        migrations.CreateModel(
            name="CareCard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("emergency", "Emergency: go now"),
                            ("urgent", "Urgent: get help today"),
                            ("soon", "Soon: see a doctor within a week"),
                            ("routine", "Book an appointment"),
                        ],
                        help_text="How soon to get help. The card shows this label in words.",
                        max_length=20,
                        verbose_name="level",
                    ),
                ),
                (
                    "triggers",
                    models.TextField(
                        help_text=(
                            "One trigger per line, each a plain sentence (shown as a bulleted "
                            "list). On the emergency card, a line that says only WARNING_SIGNS "
                            "lists every emergency warning sign. Write EMERGENCY_NUMBER, "
                            "HEALTH_LINE or CRISIS_LINE for a phone number. Never put advice "
                            "of another level on this card."
                        ),
                        verbose_name="when to get help at this level",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="care_cards",
                        to="articles.article",
                    ),
                ),
            ],
            options={"verbose_name": "care card", "verbose_name_plural": "care cards"},
        ),
        migrations.AddConstraint(
            model_name="carecard",
            constraint=models.UniqueConstraint(
                fields=("article", "level"), name="articles_carecard_one_per_level"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
