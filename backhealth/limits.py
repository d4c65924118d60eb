"""Request body caps: a small one for every request, a larger one for staff uploads in the admin.

The cap is checked against ``Content-Length`` before anything reads the body (CSRF, forms,
file uploads), so an oversize body, file parts included, is refused without being read: a
friendly 413 page. Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (set to the same small cap) also
answers 400 when the non-file part of a form is too large, even inside a larger upload.

The one exception: a multipart POST to the admin by signed-in staff (the article image upload)
may be up to ``BACKHEALTH_MAX_UPLOAD_BYTES``. Bodies sent without a ``Content-Length``
(chunked) are never read by Django; behind nginx (deploy/) every body has one.
"""

import logging
from functools import cache

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger(__name__)


@cache
def _admin_prefix() -> str:
    return reverse("admin:index")


def content_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def is_admin_upload(request) -> bool:
    """A multipart POST to the admin by signed-in staff: the only request allowed a large body."""
    return (
        request.method == "POST"
        and request.content_type == "multipart/form-data"
        and request.path.startswith(_admin_prefix())
        and getattr(request, "user", None) is not None
        and request.user.is_active
        and request.user.is_staff
    )


def body_limit(request) -> int:
    if is_admin_upload(request):
        return settings.BACKHEALTH_MAX_UPLOAD_BYTES
    return settings.BACKHEALTH_MAX_BODY_BYTES


def request_too_large(request):
    response = render(
        request,
        "413.html",
        {"limit_kb": settings.BACKHEALTH_MAX_BODY_BYTES // 1024},
        status=413,
    )
    response["Cache-Control"] = "no-store"
    response["Connection"] = "close"
    return response


class BodySizeLimitMiddleware:
    """413 for a body over the cap, before anything reads it (after authentication: staff)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = content_length(request)
        # Small bodies (nearly all) never look at the user: no session read for them.
        if length > settings.BACKHEALTH_MAX_BODY_BYTES and length > body_limit(request):
            logger.warning("request body too large: %s bytes to %s", length, request.path)
            return request_too_large(request)
        return self.get_response(request)
