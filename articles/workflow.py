"""The content workflow: Draft -> Submitted for review -> Approved and published -> Unpublished.

Works on any :class:`articles.review.Reviewed` model (articles, editorial pages). An edit to
a published item goes to a *pending change*: a copy of the row (with its sources and other
child rows) that the admin edits while the public keeps the live row. Approving copies the
pending change onto the live row in one reversion revision, so history and revert work as
before. Every step is recorded as a :class:`WorkflowEvent`.
"""

from __future__ import annotations

import datetime

import reversion
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.review import Action, Approval, Status, WorkflowEvent

# Never copied between a pending change and its live row.
KEEP_ON_LIVE = {
    "id", "slug", "key", "source_key", "content_hash", "status", "publish_date",
    "pending_for", "approved_by", "approved_at", "approval", "created", "updated",
}  # fmt: skip
REVIEW_INTERVAL_DAYS = 365


class WorkflowError(Exception):
    """A step that is not allowed now; the message says why, for the person who tried."""


def perm(obj, action: str) -> str:
    return f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"


def is_clinical_reviewer(user, obj) -> bool:
    return user.has_perm(perm(obj, "approve"))


def can_approve(user, obj) -> bool:
    if is_clinical_reviewer(user, obj):
        return True
    # Without mandatory clinical approval, an editor may publish (recorded as editorial).
    return not settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL and user.has_perm(perm(obj, "change"))


def pending(live):
    """The pending change waiting to replace ``live``, or None."""
    try:
        return live.pending_change
    except ObjectDoesNotExist:
        return None


def under_review(live):
    """The version the workflow acts on: the pending change if there is one, else the row."""
    return pending(live) or live


def record(live, action: str, user=None, comment: str = "") -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        item=live, action=action, user=user if user and user.pk else None, comment=comment
    )


def events(live):
    return WorkflowEvent.objects.for_object(live).select_related("user")


def editors_since_approval(live) -> set[int]:
    """Users who edited the item since it was last approved (four eyes)."""
    history = events(live)
    last = history.filter(action__in=[Action.APPROVED, Action.SCHEDULED, Action.LOADED]).first()
    edits = history.filter(action=Action.EDITED)
    if last is not None:
        edits = edits.filter(pk__gt=last.pk)
    return set(edits.exclude(user=None).values_list("user_id", flat=True))


def _children(model) -> list:
    """Child rows that belong to an item (sources, care cards...): CASCADE foreign keys."""
    return [
        rel
        for rel in model._meta.related_objects
        if rel.one_to_many and rel.on_delete is models.CASCADE
    ]


def _m2m(model) -> list:
    return [f for f in model._meta.many_to_many if f.editable]


def start_pending(live):
    """Copy a published item into a pending change; returns (copy, {model: {old: new pk}})."""
    model = type(live)
    copy = model.objects.get(pk=live.pk)
    copy.pk = None
    copy._state.adding = True
    copy.pending_for = live
    if hasattr(copy, "slug"):
        copy.slug = f"{live.slug[:90]}~pending"  # cannot match a public address
    for name in ("key", "source_key"):
        if hasattr(copy, name):
            setattr(copy, name, None)
    copy.status, copy.publish_date = Status.DRAFT, None
    copy.approved_by, copy.approved_at, copy.approval = None, None, Approval.NONE
    copy.save()
    mapping = {}
    for rel in _children(model):
        child_model = rel.related_model
        mapping[child_model] = {}
        for child in child_model.objects.filter(**{rel.field.name: live}):
            old = child.pk
            child.pk = None
            child._state.adding = True
            setattr(child, rel.field.name, copy)
            child.save()
            mapping[child_model][old] = child.pk
    for field in _m2m(model):
        getattr(copy, field.name).set(getattr(live, field.name).all())
    return copy, mapping


def _apply_pending(live, change) -> None:
    model = type(live)
    for field in model._meta.concrete_fields:
        if field.name not in KEEP_ON_LIVE and not field.primary_key:
            setattr(live, field.attname, getattr(change, field.attname))
    for rel in _children(model):
        rel.related_model.objects.filter(**{rel.field.name: live}).delete()
        rel.related_model.objects.filter(**{rel.field.name: change}).update(
            **{rel.field.name: live}
        )
    for field in _m2m(model):
        getattr(live, field.name).set(getattr(change, field.name).all())
    change.delete()


def submit(live, user, comment: str = "") -> None:
    item = under_review(live)
    if item.status not in (Status.DRAFT, Status.UNPUBLISHED):
        raise WorkflowError(_("Only a draft can be submitted for review."))
    item.status = Status.SUBMITTED
    item.save()
    record(live, Action.SUBMITTED, user, comment)


def next_review(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)


def approve(live, user, *, publish_at=None, next_review_due=None, comment: str = "") -> None:
    """Publish the version under review (now, or at ``publish_at`` for a first publish)."""
    item = under_review(live)
    if not can_approve(user, live):
        raise WorkflowError(_("Only a clinical reviewer can approve and publish."))
    if item.status != Status.SUBMITTED:
        raise WorkflowError(_("Submit it for review before it can be approved."))
    if user.pk in editors_since_approval(live) and not settings.BACKHEALTH_ALLOW_SELF_APPROVAL:
        raise WorkflowError(
            _("You edited this version yourself: another reviewer must approve it (four eyes).")
        )
    now = timezone.now()
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment or _("Approved and published."))
        if item is not live:
            _apply_pending(live, item)
        if publish_at is not None and item is live:
            live.publish_date = publish_at
        elif live.publish_date is None:
            live.publish_date = now
        live.status = Status.PUBLISHED
        live.approved_by, live.approved_at = user, now
        clinical = is_clinical_reviewer(user, live)
        live.approval = Approval.CLINICAL if clinical else Approval.EDITORIAL
        if hasattr(live, "last_reviewed"):
            today = timezone.localdate()
            live.last_reviewed = today
            live.next_review_due = next_review_due or next_review(today)
        live.save()
    scheduled = live.publish_date > now
    record(live, Action.SCHEDULED if scheduled else Action.APPROVED, user, comment)


def reject(live, user, comment: str) -> None:
    item = under_review(live)
    if not can_approve(user, live):
        raise WorkflowError(_("Only a clinical reviewer can send a change back."))
    if item.status != Status.SUBMITTED:
        raise WorkflowError(_("Only a version submitted for review can be sent back."))
    if not comment.strip():
        raise WorkflowError(_("Say what needs to change: the comment is required."))
    item.status = Status.DRAFT
    item.save()
    record(live, Action.REJECTED, user, comment)


def unpublish(live, user, comment: str = "") -> None:
    if live.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published item can be unpublished."))
    if hasattr(live, "explains"):
        from articles.explainers import causes_left_unexplained, refusal_message

        # The symptom check links each possible cause to its published article.
        if lost := causes_left_unexplained(live, published=False, explains=()):
            raise WorkflowError(refusal_message(lost))
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment or _("Unpublished."))
        live.status = Status.UNPUBLISHED
        live.save()
    record(live, Action.UNPUBLISHED, user, comment)


def next_scheduled_publish() -> datetime.datetime | None:
    """When the next approved item goes live (None when nothing is scheduled)."""
    from articles.models import Article, Page  # late: the models import this module's users

    now = timezone.now()
    times = [
        model.objects.filter(status=Status.PUBLISHED, publish_date__gt=now).aggregate(
            at=Min("publish_date")
        )["at"]
        for model in (Article, Page)
    ]
    times = [t for t in times if t is not None]
    return min(times) if times else None
