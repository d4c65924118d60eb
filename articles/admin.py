"""The editors' tool: articles with sources and history, topics, and the glossary."""

import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from reversion.admin import VersionAdmin

from articles.contentfiles import MAX_GRADE
from articles.models import Article, Category, CauseSlug, Source, Status, Term
from articles.searchlog import ZeroResultQuery

REVIEW_SOON_DAYS = 30


def grade_text(article: Article) -> str:
    grade = f"{article.reading_grade:.1f}"
    if article.above_max_grade:
        return f"{grade} – above grade {MAX_GRADE:g}"
    return grade


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {REVIEW_SOON_DAYS} days"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS),
            )
        return queryset


class ArticleAdminForm(forms.ModelForm):
    explains = forms.MultipleChoiceField(
        choices=CauseSlug.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Explains these possible causes",
        help_text=Article._meta.get_field("explains").help_text,
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "order", "summary", "key_points", "body",
            "care_level", "care_text", "explains", "related", "reviewer_name", "reviewer_role",
            "last_reviewed", "next_review_due", "status", "publish_date",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "key_points": forms.Textarea(attrs={"rows": 7, "cols": 80}),
            "body": forms.Textarea(attrs={"rows": 28, "cols": 80}),
            "care_text": forms.Textarea(attrs={"rows": 8, "cols": 80}),
        }

    def clean_explains(self):
        # Keep the order of the list of causes, whatever order the boxes were ticked in.
        chosen = set(self.cleaned_data["explains"])
        explains = [value for value in CauseSlug.values if value in chosen]
        # The symptom check links each cause to one article: two would be ambiguous.
        others = Article.objects.exclude(pk=self.instance.pk)
        taken = [
            f"{CauseSlug(cause).label} (already in “{other.title}”)"
            for cause in explains
            for other in others.explaining(cause)[:1]
        ]
        if taken:
            raise forms.ValidationError(
                "Each cause can be explained by one article only. Untick it in the other "
                "article first: " + "; ".join(taken)
            )
        return explains


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    # A typed address without a scheme becomes https:// (only https is accepted); a plain
    # input keeps the row narrow enough for the page.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 40})}
    }
    fields = ("order", "publisher", "title", "year", "url")


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    inlines = [SourceInline]
    list_display = (
        "title",
        "category",
        "status",
        "reading_grade_flagged",
        "next_review_due",
        "updated",
    )
    list_filter = ("status", "category", ReviewDueFilter, "updated")
    list_select_related = ("category",)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("related",)
    readonly_fields = ("reading_grade_flagged", "created", "updated")
    actions = ("publish", "unpublish")
    history_latest_first = True
    fieldsets = (
        (None, {"fields": ("title", "slug", "category", "order", "summary", "key_points")}),
        ("Article", {"fields": ("body", "reading_grade_flagged")}),
        ("When to get help", {"fields": ("care_level", "care_text")}),
        ("Links", {"fields": ("explains", "related")}),
        (
            "Review",
            {"fields": ("reviewer_name", "reviewer_role", "last_reviewed", "next_review_due")},
        ),
        ("Publishing", {"fields": ("status", "publish_date", "created", "updated")}),
    )

    @admin.display(description="Reading grade", ordering="reading_grade")
    def reading_grade_flagged(self, article):
        if article.pk is None:
            return "Worked out when you save."
        return grade_text(article)

    def _set_status(self, request, queryset, status, comment):
        changed = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for article in queryset.select_related("category"):
                if article.status == status and (status == Status.DRAFT or article.publish_date):
                    continue
                article.status = status
                if status == Status.PUBLISHED and article.publish_date is None:
                    article.publish_date = timezone.now()
                article.save()
                self.log_change(request, article, comment)
                changed += 1
        return changed

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_status(request, queryset, Status.PUBLISHED, "Published.")
        later = queryset.filter(status=Status.PUBLISHED, publish_date__gt=timezone.now()).count()
        message = f"{changed} article(s) published."
        if later:
            message += f" {later} will appear on the site at their publish date."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description="Unpublish selected articles (make them drafts)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        changed = self._set_status(request, queryset, Status.DRAFT, "Unpublished.")
        self.message_user(request, f"{changed} article(s) moved back to draft.", messages.SUCCESS)


@admin.register(Category)
class CategoryAdmin(VersionAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Term)
class TermAdmin(VersionAdmin):
    list_display = ("term", "slug", "article", "synonyms")
    list_select_related = ("article",)
    search_fields = ("term", "slug", "synonyms", "definition")
    prepopulated_fields = {"slug": ("term",)}
    autocomplete_fields = ("article",)
    fields = ("term", "slug", "definition", "synonyms", "article")


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    """Read-only: what people searched for and did not find, most searched first."""

    list_display = ("query", "count", "day")
    list_filter = ("day",)
    search_fields = ("query",)
    date_hierarchy = "day"
    ordering = ("-count", "-day", "query")
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
