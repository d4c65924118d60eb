"""Compare two versions of an article or page field by field, in words people can read.

A version is the live row ("live"), its pending change ("pending"), or a django-reversion
``Version`` ("v<id>") read through reversion's public API (``field_dict``).
"""

from __future__ import annotations

import difflib
import re

import reversion
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from articles import workflow

# Bookkeeping, not content: never shown as a change.
HIDDEN = workflow.KEEP_ON_LIVE | {
    "body_html", "body_toc", "reading_grade", "pending_for", "approved_by",
}  # fmt: skip
MAX_VERSIONS = 50


def _fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN and not f.primary_key and f.editable
    ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    return str(value).replace("\r\n", "\n").strip()


def _label(field) -> str:
    return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]


def _related_text(field, value) -> str:
    """A foreign key or many-to-many value as the names staff know."""
    if value in (None, "", []):
        return ""
    model = field.related_model
    pks = value if isinstance(value, (list, tuple)) else [value]
    names = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}
    return "\n".join(sorted(names.get(pk, f"#{pk}") for pk in pks))


def _child_relations(model):
    return [
        rel
        for rel in model._meta.related_objects
        if rel.one_to_many and reversion.is_registered(rel.related_model)
    ]


def _child_label(rel) -> str:
    return str(rel.related_model._meta.verbose_name_plural).capitalize()


def _row_text(obj, fk_name) -> str:
    values = [
        _text(getattr(obj, f.attname))
        for f in _fields(type(obj))
        if f.name != fk_name and f.name != "order"
    ]
    return " | ".join(v for v in values if v)


def snapshot(obj) -> dict[str, str]:
    """Label -> text for a saved row, with its child rows and many-to-many links."""
    model = type(obj)
    data = {}
    for field in _fields(model):
        value = getattr(obj, field.attname)
        data[_label(field)] = _related_text(field, value) if field.is_relation else _text(value)
    for field in model._meta.many_to_many:
        data[_label(field)] = "\n".join(sorted(str(o) for o in getattr(obj, field.name).all()))
    for rel in _child_relations(model):
        rows = rel.related_model._default_manager.filter(**{rel.field.name: obj})
        data[_child_label(rel)] = "\n".join(_row_text(r, rel.field.name) for r in rows)
    return data


def version_snapshot(version: Version, model) -> dict[str, str]:
    """The same labels for a reversion Version (its revision holds the child rows too)."""
    stored = version.field_dict
    data = {}
    for field in _fields(model):
        value = stored.get(field.attname)
        data[_label(field)] = _related_text(field, value) if field.is_relation else _text(value)
    for field in model._meta.many_to_many:
        data[_label(field)] = _related_text(field, list(stored.get(field.attname) or []))
    for rel in _child_relations(model):
        child_model = rel.related_model
        rows = []
        for child in Version.objects.get_for_model(child_model).filter(
            revision_id=version.revision_id
        ):
            values = child.field_dict
            if str(values.get(rel.field.attname)) != str(version.object_id):
                continue
            order = values.get("order") or 0
            text = " | ".join(
                _text(values.get(f.attname))
                for f in _fields(child_model)
                if f.name not in (rel.field.name, "order") and _text(values.get(f.attname))
            )
            rows.append((order, child.object_id, text))
        data[_child_label(rel)] = "\n".join(t for _o, _i, t in sorted(rows))
    return data


def versions(live):
    return Version.objects.get_for_object(live).select_related("revision__user")[:MAX_VERSIONS]


def _version_label(version) -> str:
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    user = version.revision.user
    who = user.get_username() if user else _("the system")
    return _("Saved %(when)s by %(who)s") % {"when": when, "who": who}


def choices(live) -> list[tuple[str, str]]:
    options = [("live", _("Current version (what the public sees if published)"))]
    if workflow.pending(live) is not None:
        options.append(("pending", _("Pending change (waiting for review)")))
    options += [(f"v{v.pk}", _version_label(v)) for v in versions(live)]
    return options


def snapshot_for(live, key: str) -> dict[str, str]:
    if key == "pending" and workflow.pending(live) is not None:
        return snapshot(workflow.pending(live))
    if key.startswith("v") and key[1:].isdigit():
        version = Version.objects.get_for_object(live).filter(pk=int(key[1:])).first()
        if version is not None:
            return version_snapshot(version, type(live))
    return snapshot(live)


_TOKENS = re.compile(r"\s+|\S+\s*")  # a word keeps its following space


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(kind, text)] with kind "same", "removed" or "added", word by word."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[tuple[str, str]] = []
    # Words are compared without the spaces after them: a new line break is not a change.
    words_a, words_b = [t.rstrip() or t for t in a], [t.rstrip() or t for t in b]
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(b[j1:j2])))
        else:
            if i2 > i1:
                parts.append(("removed", "".join(a[i1:i2])))
            if j2 > j1:
                parts.append(("added", "".join(b[j1:j2])))
    return parts


def diff(old: dict[str, str], new: dict[str, str]) -> list[dict]:
    """Only the fields that differ, each with its word-by-word changes."""
    rows = []
    for label in dict.fromkeys([*old, *new]):
        before, after = old.get(label, ""), new.get(label, "")
        if before != after:
            parts = word_diff(before, after)
            if any(kind != "same" for kind, _text in parts):  # not only spacing
                rows.append({"label": label, "parts": parts})
    return rows


def version_changes(live, site_name: str = "admin") -> list[dict]:
    """History rows, newest first, each naming only the fields that really changed."""
    model = type(live)
    listed = list(versions(live))
    snaps = [version_snapshot(v, model) for v in listed]
    opts = model._meta
    rows = []
    for i, version in enumerate(listed):
        if i + 1 < len(snaps):
            changed = [row["label"] for row in diff(snaps[i + 1], snaps[i])]
        else:
            changed = [_("First version")]
        rows.append(
            {
                "version": version,
                "key": f"v{version.pk}",
                "changed": changed,
                "url": reverse(
                    f"{site_name}:{opts.app_label}_{opts.model_name}_revision",
                    args=[live.pk, version.pk],
                ),
            }
        )
    return rows


def field_changed(form, name: str) -> bool:
    """Whether a form field's value really differs from the saved one (not just CRLF)."""
    field = form.fields[name]
    initial = form.get_initial_for_field(field, name)
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if hasattr(initial, "all"):  # a related manager
        initial = list(initial.all())
    if isinstance(initial, list) or isinstance(value, (list, tuple)) or hasattr(value, "all"):
        as_keys = lambda items: sorted(str(getattr(i, "pk", i)) for i in (items or []))  # noqa: E731
        return as_keys(initial) != as_keys(list(value) if value is not None else [])
    if hasattr(initial, "pk") or hasattr(value, "pk"):
        return getattr(initial, "pk", initial) != getattr(value, "pk", value)
    return _text(initial) != _text(value)
