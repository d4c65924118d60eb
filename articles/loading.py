"""Load the curated content files into the database without ever undoing staff edits.

Each row keeps ``content_hash``: the fingerprint of the values it got from its file. On a
later run a row is

- created when it is missing (articles are published at once);
- left alone ("unchanged") when its file gives the same values as last time;
- updated when its file changed and the row still holds exactly what was loaded last time;
- kept when its current values differ from what was loaded: staff edited it in the admin.

Status and publish date are never part of the comparison: publishing or hiding an article
in the admin is not a content edit, and the loader never changes them after creation.

Rows are matched on ``source_key`` (the file's name when the row was first loaded), never on
the slug: staff may rename an article, a topic or a glossary term and it is still the same
row. Loaded articles are published as checked by the content editors (not a clinician);
with ``BACKHEALTH_REQUIRE_CLINICAL_APPROVAL`` they wait, submitted for review, and a changed
file becomes a pending change for a clinical reviewer instead of going live.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from articles import contentfiles, figures, workflow
from articles.models import (
    Approval,
    Article,
    CareCard,
    Category,
    Source,
    Status,
    Term,
    rerender_articles,
)
from articles.review import Action
from articles.signals import rerender_suspended

LOADED_COMMENT = "Loaded from the repository files (load_content)."


@dataclass
class Tally:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # staff edited: never overwritten
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def line(self, name: str) -> str:
        return (
            f"{name}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.kept)} kept because staff edited them, {len(self.unchanged)} unchanged"
        )


@dataclass
class Report:
    categories: Tally = field(default_factory=Tally)
    articles: Tally = field(default_factory=Tally)
    terms: Tally = field(default_factory=Tally)
    warnings: list[str] = field(default_factory=list)
    rerendered: int = 0

    def lines(self) -> list[str]:
        lines = [
            self.categories.line("Categories"),
            self.articles.line("Articles"),
            self.terms.line("Glossary terms"),
        ]
        if self.rerendered:
            lines.append(f"Article pages rendered again: {self.rerendered}")
        return lines


def digest(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(value) -> str:
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


def _with_group(values: dict, group: str) -> dict:
    # Only a group other than the default is part of the fingerprint, so rows loaded before
    # the field existed still match their files (and are not taken for staff edits).
    if group != contentfiles.DEFAULT_GROUP:
        values["group"] = group
    return values


def article_values_from_file(article: contentfiles.ArticleFile, known: set[str]) -> dict:
    group = article.meta.get("group") or contentfiles.DEFAULT_GROUP
    return _with_group(_article_values_from_file(article, known), group)


def article_values_from_row(row: Article) -> dict:
    return _with_group(_article_values_from_row(row), row.group)


def _article_values_from_file(article: contentfiles.ArticleFile, known: set[str]) -> dict:
    m = article.meta
    return {
        "title": _text(m["title"]),
        "category": m["category"],
        "order": int(m.get("order") or 0),
        "summary": _text(m["summary"]),
        "key_points": [_text(p) for p in m["key_points"] if _text(p)],
        "body": _text(article.body),
        "care": [[level, items] for level, items in contentfiles.care_cards(m)],
        "explains": sorted(m.get("explains") or []),
        # Only slugs that can be linked: a missing one is reported, not stored.
        "related": sorted({s for s in m.get("related") or [] if s in known and s != article.slug}),
        "reviewer_name": _text(m["reviewer_name"]),
        "reviewer_role": _text(m["reviewer_role"]),
        "last_reviewed": m["last_reviewed"].isoformat(),
        "next_review_due": m["next_review_due"].isoformat(),
        "sources": [
            [_text(s["publisher"]), _text(s["title"]), int(s["year"]), _text(s["url"])]
            for s in m["sources"]
        ],
    }


def _article_values_from_row(row: Article) -> dict:
    return {
        "title": _text(row.title),
        "category": row.category.slug,
        "order": row.order,
        "summary": _text(row.summary),
        "key_points": row.key_point_list,
        "body": _text(row.body),
        "care": [[card.level, card.trigger_lines] for card in row.care_card_list],
        "explains": sorted(row.explains or []),
        "related": sorted(a.source_key or a.slug for a in row.related.all()),
        "reviewer_name": _text(row.reviewer_name),
        "reviewer_role": _text(row.reviewer_role),
        "last_reviewed": row.last_reviewed.isoformat(),
        "next_review_due": row.next_review_due.isoformat(),
        "sources": [[s.publisher, s.title, s.year, s.url] for s in row.sources.all()],
    }


def term_values_from_file(term: dict, article_slugs: set[str]) -> dict:
    article = term.get("article")
    return {
        "term": _text(term["term"]),
        "definition": _text(term["definition"]),
        "synonyms": [_text(s) for s in term.get("synonyms") or [] if _text(s)],
        "article": article if article in article_slugs else None,
    }


def term_values_from_row(row: Term) -> dict:
    return {
        "term": _text(row.term),
        "definition": _text(row.definition),
        "synonyms": row.synonym_list,
        "article": (row.article.source_key or row.article.slug) if row.article_id else None,
    }


def _decide(tally: Tally, key: str, row, file_hash: str, row_values: dict | None) -> str:
    """'create', 'update' or 'skip'; records the outcome in the tally."""
    if row is None:
        tally.created.append(key)
        return "create"
    if digest(row_values) != row.content_hash:
        tally.kept.append(key)
        return "skip"
    if file_hash == row.content_hash:
        tally.unchanged.append(key)
        return "skip"
    tally.updated.append(key)
    return "update"


class _Index:
    """Finds the row loaded from a key: by its repository key, else (no key yet) by slug."""

    def __init__(self, rows):
        self.by_key = {r.source_key: r for r in rows if r.source_key}
        self.by_slug = {r.slug: r for r in rows if not r.source_key}

    def __call__(self, key: str):
        return self.by_key.get(key) or self.by_slug.get(key)


def _load_categories(report: Report) -> dict[str, Category]:
    match = _Index(Category.objects.all())
    existing = {}
    for slug, (name, order, description) in contentfiles.CATEGORIES.items():
        row = match(slug)
        if row is not None:
            # Staff may rename a topic or rewrite its description: never overwritten.
            if row.source_key is None:
                row.source_key = slug
                row.save(update_fields=["source_key"])
            existing[slug] = row
            report.categories.unchanged.append(slug)
            continue
        existing[slug] = Category.objects.create(
            slug=slug, name=name, order=order, description=description, source_key=slug
        )
        report.categories.created.append(slug)
    return existing


def _apply_article(row: Article, values: dict, categories: dict[str, Category]) -> None:
    row.title = values["title"]
    row.category = categories[values["category"]]
    row.order = values["order"]
    row.group = values.get("group", contentfiles.DEFAULT_GROUP)
    row.summary = values["summary"]
    row.key_points = "\n".join(values["key_points"])
    row.body = values["body"]
    row.explains = values["explains"]
    row.reviewer_name = values["reviewer_name"]
    row.reviewer_role = values["reviewer_role"]
    row.last_reviewed = datetime.date.fromisoformat(values["last_reviewed"])
    row.next_review_due = datetime.date.fromisoformat(values["next_review_due"])


def _load_articles(
    report: Report, content_dir: Path, categories: dict[str, Category]
) -> dict[str, Article]:
    files = []
    for article in contentfiles.article_files(content_dir):
        if article.errors:
            report.warnings.append(f"{article.path.name} skipped: {'; '.join(article.errors)}")
        elif article.meta["category"] not in categories:
            report.warnings.append(f"{article.path.name} skipped: unknown category")
        else:
            files.append(article)
    all_rows = list(
        Article.objects.live()
        .select_related("category")
        .prefetch_related(
            "sources",
            "care_cards",
            Prefetch("related", queryset=Article.objects.only("slug", "source_key")),
        )
    )
    rows: dict[str, Article] = {}  # by repository key
    match = _Index(all_rows)
    for article in files:
        row = match(article.slug)
        if row is not None:
            rows[article.slug] = row
    known = {f.slug for f in files} | {r.source_key or r.slug for r in all_rows}
    glossary = Term.objects.glossary_entries()
    now = timezone.now()
    clinical_only = settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL
    related_todo: dict[str, list[str]] = {}
    targets: dict[str, Article] = {}
    for article in files:
        # A figure that names no diagram and no library image would be left out.
        report.warnings += [f"{article.slug}: {p}" for p in figures.problems(article.body)]
        values = article_values_from_file(article, known)
        file_hash = digest(values)
        row = rows.get(article.slug)
        row_values = article_values_from_row(row) if row is not None else None
        action = _decide(report.articles, article.slug, row, file_hash, row_values)
        if action == "skip":
            if row is not None and row.source_key is None:
                Article.objects.filter(pk=row.pk).update(source_key=article.slug)
            continue
        if row is None:
            row = Article(
                slug=article.slug,
                source_key=article.slug,
                status=Status.SUBMITTED if clinical_only else Status.PUBLISHED,
                publish_date=None if clinical_only else now,
                approval=Approval.NONE if clinical_only else Approval.EDITORIAL,
            )
            rows[article.slug] = row
            target = row
        elif clinical_only and row.status == Status.PUBLISHED:
            # The public keeps the live version until a clinical reviewer approves the file's.
            if workflow.pending(row) is not None:
                report.articles.updated.remove(article.slug)
                report.articles.kept.append(article.slug)
                continue
            target, _ = workflow.start_pending(row)
            target.status = Status.SUBMITTED
        else:
            target = row
        row.source_key = article.slug
        _apply_article(target, values, categories)
        row.content_hash = file_hash
        if target is not row:
            row.save(glossary=glossary)
        target.save(glossary=glossary)
        target.sources.all().delete()
        Source.objects.bulk_create(
            Source(article=target, order=i, publisher=p, title=t, year=y, url=u)
            for i, (p, t, y, u) in enumerate(values["sources"], start=1)
        )
        target.care_cards.all().delete()
        CareCard.objects.bulk_create(
            CareCard(article=target, level=level, triggers="\n".join(items))
            for level, items in values["care"]
        )
        related_todo[article.slug] = values["related"]
        targets[article.slug] = target
        workflow.record(
            row,
            Action.SUBMITTED if clinical_only else Action.LOADED,
            comment=LOADED_COMMENT,
        )
        missing = sorted(set(article.meta.get("related") or []) - known)
        if missing:
            report.warnings.append(f"{article.slug}: related articles not found: {missing}")
    by_key = {r.source_key or r.slug: r for r in all_rows} | rows
    for key, related in related_todo.items():
        targets[key].related.set([by_key[s] for s in related if s in by_key])
        # The revision holds the article as it now is, with its sources and related links.
        reversion.add_to_revision(targets[key])
    return rows


def _load_terms(report: Report, glossary_file: Path, articles: dict[str, Article]) -> None:
    terms = contentfiles.glossary_terms(glossary_file)
    problems = contentfiles.validate_glossary(terms, set(articles))
    if problems:
        report.warnings += [f"glossary: {p}" for p in problems]
    match = _Index(Term.objects.select_related("article"))
    seen = set()
    for term in terms:
        slug = term.get("slug") if isinstance(term, dict) else None
        if not slug or slug in seen or not term.get("term") or not term.get("definition"):
            continue
        seen.add(slug)
        values = term_values_from_file(term, set(articles))
        file_hash = digest(values)
        row = match(slug)
        row_values = term_values_from_row(row) if row is not None else None
        if _decide(report.terms, slug, row, file_hash, row_values) == "skip":
            if row is not None and row.source_key is None:
                Term.objects.filter(pk=row.pk).update(source_key=slug)
            continue
        row = row or Term(slug=slug)
        row.source_key = slug
        row.term = values["term"]
        row.definition = values["definition"]
        row.synonyms = ", ".join(values["synonyms"])
        row.article = articles.get(values["article"]) if values["article"] else None
        row.content_hash = file_hash
        row.save()


def load_content(content_dir: Path = contentfiles.CONTENT_DIR) -> Report:
    """Load categories, article files and the glossary from ``content_dir``."""
    content_dir = Path(content_dir)
    report = Report()
    with transaction.atomic(), rerender_suspended(), reversion.create_revision():
        reversion.set_comment(LOADED_COMMENT)
        categories = _load_categories(report)
        articles = _load_articles(report, content_dir, categories)
        _load_terms(report, content_dir / "glossary.yaml", articles)
        # Glossary links are part of each body, and a deploy may bring a new renderer:
        # render every body again and store the ones that come out different.
        report.rerendered = rerender_articles()
    return report
