"""The article library: categories, articles with their sources, and the glossary."""

from __future__ import annotations

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from articles import contentfiles
from articles.markdown import GlossaryEntry, render


class CauseSlug(models.TextChoices):
    """The possible causes of the symptom questionnaire (ids from the assessment spec)."""

    SCIATICA = "sciatica", "Sciatica"
    HERNIATED_DISC = "herniated-disc", "Herniated (slipped) disc"
    SPINAL_STENOSIS = "spinal-stenosis", "Lumbar spinal stenosis"
    LUMBAR_STRAIN = "lumbar-strain", "Back strain and sprain"
    DEGENERATIVE_DISC_DISEASE = "degenerative-disc-disease", "Degenerative disc disease"
    AXIAL_SPONDYLOARTHRITIS = "axial-spondyloarthritis", "Axial spondyloarthritis"
    NONSPECIFIC_LOW_BACK_PAIN = "nonspecific-low-back-pain", "Non-specific low back pain"
    PERIPHERAL_ARTERY_DISEASE = "peripheral-artery-disease", "Peripheral artery disease"
    PERIPHERAL_NEUROPATHY = "peripheral-neuropathy", "Peripheral neuropathy"
    NIGHT_LEG_CRAMPS = "night-leg-cramps", "Night leg cramps"


class CareLevel(models.TextChoices):
    # The labels are the words shown on the care card: urgency is never colour alone.
    IMMEDIATE = "immediate", "Immediate action required"
    URGENT = "urgent", "Urgent advice"
    NON_URGENT = "non_urgent", "Non-urgent advice"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def validate_cause_slugs(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("Choose the causes from the list.")
    unknown = sorted(set(value) - set(CauseSlug.values))
    if unknown:
        raise ValidationError("Unknown cause: %(unknown)s", params={"unknown": ", ".join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError("Each cause can be chosen only once.")


class Category(models.Model):
    slug = models.SlugField(unique=True, help_text="Part of the web address: /topics/<slug>/.")
    name = models.CharField(max_length=100, help_text="Shown in menus and as the page heading.")
    description = models.TextField(help_text="One or two plain sentences shown under the name.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in lists of topics (smaller numbers come first)."
    )

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

    def explaining(self, cause: str):
        """Articles whose ``explains`` list holds ``cause`` (works on SQLite and PostgreSQL)."""
        # The list is stored as JSON text such as ["sciatica"]; slugs contain no quotes.
        return self.filter(explains__icontains=f'"{cause}"')


@reversion.register(follow=["sources"])
class Article(models.Model):
    title = models.CharField(max_length=200, help_text="The page heading. Plain words first.")
    slug = models.SlugField(
        unique=True,
        max_length=100,
        help_text="Part of the web address: /articles/<slug>/. Changing it breaks old links.",
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The topic this article is listed under.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position within its topic (smaller numbers come first)."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One plain sentence that says what the page is about. "
        "Also used by search engines and in lists of articles.",
    )
    key_points = models.TextField(
        help_text="The key points box: one short sentence per line.",
    )
    body = models.TextField(
        help_text="The article in Markdown. Use ## for sections and ### below them. "
        "Do not add a title, a 'When to get help' or a 'Sources' section: "
        "they come from the other fields. Write EMERGENCY_NUMBER for the emergency number.",
    )
    body_html = models.TextField(
        blank=True, editable=False, help_text="Made from the body when you save."
    )
    body_toc = models.JSONField(
        default=list, blank=True, editable=False, help_text="Sections, made from the body."
    )
    care_level = models.CharField(
        max_length=20,
        choices=CareLevel.choices,
        default=CareLevel.NON_URGENT,
        help_text="How soon to get help, shown as words on the 'When to get help' card.",
    )
    care_text = models.TextField(
        help_text="What the 'When to get help' card says. Leave a blank line between "
        "paragraphs. Write EMERGENCY_NUMBER for the emergency number.",
    )
    explains = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_cause_slugs],
        help_text="The possible causes this article explains. The symptom check links to "
        "it for these causes. Each cause should be explained by one article only.",
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        help_text="Other articles to suggest at the end of this one.",
    )
    reviewer_name = models.CharField(
        max_length=200, help_text="Who checked this article, for example a named clinician."
    )
    reviewer_role = models.CharField(
        max_length=200, help_text="Their job, for example 'Physiotherapist'."
    )
    last_reviewed = models.DateField(help_text="When the content was last checked.")
    next_review_due = models.DateField(help_text="When it must be checked again.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are hidden from the public; staff can preview them.",
    )
    publish_date = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A published article goes live at this time. Leave empty for drafts.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    reading_grade = models.FloatField(
        default=0,
        editable=False,
        help_text="Flesch-Kincaid reading grade of the body, worked out when you save. "
        "Aim for 8 or lower.",
    )
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the repository version last loaded (used by load_content).",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, glossary: list[GlossaryEntry] | None = None, **kwargs):
        for name in ("summary", "key_points", "body", "care_text"):
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
        return reverse("articles:detail", args=[self.slug])

    @property
    def key_point_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

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
        rendered = render(self.body, glossary, skip=own)
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


https_only = URLValidator(schemes=["https"], message="Enter a web address that starts https://")


@reversion.register()
class Source(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    publisher = models.CharField(max_length=200, help_text="For example NHS or NICE.")
    title = models.CharField(max_length=300, help_text="The title of the page or guideline.")
    year = models.PositiveSmallIntegerField(help_text="The year it was published or updated.")
    url = models.URLField(
        "web address",
        max_length=500,
        validators=[https_only],
        help_text="Must start with https://",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the list.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.publisher}: {self.title} ({self.year})"


class TermQuerySet(models.QuerySet):
    def glossary_entries(self) -> list[GlossaryEntry]:
        """What the Markdown renderer needs to link terms: one query."""
        return [
            GlossaryEntry(slug=t.slug, names=(t.term, *t.synonym_list), article_id=t.article_id)
            for t in self.only("slug", "term", "synonyms", "article_id")
        ]


@reversion.register()
class Term(models.Model):
    term = models.CharField(max_length=100, help_text="The medical word, as it is usually written.")
    slug = models.SlugField(
        unique=True, max_length=100, help_text="The anchor on the glossary page: /glossary/#slug."
    )
    definition = models.TextField(help_text="A plain explanation in one to three sentences.")
    synonyms = models.TextField(
        blank=True,
        help_text="Everyday words people use for it, separated by commas, "
        "for example: slipped disc, bulging disc. Search uses them too.",
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="terms",
        help_text="The article that explains this term (optional).",
    )
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the repository version last loaded (used by load_content).",
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = [Lower("term")]
        verbose_name = "glossary term"

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("articles:glossary") + f"#{self.slug}"

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


# The search log's model lives with its rules; imported here so Django registers it.
from articles.searchlog import ZeroResultQuery  # noqa: E402, F401
