"""The clinic's own details, one row edited in the admin, with safe defaults.

Other code calls :func:`get_clinic`: it never fails, even without a database.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def default_health_line() -> str:
    return settings.BACKHEALTH_HEALTH_LINE


def default_emergency_number() -> str:
    return settings.BACKHEALTH_EMERGENCY_NUMBER


class ClinicSettings(models.Model):
    """A singleton: the row with pk 1."""

    name = models.CharField(
        _("clinic name"), max_length=200, blank=True, help_text=_("Leave empty to hide it.")
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("For example 604-555-0100.")
    )
    booking_url = models.URLField(
        _("booking link"),
        blank=True,
        help_text=_("Where people book an appointment online (https://...)."),
    )
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per day or group of days.")
    )
    health_line = models.CharField(
        _("health line number"),
        max_length=40,
        blank=True,
        default=default_health_line,
        help_text=_("A nurse advice line, such as 811. Leave empty to hide it."),
    )
    emergency_number = models.CharField(
        _("emergency number"),
        max_length=40,
        default=default_emergency_number,
        help_text=_("The number to call in an emergency, such as 911."),
    )

    class Meta:
        verbose_name = _("clinic settings")
        verbose_name_plural = _("clinic settings")

    def __str__(self):
        return str(_("Clinic settings"))

    def save(self, *args, **kwargs):
        self.pk = 1  # one row only
        super().save(*args, **kwargs)

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


def get_clinic() -> ClinicSettings:
    """The saved clinic settings, or the defaults (never raises for a missing database)."""
    try:
        clinic = ClinicSettings.objects.filter(pk=1).first()
    except DatabaseError:
        logger.warning("clinic settings unavailable: using the defaults")
        clinic = None
    return clinic or ClinicSettings()


NUMBERS_KEY = "clinic:numbers"
NUMBERS_TIMEOUT = 30  # seconds; a save clears it at once (below)


def numbers() -> dict[str, str]:
    """The emergency number and health line in force on every page: the clinic settings'
    (edited in the admin), else the settings'. Kept 30 s in the page cache; never raises."""
    from django.core.cache import caches

    try:
        found = caches["default"].get(NUMBERS_KEY)
    except Exception:
        found = None
    if found is None:
        clinic = get_clinic()
        found = {
            "emergency_number": clinic.emergency_number or settings.BACKHEALTH_EMERGENCY_NUMBER,
            "health_line": clinic.health_line,
        }
        try:
            caches["default"].set(NUMBERS_KEY, found, NUMBERS_TIMEOUT)
        except Exception:
            logger.warning("page cache unavailable: clinic numbers not kept")
    return found


def forget_numbers(**kwargs) -> None:
    from django.core.cache import caches

    try:
        caches["default"].delete(NUMBERS_KEY)
    except Exception:
        logger.warning("page cache unavailable: clinic numbers not cleared")


@receiver(setting_changed, dispatch_uid="articles_clinic_numbers_settings")
def _settings_changed(setting, **kwargs):
    if setting in {"BACKHEALTH_EMERGENCY_NUMBER", "BACKHEALTH_HEALTH_LINE", "CACHES"}:
        forget_numbers()


def tel_href(number: str) -> str:
    """A tel: link for a phone number as people write it ("604 555-0100" -> tel:6045550100)."""
    digits = re.sub(r"[^\d+]", "", number or "")
    return f"tel:{digits}" if digits else ""


@receiver(post_save, sender=ClinicSettings, dispatch_uid="articles_page_cache_clinic")
def clinic_changed(sender, **kwargs):
    from articles import pagecache

    forget_numbers()
    pagecache.invalidate()  # every page shows the emergency number
