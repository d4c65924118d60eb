"""Who may approve what, and the record of every step: staff profiles and workflow events.

The fields every reviewed model shares (articles and editorial pages) live in
:class:`Reviewed`. A *pending change* of a published item is a second row of the same model
(``pending_for`` points at the live row): the public keeps the live row until a reviewer
approves the change, which copies it over (``articles.workflow``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

EDITORS = "Editors"
CLINICAL_REVIEWERS = "Clinical reviewers"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Approved and published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class Approval(models.TextChoices):
    NONE = "", _("Not approved yet")
    EDITORIAL = "editorial", _("Checked by the content editors")
    CLINICAL = "clinical", _("Approved by a clinical reviewer")


class Reviewed(models.Model):
    """Workflow fields shared by articles and editorial pages."""

    pending_for = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_change",
        editable=False,
        help_text=_("Set on a pending change: the published item it will replace."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approval = models.CharField(
        _("approval"),
        max_length=20,
        choices=Approval.choices,
        blank=True,
        default=Approval.NONE,
        editable=False,
        help_text=_("Who stands behind the published version: content editors or a clinician."),
    )

    class Meta:
        abstract = True

    @property
    def live(self):
        """The row the public sees (itself, or the published item a pending change replaces)."""
        return self.pending_for if self.pending_for_id else self

    @property
    def clinically_reviewed(self) -> bool:
        return self.approval == Approval.CLINICAL and self.approved_by_id is not None


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=200,
        help_text=_("The name the public sees, for example 'Dr Amina Patel'."),
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=200,
        blank=True,
        help_text=_("Job and qualifications, for example 'Physiotherapist, PT, MSc'."),
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


def display_name(user) -> str:
    """A user's public name: their profile's, else their full name or username."""
    if user is None:
        return ""
    profile = StaffProfile.objects.filter(user=user).first()
    if profile:
        return str(profile)
    return user.get_full_name() or user.get_username()


class Action(models.TextChoices):
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved and published")
    SCHEDULED = "scheduled", _("Approved, to publish later")
    REJECTED = "rejected", _("Sent back with comments")
    UNPUBLISHED = "unpublished", _("Unpublished")
    LOADED = "loaded", _("Loaded from the repository")


class WorkflowEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=ct, object_id=obj.pk)


class WorkflowEvent(models.Model):
    """One step of the workflow: who, when, what, and their comment."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = WorkflowEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("workflow event")

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"
