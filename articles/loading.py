"""Load the curated content files into the database without ever undoing staff edits.

Each row keeps ``content_hash``: the fingerprint of the values it got from its file. On a
later run a row is

- created when it is missing (articles are published at once);
- left alone ("unchanged") when its file gives the same values as last time;
- updated when its file changed and the row still holds exactly what was loaded last time;
- kept when its current values differ from what was loaded: staff edited it in the admin.

Status and publish date are never part of the comparison: publishing or hiding an article
in the admin is not a content edit, and the loader never changes them after creation.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from articles import contentfiles
from articles.models import Article, Category, Source, Status, Term, rerender_articles
from articles.signals import rerender_suspended


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
        "care_level": m["care_level"],
        "care_text": _text(m["care_text"]),
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
        "care_level": row.care_level,
        "care_text": _text(row.care_text),
        "explains": sorted(row.explains or []),
        "related": sorted(a.slug for a in row.related.all()),
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
        "article": row.article.slug if row.article_id else None,
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


def _load_categories(report: Report) -> dict[str, Category]:
    existing = {c.slug: c for c in Category.objects.all()}
    for slug, (name, order, description) in contentfiles.CATEGORIES.items():
        if slug in existing:
            # Staff may rename a topic or rewrite its description: never overwritten.
            report.categories.unchanged.append(slug)
            continue
        existing[slug] = Category.objects.create(
            slug=slug, name=name, order=order, description=description
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
    row.care_level = values["care_level"]
    row.care_text = values["care_text"]
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
    rows = {
        a.slug: a
        for a in Article.objects.select_related("category").prefetch_related(
            "sources", Prefetch("related", queryset=Article.objects.only("slug"))
        )
    }
    known = {f.slug for f in files} | set(rows)
    # A loaded article that staff gave a new slug still carries its load fingerprint.
    by_hash = {row.content_hash: row for row in rows.values() if row.content_hash}
    glossary = Term.objects.glossary_entries()
    now = timezone.now()
    related_todo: dict[str, list[str]] = {}
    for article in files:
        values = article_values_from_file(article, known)
        file_hash = digest(values)
        row = rows.get(article.slug)
        if row is None and file_hash in by_hash:
            report.articles.kept.append(article.slug)  # renamed in the admin: not a new one
            continue
        row_values = article_values_from_row(row) if row is not None else None
        action = _decide(report.articles, article.slug, row, file_hash, row_values)
        if action == "skip":
            continue
        if row is None:
            row = Article(slug=article.slug, status=Status.PUBLISHED, publish_date=now)
            rows[article.slug] = row
        _apply_article(row, values, categories)
        row.content_hash = file_hash
        row.save(glossary=glossary)
        row.sources.all().delete()
        Source.objects.bulk_create(
            Source(article=row, order=i, publisher=p, title=t, year=y, url=u)
            for i, (p, t, y, u) in enumerate(values["sources"], start=1)
        )
        related_todo[article.slug] = values["related"]
        missing = sorted(set(article.meta.get("related") or []) - known)
        if missing:
            report.warnings.append(f"{article.slug}: related articles not found: {missing}")
    for slug, related in related_todo.items():
        rows[slug].related.set([rows[s] for s in related])
        # The revision holds the article as it now is, with its sources and related links.
        reversion.add_to_revision(rows[slug])
    return rows


def _load_terms(report: Report, glossary_file: Path, articles: dict[str, Article]) -> None:
    terms = contentfiles.glossary_terms(glossary_file)
    problems = contentfiles.validate_glossary(terms, set(articles))
    if problems:
        report.warnings += [f"glossary: {p}" for p in problems]
    rows = {t.slug: t for t in Term.objects.select_related("article")}
    seen = set()
    for term in terms:
        slug = term.get("slug") if isinstance(term, dict) else None
        if not slug or slug in seen or not term.get("term") or not term.get("definition"):
            continue
        seen.add(slug)
        values = term_values_from_file(term, set(articles))
        file_hash = digest(values)
        row = rows.get(slug)
        row_values = term_values_from_row(row) if row is not None else None
        if _decide(report.terms, slug, row, file_hash, row_values) == "skip":
            continue
        row = row or Term(slug=slug)
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
        reversion.set_comment("Loaded from the repository files (load_content).")
        categories = _load_categories(report)
        articles = _load_articles(report, content_dir, categories)
        _load_terms(report, content_dir / "glossary.yaml", articles)
        # Glossary links are part of each body, and a deploy may bring a new renderer:
        # render every body again and store the ones that come out different.
        report.rerendered = rerender_articles()
    return report
