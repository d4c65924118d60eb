"""Settings and URLs for tools/checkpages.py: the real site plus two pages that fail on purpose.

The checkers must see the 500 page and the 503 outage page as people get them, from the
running site. These two URLs exist only when this module is the settings module (the
checkers' own server on loopback), never in the real site.
"""

from backhealth.settings import *  # noqa: F403 (the real settings, unchanged)

ROOT_URLCONF = "tools.checkpages_site"


def _boom(request):
    raise RuntimeError("checkpages: a deliberate error to show the 500 page")


def _outage(request):
    from django.db import OperationalError

    raise OperationalError("checkpages: connection refused (a deliberate outage)")


def _urlpatterns():
    from django.urls import include, path

    return [
        path("-/checkpages/500/", _boom),
        path("-/checkpages/503/", _outage),
        path("", include("backhealth.urls")),
    ]


def __getattr__(name):
    # Built on first use: at settings time the apps are not loaded yet (PEP 562).
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


handler400 = "backhealth.views.bad_request"
handler403 = "backhealth.views.permission_denied"
handler404 = "backhealth.views.page_not_found"
handler500 = "backhealth.views.server_error"
