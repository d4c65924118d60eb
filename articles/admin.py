"""The editors' tool for articles: sources, care cards, history, sign-off and review dates.

The workflow's shared admin parts are in :mod:`articles.admin_workflow`; the other models'
admins (topics, glossary, images, editorial pages, staff, clinic details, the search log) in
:mod:`articles.admin_library`, imported at the end so Django's autodiscovery registers them.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin

from articles import views, workflow
from articles.admin_workflow import WorkflowAdminMixin, WorkflowForm
from articles.contentfiles import MAX_GRADE
from articles.explainers import causes_left_unexplained, refusal_message
from articles.models import Article, CareCard, Source, Status
from clinical import vocabulary, wording
from clinical.vocabulary import CARE_LEVELS

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


class ArticleAdminForm(WorkflowForm):
    explains = forms.MultipleChoiceField(
        choices=wording.cause_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Explains these possible causes",
        help_text=Article._meta.get_field("explains").help_text,
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "order", "group", "summary", "key_points", "body",
            "explains", "related",
            "last_reviewed", "next_review_due", "sources_checked",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "key_points": forms.Textarea(attrs={"rows": 7, "cols": 80}),
            "body": forms.Textarea(attrs={"rows": 28, "cols": 80}),
        }

    def clean_explains(self):
        # Keep the order of the list of causes, whatever order the boxes were ticked in.
        chosen = set(self.cleaned_data["explains"])
        explains = [value for value in vocabulary.CAUSES if value in chosen]
        # The symptom check links each cause to one article: two would be ambiguous.
        # A pending change and the article it replaces are one article here.
        others = Article.objects.live().exclude(pk=self.instance.live.pk)
        taken = [
            f"{wording.CAUSE_NAMES[cause]} (already in “{other.title}”)"
            for cause in explains
            for other in others.explaining(cause)[:1]
        ]
        if taken:
            raise forms.ValidationError(
                "Each cause can be explained by one article only. Untick it in the other "
                "article first: " + "; ".join(taken)
            )
        return explains

    def clean(self):
        data = super().clean()
        live = self.instance.live if self.instance.pk else None
        if "explains" in data and live is not None and live.status == Status.PUBLISHED:
            # Unticking a cause that no other published article explains would drop its link.
            lost = causes_left_unexplained(live, published=True, explains=data["explains"])
            if lost:
                raise forms.ValidationError(refusal_message(lost))
        return data


class CareCardInline(admin.StackedInline):
    """The "When to get help" cards: one per level at most (the database enforces it too)."""

    model = CareCard
    extra = 0
    max_num = len(CARE_LEVELS)
    fields = ("level", "triggers")
    verbose_name = _("When to get help: care card")
    verbose_name_plural = _("When to get help: care cards (one per level, most urgent first)")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 6})}}

    def get_queryset(self, request):
        # Ordered by tier, most urgent first, like the cards on the page.
        rank = Case(
            *[When(level=level, then=Value(i)) for i, level in enumerate(CARE_LEVELS)],
            output_field=IntegerField(),
        )
        return super().get_queryset(request).order_by(rank)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    template = "admin/articles/source_tabular.html"
    # A typed address without a scheme becomes https:// (only https is accepted); a plain
    # input keeps the row narrow enough for the page.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 40})}
    }
    fields = ("order", "publisher", "title", "year", "url")


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = [CareCardInline, SourceInline]
    list_display = (
        "title",
        "category",
        "status",
        "has_pending_change",
        "approval",
        "reading_grade_flagged",
        "next_review_due",
        "updated",
    )
    list_filter = ("status", "approval", "category", "group", ReviewDueFilter, "updated")
    list_select_related = ("category",)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("related",)
    readonly_fields = (
        "reading_grade_flagged",
        "workflow_status",
        "publish_date",
        "created",
        "updated",
    )
    actions = ("publish", "unpublish")
    history_latest_first = True
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "edit_token",
                    "title",
                    "slug",
                    "category",
                    "order",
                    "summary",
                    "key_points",
                )
            },
        ),
        (gettext_lazy("Article"), {"fields": ("body", "reading_grade_flagged")}),
        (gettext_lazy("Links"), {"fields": ("explains", "related")}),
        (
            gettext_lazy("Review"),
            {"fields": ("last_reviewed", "next_review_due", "sources_checked")},
        ),
        (
            gettext_lazy("Publishing"),
            {"fields": ("workflow_status", "publish_date", "created", "updated")},
        ),
    )

    def has_delete_permission(self, request, obj=None):
        # Deleting the only published explainer of a cause would silently drop its link.
        if obj is not None and causes_left_unexplained(obj, published=False, explains=()):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pending_for_id:
            # A pending change keeps the article's address; rename it once it is approved.
            return (*fields, "slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    @admin.display(description=gettext_lazy("Reading grade"), ordering="reading_grade")
    def reading_grade_flagged(self, article):
        if article.pk is None:
            return _("Worked out when you save.")
        return grade_text(article)

    @admin.display(description=gettext_lazy("Status"))
    def workflow_status(self, article):
        live = article.live
        text = live.get_status_display()
        if article.pending_for_id:
            text += " " + _("(you are editing a pending change: %(status)s)") % {
                "status": article.get_status_display()
            }
        return text

    @admin.display(description=gettext_lazy("Pending change"), boolean=True)
    def has_pending_change(self, article):
        return workflow.pending(article) is not None

    def get_queryset(self, request):
        # The change list applies list_select_related only to a queryset without
        # select_related: name the category here too, or every row reads it again.
        return super().get_queryset(request).select_related("pending_change", "category")

    def render_preview(self, request, item):
        article = views.detail_queryset(Article.objects.filter(pk=item.pk)).get()
        return TemplateResponse(
            request,
            "articles/article_detail.html",
            views.article_context(request, article, preview=True),
        )

    def _steps(self, request, queryset, step, done):
        changed, refused = 0, []
        for article in queryset:
            try:
                step(article)
            except workflow.WorkflowError as error:
                refused.append(f"{article}: {error}")
            else:
                self.log_change(request, article, done)
                changed += 1
        return changed, refused

    @admin.action(
        description=gettext_lazy("Approve and publish selected articles (submitted ones)"),
        permissions=["change"],
    )
    def publish(self, request, queryset):
        changed, refused = self._steps(
            request,
            queryset,
            lambda article: workflow.approve(article, request.user),
            _("Approved and published."),
        )
        later = queryset.filter(status=Status.PUBLISHED, publish_date__gt=timezone.now()).count()
        message = _("%(count)s article(s) approved and published.") % {"count": changed}
        if later:
            message += " " + _("%(count)s will appear on the site at their publish date.") % {
                "count": later
            }
        self.message_user(request, message, messages.SUCCESS)
        for problem in refused:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description=gettext_lazy("Unpublish selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed, refused = self._steps(
            request,
            queryset,
            lambda article: workflow.unpublish(article, request.user),
            _("Unpublished."),
        )
        self.message_user(
            request, _("%(count)s article(s) unpublished.") % {"count": changed}, messages.SUCCESS
        )
        for problem in refused:
            self.message_user(request, problem, messages.ERROR)


# The other models' admins: imported for its side effect, so autodiscovery registers them.
from articles import admin_library  # noqa: E402, F401
