"""The admin side of the content workflow, shared by articles and editorial pages.

Editing a published item edits its pending change (made on the first save, with copies of
its child rows); the review page submits, approves, sends back or unpublishes; preview shows
the version under review exactly as the public would see it; compare shows two versions
field by field. A form opened before someone else saved is refused, never overwrites.
"""

from __future__ import annotations

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import compare, markup_check, workflow
from articles.review import Action, Status


def edit_token(live) -> str:
    """Changes whenever the item or its pending change is saved."""
    change = workflow.pending(live)
    parts = [live.pk, live.updated.isoformat()]
    if change is not None:
        parts += [change.pk, change.updated.isoformat()]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]


def admin_url(obj, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


class WorkflowForm(forms.ModelForm):
    """Refuses stale saves and bodies the sanitiser would change; answers the grade button."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    expected_token: str | None = None  # set by the admin on a POST, before any change

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["edit_token"] = edit_token(self.instance.live)

    def clean(self):
        cleaned = super().clean()
        stale = self.expected_token is not None and (
            cleaned.get("edit_token") != self.expected_token
        )
        if self.instance.pk and stale:
            live = self.instance.live
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "Someone else saved this page after you opened it, so your "
                        "changes were not saved and nothing was overwritten. Your text "
                        "is still in the form below: copy what you need, then open the "
                        "page again."
                    ),
                    admin_url(live, "compare"),
                    _("Compare the saved versions"),
                ),
                code="stale",
            )
        body = cleaned.get("body")
        if body is not None:
            for problem in markup_check.problems(body):
                self.add_error("body", problem)
            if "_check_grade" in self.data:
                raise forms.ValidationError(grade_message(body), code="grade")
        return cleaned


def grade_summary(body: str) -> str:
    return _(
        "Reading grade of the body: Flesch-Kincaid %(fk)s, SMOG %(smog)s "
        "(aim for 8 or lower and 9 or lower)."
    ) % markup_check.grades(body)


def grade_message(body: str) -> str:
    return _("Not saved yet. %(grades)s Press Save when you are ready.") % {
        "grades": grade_summary(body)
    }


class WorkflowAdminMixin:
    """For a VersionAdmin of a :class:`articles.review.Reviewed` model."""

    change_form_template = "admin/articles/workflow_change_form.html"
    object_history_template = "admin/articles/object_history.html"

    class Media:
        js = ["js/reading-grade.js", "js/admin-labels.js"]
        css = {"all": ["css/admin-workflow.css"]}

    # --- which row the forms edit ---------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pending_for__isnull=True)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(request, "bh_edit_pending", False):
            return workflow.pending(obj) or obj
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        expected = getattr(request, "bh_expected_token", None)
        return type(form.__name__, (form,), {"expected_token": expected})

    def _find_live(self, request, object_id):
        try:
            return self.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValueError, ValidationError):  # not an id at all
            return None

    def _live(self, request, object_id):
        live = self._find_live(request, object_id)
        if live is None:
            raise Http404
        return live

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None or getattr(request, "bh_reverting", False):
            return super().changeform_view(request, object_id, form_url, extra_context)
        live = self._find_live(request, object_id)
        if live is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.bh_edit_pending = True
        extra_context = {**self.workflow_context(request, live), **(extra_context or {})}
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.bh_expected_token = edit_token(live)
        if (
            live.status != Status.PUBLISHED
            or workflow.pending(live) is not None
            or request.POST.get("edit_token") != request.bh_expected_token
            or not self.has_change_permission(request, live)
        ):
            return super().changeform_view(request, object_id, form_url, extra_context)
        # The first edit of a published item: the edit goes to a new pending change. If the
        # form has errors the change stays (a copy of the live item), so the page shown with
        # the errors points at its rows and can be sent again as it is.
        with transaction.atomic():
            change, mapping = workflow.start_pending(live)
            data = self._remap_inlines(request, live, change, mapping)
            request.bh_expected_token = data["edit_token"] = edit_token(live)
            request.POST = data
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _remap_inlines(self, request, live, change, mapping):
        """The posted inline rows belong to the live item: point them at the copies."""
        data = request.POST.copy()
        for inline in self.get_inline_instances(request, live):
            formset = inline.get_formset(request, live)
            prefix, fk = formset.get_default_prefix(), formset.fk.name
            ids = {str(old): str(new) for old, new in mapping.get(inline.model, {}).items()}
            for key in list(data):
                if not key.startswith(prefix + "-"):
                    continue
                if key.endswith("-id") and data[key] in ids:
                    data[key] = ids[data[key]]
                elif key.endswith(f"-{fk}") and data[key] == str(live.pk):
                    data[key] = str(change.pk)
        return data

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        workflow.record(obj.live, Action.EDITED, request.user)
        if obj.pending_for_id:
            messages.info(
                request,
                _(
                    "Saved as a pending change. The public still sees the published version "
                    "until a clinical reviewer approves this one: open Review to submit it."
                ),
            )

    def construct_change_message(self, request, form, formsets, add=False):
        # Only the fields whose value really changed (not a line ending or a re-ordering).
        if not add:
            really = [
                n for n in form.changed_data if n != "edit_token" and compare.field_changed(form, n)
            ]
            form.__dict__["changed_data"] = really
        return super().construct_change_message(request, form, formsets, add)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Going back to an old version publishes it at once: only for approvers.
        if not workflow.can_approve(request.user, self._live(request, object_id)):
            raise PermissionDenied
        request.bh_reverting = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not request.user.has_perm(workflow.perm(self.model(), "approve")):
            raise PermissionDenied
        request.bh_reverting = True
        return super().recover_view(request, version_id, extra_context)

    # --- extra pages ----------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("reading-grade/", wrap(self.reading_grade_view), name=f"{name}_grade"),
            path("<path:object_id>/review/", wrap(self.review_view), name=f"{name}_review"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{name}_preview"),
            path("<path:object_id>/compare/", wrap(self.compare_view), name=f"{name}_compare"),
            *super().get_urls(),
        ]

    def workflow_context(self, request, live) -> dict:
        change = workflow.pending(live)
        return {
            "live": live,
            "pending_change": change,
            "under_review": change or live,
            "review_url": admin_url(live, "review"),
            "preview_url": admin_url(live, "preview"),
            "compare_url": admin_url(live, "compare"),
            "grade_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_grade"),
        }

    def review_view(self, request, object_id):
        live = self._live(request, object_id)
        if not self.has_view_or_change_permission(request, live):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, live):
                raise PermissionDenied
            try:
                done = self._workflow_step(request, live)
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, done)
            return redirect(admin_url(live, "review"))
        user = request.user
        context = {
            **self.admin_site.each_context(request),
            **self.workflow_context(request, live),
            "opts": self.opts,
            "title": _("Review: %(title)s") % {"title": live},
            "subtitle": None,
            "events": workflow.events(live)[:50],
            "can_change": self.has_change_permission(request, live),
            "edit_token": edit_token(live),
            "can_approve": workflow.can_approve(user, live),
            "own_change": user.pk in workflow.editors_since_approval(live),
            "self_approval_allowed": settings.BACKHEALTH_ALLOW_SELF_APPROVAL,
            "clinical_required": settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL,
            "next_review_default": workflow.next_review(timezone.localdate()).isoformat(),
            "has_review_dates": hasattr(live, "next_review_due"),
        }
        return TemplateResponse(request, "admin/articles/review.html", context)

    def _workflow_step(self, request, live) -> str:
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "").strip()
        user = request.user
        if action == "submit":
            workflow.submit(live, user, comment)
            return _("Submitted for review.")
        if action == "approve":
            if request.POST.get("edit_token") != edit_token(live):
                # Approve exactly what the reviewer looked at, never a later edit.
                raise workflow.WorkflowError(
                    _(
                        "It was changed after you opened this page, so it was not approved. "
                        "Look at the preview and the comparison again, then approve."
                    )
                )
            publish_at = _parse_datetime(request.POST.get("publish_at", ""))
            due = request.POST.get("next_review_due", "").strip()
            next_due = parse_date(due) if due else None
            if due and next_due is None:
                raise workflow.WorkflowError(_("Enter the next review date as YYYY-MM-DD."))
            workflow.approve(
                live, user, publish_at=publish_at, next_review_due=next_due, comment=comment
            )
            if live.publish_date > timezone.now():
                when = timezone.localtime(live.publish_date).strftime("%Y-%m-%d %H:%M")
                return _("Approved. It will be published at %(when)s.") % {"when": when}
            return _("Approved and published.")
        if action == "reject":
            workflow.reject(live, user, comment)
            return _("Sent back to the editor with your comment.")
        if action == "unpublish":
            workflow.unpublish(live, user, comment)
            return _("Unpublished: the public can no longer see it.")
        raise workflow.WorkflowError(_("Choose a step."))

    def preview_view(self, request, object_id):
        live = self._live(request, object_id)
        if not self.has_view_or_change_permission(request, live):
            raise PermissionDenied
        from articles.views import never_cache_noindex

        response = self.render_preview(request, workflow.under_review(live))
        response.render()
        return never_cache_noindex(response)

    def render_preview(self, request, item):  # pragma: no cover (each admin defines it)
        raise NotImplementedError

    def compare_view(self, request, object_id):
        live = self._live(request, object_id)
        if not self.has_view_or_change_permission(request, live):
            raise PermissionDenied
        choices = compare.choices(live)
        keys = [key for key, _label in choices]
        default_a = "live"
        default_b = "pending" if "pending" in keys else (keys[2] if len(keys) > 2 else "live")
        a = request.GET.get("a") if request.GET.get("a") in keys else default_a
        b = request.GET.get("b") if request.GET.get("b") in keys else default_b
        context = {
            **self.admin_site.each_context(request),
            **self.workflow_context(request, live),
            "opts": self.opts,
            "title": _("Compare versions: %(title)s") % {"title": live},
            "subtitle": None,
            "choices": choices,
            "a": a,
            "b": b,
            "rows": compare.diff(compare.snapshot_for(live, a), compare.snapshot_for(live, b)),
        }
        response = TemplateResponse(request, "admin/articles/compare.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def history_view(self, request, object_id, extra_context=None):
        live = self._find_live(request, object_id)
        extra = {}
        if live is not None:
            extra = {
                **self.workflow_context(request, live),
                "workflow_events": workflow.events(live)[:100],
                "versions": compare.version_changes(live, self.admin_site.name),
                "choices": compare.choices(live),
            }
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def reading_grade_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return _reading_grade(request)


@require_POST
def _reading_grade(request):
    body = request.POST.get("body", "")[:200_000].replace("\r\n", "\n")
    return JsonResponse(
        {
            **markup_check.grades(body),
            "message": grade_summary(body),
            "problems": markup_check.problems(body),
        }
    )


def _parse_datetime(value: str):
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise workflow.WorkflowError(
            _("Enter the publish time as a date and time, for example 2027-01-31 09:00.")
        ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
