"""The sitemap: /sitemap.xml is an index of sections, each served in pages of SECTION_LIMIT.

However big the library, every document stays small and every page costs a fixed number of
queries: the index asks each section for its size and latest change (one query each), a
section page reads its own rows only.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Category, Page

# URLs per section page: a full page stays small (about 150 bytes a URL, up to about 300
# with a long slug and host: under 64 KB), and each is cached like any library page.
SECTION_LIMIT = 200


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = SECTION_LIMIT

    def items(self):
        return Article.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, article):
        return article.updated

    def get_latest_lastmod(self):
        # The default reads every item; the index only needs the latest date.
        return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = SECTION_LIMIT

    def items(self):
        return Category.objects.all()


class PageSitemap(Sitemap):
    """The home page and the glossary."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["articles:home", "articles:glossary"]

    def location(self, item):
        return reverse(item)


class EditorialPageSitemap(Sitemap):
    """About us, Privacy, Contact and the other editorial pages."""

    changefreq = "yearly"
    priority = 0.3
    limit = SECTION_LIMIT

    def items(self):
        return Page.objects.published().only("key", "updated").order_by("key")

    def lastmod(self, page):
        return page.updated

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "topics": CategorySitemap,
    "articles": ArticleSitemap,
    "editorial": EditorialPageSitemap,
}
