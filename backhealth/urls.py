from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path

from articles.media import serve_media
from articles.pagecache import cache_public_page
from articles.sitemaps import SITEMAPS
from backhealth import views

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("assessment.urls")),
    path("admin/", admin.site.urls),
    # An index of the sections, each in pages (?p=N) of articles.sitemaps.SECTION_LIMIT, so no
    # document grows with the library. Cached like the library pages (dropped on any change).
    path(
        "sitemap.xml",
        cache_public_page(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("-/alive/", views.alive, name="alive"),
    path("-/health/", views.health, name="health"),
]

if settings.BACKHEALTH_SERVE_MEDIA:
    # Local mode: the image library's files (an object store serves them otherwise).
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")
    )

handler400 = "backhealth.views.bad_request"
handler403 = "backhealth.views.permission_denied"
handler404 = "backhealth.views.page_not_found"
handler500 = "backhealth.views.server_error"

admin.site.site_header = "BackHealth content admin"
admin.site.site_title = "BackHealth admin"
