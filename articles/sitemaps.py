from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Category


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


SITEMAPS = {"pages": PageSitemap, "topics": CategorySitemap, "articles": ArticleSitemap}
