"""The article library: categories, articles (their queryset and re-rendering) and the glossary.

An article's care cards and sources live in :mod:`articles.articleparts`, the image library
in :mod:`articles.imagelibrary`; the workflow's models in :mod:`articles.review`, editorial
pages, the clinic's details and the search log in their own modules. All are imported here,
so Django registers them and ``from articles.models import ...`` finds every model.
"""

from __future__ import annotations

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import contentfiles
from articles.articleparts import CareCard, Source  # noqa: F401
from articles.glossarylinks import GlossaryEntry
from articles.imagelibrary import Image  # noqa: F401
from articles.markdown import render
from articles.review import Approval, Reviewed, StaffProfile, Status, WorkflowEvent  # noqa: F401
from clinical import vocabulary


class Group(models.TextChoices):
    """How a topic page groups its articles (the Causes topic: how often each cause is)."""

    COMMON = "common", _("Common causes")
    LESS_COMMON = "less_common", _("Less common causes")
    RARE_SERIOUS = "rare_serious", _("Rare but serious causes")


def validate_cause_slugs(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Choose the causes from the list."))
    unknown = sorted(set(value) - set(vocabulary.CAUSES))
    if unknown:
        raise ValidationError(
            _("Unknown cause: %(unknown)s"), params={"unknown": ", ".join(unknown)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each cause can be chosen only once."))


def source_key_field():
    return models.CharField(
        _("repository key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The file's name in the repository; load_content matches rows by it."),
    )


class Category(models.Model):
    slug = models.SlugField(unique=True, help_text=_("Part of the web address: /topics/<slug>/."))
    name = models.CharField(max_length=100, help_text=_("Shown in menus and as the page heading."))
    description = models.TextField(help_text=_("One or two plain sentences shown under the name."))
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Position in lists of topics (smaller numbers come first).")
    )
    source_key = source_key_field()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, with a publish date that has come.

        The one definition of "public": every view, the sitemap, search, the glossary and
        the assessment app go through it.
        """
        return self.filter(status=Status.PUBLISHED, publish_date__lte=timezone.now())

    def live(self):
        """Articles themselves, without the pending changes waiting for review."""
        return self.filter(pending_for__isnull=True)

    def scheduled(self):
        """Approved articles waiting for their publish time."""
        return self.filter(status=Status.PUBLISHED, publish_date__gt=timezone.now())

    def explaining(self, cause: str):
        """Articles whose ``explains`` list holds ``cause`` (works on SQLite and PostgreSQL)."""
        # The list is stored as JSON text such as ["sciatica"]; slugs contain no quotes.
        return self.filter(explains__icontains=f'"{cause}"')

    def explainers(self) -> dict[str, Article]:
        """Cause id -> the article (among these) that explains it, from one query.

        The only link from a possible cause to an article: editors set it in the admin
        ("explains"), so renaming an article's slug keeps every link. When two articles claim a
        cause, the first in the library's order wins.
        """
        found: dict[str, Article] = {}
        for article in self.exclude(explains=[]).only("slug", "title", "explains"):
            for cause in article.explains or ():
                found.setdefault(cause, article)
        return found


@reversion.register(follow=["sources", "care_cards"])
class Article(Reviewed):
    title = models.CharField(max_length=200, help_text=_("The page heading. Plain words first."))
    slug = models.SlugField(
        unique=True,
        max_length=100,
        help_text=_("Part of the web address: /articles/<slug>/. Changing it breaks old links."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("The topic this article is listed under."),
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Position within its topic (smaller numbers come first).")
    )
    group = models.CharField(
        max_length=20,
        choices=Group.choices,
        default=Group.COMMON,
        help_text=_(
            "Where the topic page lists this article. The Causes page groups its "
            "articles this way; a topic whose articles are all in one group shows a plain list."
        ),
    )
    summary = models.CharField(
        max_length=300,
        help_text=_(
            "One plain sentence that says what the page is about. "
            "Also used by search engines and in lists of articles."
        ),
    )
    key_points = models.TextField(
        help_text=_("The key points box: one short sentence per line."),
    )
    body = models.TextField(
        help_text=_(
            "The article in Markdown. Use ## for sections and ### below them. "
            "Do not add a title, a 'When to get help' or a 'Sources' section: "
            "they come from the other fields. Write EMERGENCY_NUMBER for the emergency number."
        ),
    )
    body_html = models.TextField(
        blank=True, editable=False, help_text=_("Made from the body when you save.")
    )
    body_toc = models.JSONField(
        default=list, blank=True, editable=False, help_text=_("Sections, made from the body.")
    )
    explains = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_cause_slugs],
        help_text=_(
            "The possible causes this article explains. The symptom check links to "
            "it for these causes. Each cause should be explained by one article only."
        ),
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        help_text=_("Other articles to suggest at the end of this one."),
    )
    reviewer_name = models.CharField(
        max_length=200, help_text=_("Who checked this article, for example a named clinician.")
    )
    reviewer_role = models.CharField(
        max_length=200, help_text=_("Their job, for example 'Physiotherapist'.")
    )
    last_reviewed = models.DateField(help_text=_("When the content was last checked."))
    next_review_due = models.DateField(help_text=_("When it must be checked again."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Only approved and published articles are shown to the public; staff can "
            "preview the others. Use the Review page to submit, approve or unpublish."
        ),
    )
    publish_date = models.DateTimeField(
        _("publish date"),
        null=True,
        blank=True,
        help_text=_("A published article goes live at this time. Leave empty for drafts."),
    )
    sources_checked = models.DateField(
        _("sources checked"),
        null=True,
        blank=True,
        help_text=_(
            "When someone last opened every source and checked it still says what the "
            "article claims."
        ),
    )
    source_key = source_key_field()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    reading_grade = models.FloatField(
        default=0,
        editable=False,
        help_text=_(
            "Flesch-Kincaid reading grade of the body, worked out when you save. "
            "Aim for 8 or lower."
        ),
    )
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the repository version last loaded (used by load_content)."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "title"]
        permissions = [("approve_article", _("Can approve and publish articles"))]

    def __str__(self):
        return self.title

    def save(self, *args, glossary: list[GlossaryEntry] | None = None, **kwargs):
        for name in ("summary", "key_points", "body"):
            # Browsers send CRLF from text areas; keep one line ending everywhere.
            setattr(self, name, getattr(self, name).replace("\r\n", "\n").strip())
        if self.status == Status.PUBLISHED and self.publish_date is None:
            self.publish_date = timezone.now()
        self.render_derived(glossary)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "body_toc",
                "reading_grade",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # A pending change has no address of its own: it will replace the live article.
        # (Lists load only a few fields: a deferred pending_for_id means a live article.)
        pending = "pending_for_id" not in self.get_deferred_fields() and self.pending_for_id
        return reverse("articles:detail", args=[self.pending_for.slug if pending else self.slug])

    def clean(self):
        super().clean()
        from articles import figures

        problems = figures.problems(self.body)
        if problems:
            raise ValidationError({"body": problems})

    @property
    def key_point_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    @property
    def care_card_list(self) -> list[CareCard]:
        """The care cards, most urgent first (uses prefetched cards when there are some)."""
        return sorted(self.care_cards.all(), key=lambda card: card.rank)

    @property
    def above_max_grade(self) -> bool:
        return self.reading_grade > contentfiles.MAX_GRADE

    def render_derived(
        self, glossary: list[GlossaryEntry] | None = None, *, grade: bool = True
    ) -> None:
        """Work out body_html, body_toc and (unless told not to) reading_grade from the body."""
        if glossary is None:
            glossary = Term.objects.glossary_entries()
        # An article does not link its own terms to the glossary: it explains them itself.
        own = {e.slug for e in glossary if e.article_id is not None and e.article_id == self.pk}
        from articles.figures import figures_for

        rendered = render(self.body, glossary, skip=own, figures=figures_for(self.body))
        self.body_html, self.body_toc = rendered.html, rendered.toc
        if grade:
            self.reading_grade = contentfiles.reading_grade(self.body)


def rerender_articles(queryset=None, glossary: list[GlossaryEntry] | None = None) -> int:
    """Render bodies again (glossary or renderer changed); write only those that differ.

    One query to read, one to write: returns how many articles changed.
    """
    if glossary is None:
        glossary = Term.objects.glossary_entries()
    if queryset is None:
        queryset = Article.objects.all()
    changed = []
    for article in queryset.only("pk", "body", "body_html", "body_toc"):
        before = (article.body_html, article.body_toc)
        article.render_derived(glossary, grade=False)  # the body itself did not change
        if (article.body_html, article.body_toc) != before:
            changed.append(article)
    if changed:
        Article.objects.bulk_update(changed, ["body_html", "body_toc"])  # sends no signals
        from articles import pagecache

        pagecache.invalidate()
    return len(changed)


class TermQuerySet(models.QuerySet):
    def glossary_entries(self) -> list[GlossaryEntry]:
        """What the Markdown renderer needs to explain terms in place: one query."""
        return [
            GlossaryEntry(
                slug=t.slug,
                names=(t.term, *t.synonym_list),
                article_id=t.article_id,
                definition=t.definition,
            )
            for t in self.only("slug", "term", "synonyms", "article_id", "definition")
        ]


@reversion.register()
class Term(models.Model):
    term = models.CharField(
        max_length=100, help_text=_("The medical word, as it is usually written.")
    )
    slug = models.SlugField(
        unique=True,
        max_length=100,
        help_text=_("The anchor on the glossary page: /glossary/#slug."),
    )
    definition = models.TextField(help_text=_("A plain explanation in one to three sentences."))
    synonyms = models.TextField(
        blank=True,
        help_text=_(
            "Everyday words people use for it, separated by commas, "
            "for example: slipped disc, bulging disc. Search uses them too."
        ),
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="terms",
        help_text=_("The article that explains this term (optional)."),
    )
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the repository version last loaded (used by load_content)."),
    )
    source_key = source_key_field()

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = [Lower("term")]
        verbose_name = _("glossary term")

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("articles:glossary") + f"#{self.slug}"

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


# Models kept in their own modules (imported here so Django finds them).
from articles.clinic import ClinicSettings  # noqa: E402, F401
from articles.pages import Page  # noqa: E402, F401

# The search log's model lives with its rules; imported here so Django registers it.
from articles.searchlog import ZeroResultQuery  # noqa: E402, F401
