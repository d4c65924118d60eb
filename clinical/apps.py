from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicalConfig(AppConfig):
    """The shared clinical vocabulary: no models, only words and template tags."""

    name = "clinical"
    verbose_name = _("Clinical vocabulary")
