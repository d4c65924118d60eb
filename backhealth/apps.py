from django.apps import AppConfig


class BackhealthConfig(AppConfig):
    """The project package as an app only for its one migration (the shared cache table)."""

    name = "backhealth"
    verbose_name = "BackHealth"
