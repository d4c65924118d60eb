from django.conf import settings
from django.utils.functional import lazy


def _number(name: str) -> str:
    from articles.clinic import numbers  # the clinic settings, edited in the admin

    return numbers()[name]


_lazy_number = lazy(_number, str)


def site(request):
    """Site name, emergency number and health line for every template.

    The numbers come from the clinic settings (one cached read, only when a page shows
    them), so every page, the Contact page and the results say the same number.
    """
    return {
        "site_name": settings.BACKHEALTH_SITE_NAME,
        "emergency_number": _lazy_number("emergency_number"),
        "health_line": _lazy_number("health_line"),
    }
