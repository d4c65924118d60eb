"""Uploaded pictures: check them by their content, strip their metadata, make renditions.

Pillow only (no thumbnail package): the renditions are made once, when an editor saves
the picture, at a handful of fixed widths, so a template tag or a cache of thumbnails
would add moving parts for nothing. An uploaded SVG is refused: it is a document that can
carry scripts. Diagrams in SVG live in the repository (see :mod:`articles.figures`).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

MAX_SIDE = 6000  # pixels, either side
# The widths made for srcset: a phone at 1x and 2x, the article column (44rem) at 1x and 2x.
RENDITION_WIDTHS = (360, 720, 1080, 1440)
# What each accepted format is saved as (the fallback beside WebP in <picture>).
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
WEBP_QUALITY = 78
JPEG_QUALITY = 82


def max_upload_bytes() -> int:
    """The admin upload limit; the same setting caps request bodies site-wide."""
    return getattr(settings, "BACKHEALTH_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def _looks_like_svg_or_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html", b"<!--")) or b"<svg" in text


def check_upload(upload) -> None:
    """Refuse anything but a JPEG, PNG or WebP picture within the size limits.

    The type comes from the bytes (Pillow), never from the file's name or the browser's
    content type: an HTML page renamed .png is refused.
    """
    name = getattr(upload, "name", "") or ""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s. The largest picture you can upload is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if name.lower().endswith((".svg", ".svgz")) or _looks_like_svg_or_html(head):
        raise ValidationError(
            _(
                "“%(name)s” is not a JPEG, PNG or WebP picture (it looks like an SVG or web "
                "page). SVG files cannot be uploaded because they can contain scripts: "
                "a developer adds SVG diagrams to the site's own drawings instead."
            )
            % {"name": name},
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as picture:
                kind = picture.format
                width, height = picture.size
                picture.verify()  # reads the whole file: a truncated or fake file fails here
    except (
        UnidentifiedImageError,
        PILImage.DecompressionBombError,
        PILImage.DecompressionBombWarning,
    ):
        raise ValidationError(
            _(
                "“%(name)s” is not a JPEG, PNG or WebP picture, whatever its name says. "
                "Save it as JPEG, PNG or WebP and upload it again."
            )
            % {"name": name},
            code="not_an_image",
        ) from None
    except Exception:  # Pillow raises many kinds of error on a damaged file
        raise ValidationError(
            _("“%(name)s” is damaged and cannot be read. Save it again and upload it.")
            % {"name": name},
            code="damaged",
        ) from None
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise ValidationError(
            _("“%(name)s” is a %(kind)s file. Upload a JPEG, PNG or WebP picture.")
            % {"name": name, "kind": kind},
            code="format",
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            _(
                "“%(name)s” is %(width)s × %(height)s pixels. The largest picture you can "
                "upload is %(max)s pixels on each side: make it smaller first."
            )
            % {"name": name, "width": width, "height": height, "max": MAX_SIDE},
            code="too_many_pixels",
        )


def validate_picture(value) -> None:
    """Model field validator: a new upload must pass :func:`check_upload`."""
    if value and not getattr(value, "_committed", True):
        check_upload(value.file)


@dataclass(frozen=True)
class Processed:
    """A picture ready to store: the cleaned original and its renditions."""

    original: tuple[str, bytes]  # (file name, bytes)
    files: list[tuple[str, bytes]]  # rendition (file name, bytes)
    info: dict  # what templates need: sizes, types, file names


def _flatten(picture: PILImage.Image, keep_alpha: bool) -> PILImage.Image:
    has_alpha = picture.mode in ("RGBA", "LA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    if keep_alpha and has_alpha:
        return picture.convert("RGBA")
    if has_alpha:
        background = PILImage.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
        return background
    return picture.convert("RGB")


def _to_srgb(picture: PILImage.Image, icc_profile: bytes | None) -> PILImage.Image:
    """Colors as the camera meant them, in sRGB: the color profile is not kept either."""
    if not icc_profile:
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # an unreadable profile: keep the pixels as they are


def _encode(picture: PILImage.Image, kind: str) -> bytes:
    """Encode without any metadata: no EXIF (camera, GPS), no XMP, no comments."""
    out = io.BytesIO()
    if kind == "JPEG":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif kind == "PNG":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=6)
    return out.getvalue()


def process(upload) -> Processed:
    """Strip metadata and make the renditions; ``upload`` has passed :func:`check_upload`."""
    upload.seek(0)
    with PILImage.open(upload) as source:
        kind = source.format
        source.load()
        icc_profile = source.info.get("icc_profile")
        # Turn the pixels the way the camera said (the EXIF that said it is dropped).
        picture = ImageOps.exif_transpose(source)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    # Fallback beside WebP: PNG when the picture has transparency, otherwise JPEG.
    fallback_kind = "PNG" if has_alpha else "JPEG"
    picture = _to_srgb(_flatten(picture, keep_alpha=has_alpha), icc_profile)
    original_bytes = _encode(picture, kind)
    key = hashlib.sha256(original_bytes).hexdigest()[:16]
    folder = f"images/{key}"
    extension = FORMATS[kind][0]
    width, height = picture.size
    files: list[tuple[str, bytes]] = []
    sizes = []
    widths = sorted({w for w in RENDITION_WIDTHS if w < width} | {min(width, RENDITION_WIDTHS[-1])})
    for target in widths:
        scaled = picture
        if target != width:
            scaled = picture.resize(
                (target, max(1, round(height * target / width))), PILImage.Resampling.LANCZOS
            )
        w, h = scaled.size
        webp_name = f"{folder}/{w}.webp"
        fallback_name = f"{folder}/{w}.{FORMATS[fallback_kind][0]}"
        files.append((webp_name, _encode(scaled, "WEBP")))
        files.append((fallback_name, _encode(scaled, fallback_kind)))
        sizes.append({"width": w, "height": h, "webp": webp_name, "fallback": fallback_name})
    info = {
        "width": width,
        "height": height,
        "fallback_type": FORMATS[fallback_kind][1],
        "sizes": sizes,
    }
    # The original's name is relative to the file field's upload_to ("images/").
    return Processed(
        original=(f"{key}/original.{extension}", original_bytes), files=files, info=info
    )


def store(processed: Processed, storage=None) -> tuple[str, dict]:
    """Write the renditions; returns the original's stored name and the rendition info.

    Names hold a hash of the picture, so a stored file never changes: it can be cached
    for a year. The original is written by the model's file field.
    """
    storage = storage or default_storage
    renamed = {}
    for name, data in processed.files:
        renamed[name] = name if storage.exists(name) else storage.save(name, ContentFile(data))
    info = dict(processed.info)
    info["sizes"] = [
        {**size, "webp": renamed[size["webp"]], "fallback": renamed[size["fallback"]]}
        for size in processed.info["sizes"]
    ]
    return processed.original[0], info


def delete_files(names: list[str], storage=None) -> None:
    storage = storage or default_storage
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)
