"""The image library: pictures uploaded in the admin and shown in articles as figures.

Checking, cleaning and resizing the files is :mod:`articles.images`; this module holds the
model only. :mod:`articles.models` imports it, so Django registers it and
``from articles.models import Image`` keeps working.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles import images


class Image(models.Model):
    """A picture uploaded in the admin's image library, shown in articles as a figure.

    The file is checked by its content and stored without its metadata (EXIF, GPS);
    the renditions for ``srcset`` are made once, when it is saved (:mod:`articles.images`).
    """

    slug = models.SlugField(
        _("name"),
        unique=True,
        max_length=100,
        help_text=_(
            "Used in an article body as ![Alt text](figure:name). It cannot be changed "
            "later: articles refer to it."
        ),
    )
    file = models.FileField(
        _("picture"),
        upload_to="images/",
        max_length=255,
        validators=[images.validate_picture],
        help_text=_(
            "A JPEG, PNG or WebP picture, at most 10 MB and 6,000 pixels on each side. "
            "Camera details and location are removed when you save."
        ),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, in one sentence, for people who cannot see it. "
            "Required unless the picture is decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only if the picture adds nothing to the text (screen readers then skip it)."
        ),
    )
    caption = models.CharField(
        _("caption"), max_length=300, help_text=_("Shown under the picture.")
    )
    description = models.TextField(
        _("text description"),
        blank=True,
        help_text=_(
            "For a picture with detail (steps, a map of the body): the same information "
            "in words, shown under it."
        ),
    )
    credit = models.CharField(
        _("credit"), max_length=200, help_text=_("Who made the picture, for example BackHealth.")
    )
    licence = models.CharField(
        _("license"),
        max_length=200,
        help_text=_("The terms we use it under, for example 'CC BY 4.0' or 'With permission'."),
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    renditions = models.JSONField(
        _("renditions"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The resized copies made when the picture was saved."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.slug

    def save(self, *args, **kwargs):
        replaced = []
        if self.file and not self.file._committed:
            if self.pk:
                replaced = list(Image.objects.filter(pk=self.pk))
            # A new upload: check it, strip it, make its renditions, then store the clean
            # copy only (the uploaded bytes, with their metadata, are never stored).
            images.check_upload(self.file.file)
            processed = images.process(self.file.file)
            original_name, info = images.store(processed, self.file.storage)
            self.file.save(original_name, ContentFile(processed.original[1]), save=False)
            self.width, self.height = info["width"], info["height"]
            self.renditions = info
        super().save(*args, **kwargs)
        for old in replaced:
            old.delete_files_unless_shared()

    def clean(self):
        super().clean()
        from articles.figures import diagrams

        errors = {}
        if self.slug and self.slug in diagrams():
            errors["slug"] = _("“%(slug)s” is the name of one of the site's own diagrams.") % {
                "slug": self.slug
            }
        if not self.decorative and not self.alt_text.strip():
            errors["alt_text"] = _(
                "Write the alt text, or tick “decorative” if the picture adds nothing to the text."
            )
        if errors:
            raise ValidationError(errors)

    def delete_files_unless_shared(self) -> None:
        """Delete this picture's files, unless a library entry still uses the same folder."""
        folder = self.file.name.rsplit("/", 1)[0] + "/" if self.file else ""
        if folder and not Image.objects.filter(file__startswith=folder).exists():
            images.delete_files(self.stored_names())

    def stored_names(self) -> list[str]:
        names = [self.file.name] if self.file else []
        for size in (self.renditions or {}).get("sizes", []):
            names += [size["webp"], size["fallback"]]
        return names
