from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Category, Page


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, article):
        return article.updated


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

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

    def items(self):
        return Page.objects.published().only("key", "updated").order_by("key")

    def lastmod(self, page):
        return page.updated


SITEMAPS = {
    "pages": PageSitemap,
    "topics": CategorySitemap,
    "articles": ArticleSitemap,
    "editorial": EditorialPageSitemap,
}
