"""Serves the image library's files from MEDIA_ROOT in local mode (no object store).

Not Django's DEBUG-only ``static.serve``: a small view that serves only the picture types
the library writes, with their own content type, ``nosniff`` and a year of caching (every
stored name holds a hash of the picture, so a file at an address never changes).
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def serve_media(request, path: str):
    suffix = Path(path).suffix.lower()
    # Only the library's folder, and never a path that climbs out of it.
    if suffix not in CONTENT_TYPES or not path.startswith("images/") or ".." in path.split("/"):
        raise Http404
    try:
        full = Path(safe_join(Path(settings.MEDIA_ROOT) / "images", path.removeprefix("images/")))
    except SuspiciousFileOperation:  # a path outside MEDIA_ROOT
        raise Http404 from None
    if not full.is_file():
        raise Http404
    stat = full.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(full.open("rb"), content_type=CONTENT_TYPES[suffix])
        response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
