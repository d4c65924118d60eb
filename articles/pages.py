"""Editorial pages (About us, Privacy, ...): Markdown edited in the admin, same workflow."""

from __future__ import annotations

import reversion
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.markdown import render
from articles.review import Reviewed, Status


class PageKey(models.TextChoices):
    ABOUT = "about", _("About us")
    EDITORIAL_POLICY = "editorial-policy", _("How we write and review our content")
    PRIVACY = "privacy", _("Privacy")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    CONTACT = "contact", _("Contact")


# Where each page lives (the address never changes when staff retitle a page).
PAGE_PATHS = {
    PageKey.ABOUT: "about-us/",
    PageKey.EDITORIAL_POLICY: "how-we-write-and-review/",
    PageKey.PRIVACY: "privacy/",
    PageKey.ACCESSIBILITY: "accessibility/",
    PageKey.CONTACT: "contact/",
}


def url_name(key: str) -> str:
    return f"page-{key}"


class PageQuerySet(models.QuerySet):
    def published(self):
        """The one definition of a public editorial page."""
        return self.filter(status=Status.PUBLISHED, publish_date__lte=timezone.now())

    def live(self):
        return self.filter(pending_for__isnull=True)


@reversion.register()
class Page(Reviewed):
    key = models.CharField(
        _("page"),
        max_length=30,
        choices=PageKey.choices,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Which page this is; it sets the web address."),
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("The page heading."))
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One plain sentence, shown under the title and to search engines."),
    )
    body = models.TextField(
        _("body"),
        help_text=_("The page in Markdown. Use ## for sections. Do not add a title."),
    )
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_date = models.DateTimeField(_("publish date"), null=True, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["key", "pk"]
        verbose_name = _("editorial page")
        verbose_name_plural = _("editorial pages")
        permissions = [("approve_page", _("Can approve and publish editorial pages"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name in ("summary", "body"):
            setattr(self, name, getattr(self, name).replace("\r\n", "\n").strip())
        if self.status == Status.PUBLISHED and self.publish_date is None:
            self.publish_date = timezone.now()
        self.body_html = render(self.body).html
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        pending = "pending_for_id" not in self.get_deferred_fields() and self.pending_for_id
        return reverse(f"articles:{url_name(self.pending_for.key if pending else self.key)}")


@receiver([post_save, post_delete], sender=Page, dispatch_uid="articles_page_cache_page")
def page_changed(sender, **kwargs):
    from articles import pagecache

    pagecache.invalidate()
