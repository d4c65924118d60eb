from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import views as article_views
from articles.pagecache import cache_public_page
from articles.sitemaps import SITEMAPS
from backhealth import views

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("assessment.urls")),
    path("admin/", admin.site.urls),
    # Cached like the library pages (dropped on any staff change): it lists every article.
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", article_views.robots_txt, name="robots_txt"),
    path("-/alive/", views.alive, name="alive"),
    path("-/health/", views.health, name="health"),
]

handler400 = "backhealth.views.bad_request"
handler403 = "backhealth.views.permission_denied"
handler404 = "backhealth.views.page_not_found"
handler500 = "backhealth.views.server_error"

admin.site.site_header = "BackHealth content admin"
admin.site.site_title = "BackHealth admin"
