"""The admin for everything but articles: topics, glossary terms, the image library,
editorial pages, staff profiles, the clinic's details and the searches that found nothing.

Articles, their inlines, filters and actions are in :mod:`articles.admin`, which imports
this module so Django's admin autodiscovery registers these too.
"""

from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin

from articles import views
from articles.admin_workflow import WorkflowAdminMixin, WorkflowForm
from articles.models import (
    Article,
    Category,
    ClinicSettings,
    Image,
    Page,
    StaffProfile,
    Term,
)
from articles.searchlog import ZeroResultQuery


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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The image library: pictures for articles, each with its alt text, caption and credit."""

    list_display = ("thumbnail", "slug", "caption", "decorative", "credit", "updated")
    list_display_links = ("thumbnail", "slug")
    list_filter = ("decorative",)
    search_fields = ("slug", "caption", "alt_text", "credit")
    prepopulated_fields = {"slug": ("caption",)}
    readonly_fields = ("preview", "size", "used_in", "created", "updated")
    fieldsets = (
        (None, {"fields": ("slug", "file", "preview", "size")}),
        (_("Words"), {"fields": ("alt_text", "decorative", "caption", "description")}),
        (_("Rights"), {"fields": ("credit", "licence")}),
        (_("Where it is used"), {"fields": ("used_in", "created", "updated")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Articles refer to a picture by its name: once saved, the name stays.
        if obj is not None:
            return ("slug", *self.readonly_fields)
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def _users(self, image):
        return Article.objects.filter(body__contains=f"figure:{image.slug}")

    def has_delete_permission(self, request, obj=None):
        # A picture an article shows cannot be deleted: take it out of the article first.
        if obj is not None and self._users(obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Deleting from the list would skip that check: delete pictures one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _smallest(self, image, width=None):
        sizes = (image.renditions or {}).get("sizes") or []
        if not sizes:
            return ""
        size = sizes[0]
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            default_storage.url(size["fallback"]),
            width or size["width"],
            round((width or size["width"]) * size["height"] / size["width"]),
            image.alt_text,
        )

    @admin.display(description=_("Picture"))
    def thumbnail(self, image):
        return self._smallest(image, width=80)

    @admin.display(description=_("Preview"))
    def preview(self, image):
        return self._smallest(image) or _("Shown after you save.")

    @admin.display(description=_("Size"))
    def size(self, image):
        if not image.width:
            return "–"
        return _("%(width)s × %(height)s pixels") % {"width": image.width, "height": image.height}

    @admin.display(description=_("Used in"))
    def used_in(self, image):
        if image.pk is None:
            return "–"
        articles = self._users(image).only("title")
        if not articles:
            return _("No article yet. Write ![Alt text](figure:%(slug)s) on a line of its own.") % {
                "slug": image.slug
            }
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.title) for a in articles),
        )


class PageAdminForm(WorkflowForm):
    class Meta:
        model = Page
        fields = ["title", "summary", "body", "last_reviewed", "next_review_due"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "body": forms.Textarea(attrs={"rows": 28, "cols": 80}),
        }


@admin.register(Page)
class PageAdmin(WorkflowAdminMixin, VersionAdmin):
    form = PageAdminForm
    list_display = ("title", "key", "status", "approval", "updated")
    readonly_fields = ("key", "status", "publish_date", "updated")
    fieldsets = (
        (None, {"fields": ("edit_token", "key", "title", "summary", "body")}),
        (gettext_lazy("Review"), {"fields": ("last_reviewed", "next_review_due")}),
        (gettext_lazy("Publishing"), {"fields": ("status", "publish_date", "updated")}),
    )
    history_latest_first = True

    def has_add_permission(self, request):
        return False  # the five pages are made by a migration; their addresses are fixed

    def has_delete_permission(self, request, obj=None):
        return False

    def render_preview(self, request, item):
        return TemplateResponse(
            request, "articles/page_detail.html", views.page_context(item, preview=True)
        )


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "credentials", "user")
    search_fields = ("display_name", "credentials", "user__username")
    list_select_related = ("user",)


@admin.register(ClinicSettings)
class ClinicSettingsAdmin(admin.ModelAdmin):
    """One row: the list goes straight to it."""

    fields = ("name", "phone", "booking_url", "opening_hours", "health_line", "emergency_number")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False  # the one row is made by its first save

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) != "1":
            return None
        # Until someone saves it, the form shows the defaults (from settings).
        return ClinicSettings.objects.filter(pk=1).first() or ClinicSettings(pk=1)

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:articles_clinicsettings_change", args=[1]))


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
