"""Public pages of the article library. Views gather and render; the rules live elsewhere."""

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django_ratelimit.decorators import ratelimit

from articles import search as article_search
from articles import searchlog
from articles.emergency import fill_in
from articles.models import Article, Category, Term
from backhealth.throttle import ratelimit_key

HOME_ARTICLES_PER_CATEGORY = 4


@require_safe
def home(request):
    categories = list(Category.objects.all())
    by_category = {category.pk: [] for category in categories}
    for article in Article.objects.published().only("title", "slug", "category_id", "order"):
        by_category.setdefault(article.category_id, []).append(article)
    for category in categories:
        category.published = by_category[category.pk]
        category.highlights = category.published[:HOME_ARTICLES_PER_CATEGORY]
    return render(request, "home.html", {"categories": categories})


def _home_crumb():
    return (reverse("articles:home"), "Home")


class CategoryDetailView(DetailView):
    model = Category
    context_object_name = "category"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [_home_crumb()]
        context["articles"] = (
            Article.objects.published()
            .filter(category=self.object)
            .only("title", "slug", "summary", "category_id", "order")
        )
        return context


class ArticleDetailView(DetailView):
    """A published article; staff also see drafts and future articles, as a preview."""

    context_object_name = "article"

    def get_queryset(self):
        base = Article.objects.all() if self.request.user.is_staff else Article.objects.published()
        return base.select_related("category").prefetch_related(
            "sources",
            Prefetch(
                "related",
                queryset=Article.objects.published().only("title", "slug", "summary"),
                to_attr="published_related",
            ),
        )

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        article.is_preview = (
            self.request.user.is_staff
            and not Article.objects.published().filter(pk=article.pk).exists()
        )
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["preview"] = article.is_preview
        context["breadcrumbs"] = [
            _home_crumb(),
            (article.category.get_absolute_url(), article.category.name),
        ]
        context["show_toc"] = len(article.body_toc) >= 4
        context["structured_data"] = structured_data(self.request, article)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            # A draft must never be kept by a browser or a shared cache, nor indexed.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            response["X-Robots-Tag"] = "noindex"
        return response


def structured_data(request, article) -> dict:
    """schema.org MedicalWebPage for search engines (shown as JSON-LD)."""
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": fill_in(article.title),
        "headline": fill_in(article.title),
        "description": fill_in(article.summary),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "inLanguage": "en",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "datePublished": article.publish_date.isoformat() if article.publish_date else None,
        "dateModified": article.updated.isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "reviewedBy": {
            "@type": "Person",
            "name": article.reviewer_name,
            "jobTitle": article.reviewer_role,
        },
        "isPartOf": {
            "@type": "WebSite",
            "url": request.build_absolute_uri(reverse("articles:home")),
        },
    }


# Where the query as typed goes in a stored results page (upper case: never in a normalised
# query, and unchanged by HTML escaping).
QUERY_SLOT = "QUERYSLOT7F3A9C"


def _search_rate(group, request):
    return settings.BACKHEALTH_RATE_SEARCH


@require_safe
@ratelimit(group="search", key=ratelimit_key, rate=_search_rate, method=ratelimit.ALL, block=True)
def search(request):
    """Search results; an emergency notice first when the query describes a warning sign.

    A page of results is kept (the process's cache) under the outcome's key, a hash of the
    normalised query, with a slot where the query as typed goes: "Sciatica" and "sciatica!"
    share one entry, and nothing typed is stored.
    """
    outcome = article_search.search(request.GET.get("q", ""))
    if outcome.status == article_search.Status.NOTHING:
        searchlog.record(outcome.normalised)
    if outcome.status != article_search.Status.FOUND:
        return _search_page(request, outcome, outcome.query)
    typed = escape(outcome.query)
    key = (
        "articles:search-page:"
        + hashlib.sha256(
            "\n".join(
                (
                    outcome.key,
                    get_language() or "",
                    str(settings.BACKHEALTH_EMERGENCY_NUMBER),
                    settings.BACKHEALTH_SITE_NAME,
                )
            ).encode()
        ).hexdigest()
    )
    stored = article_search.cache_get(key)  # a failing cache never fails a search
    if stored is not None:
        response = HttpResponse(stored.replace(QUERY_SLOT, typed))
        response["X-Page-Cache"] = "hit"
        return response
    response = _search_page(request, outcome, QUERY_SLOT)
    html = response.content.decode()
    article_search.cache_set(key, html)
    response.content = html.replace(QUERY_SLOT, typed)
    response["X-Page-Cache"] = "miss"
    return response


def _search_page(request, outcome, query):
    show_topics = outcome.status != article_search.Status.FOUND
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "outcome": outcome,
            "results": outcome.articles,
            "categories": Category.objects.all() if show_topics else [],
            "max_length": article_search.MAX_QUERY_LENGTH,
            "max_results": article_search.MAX_RESULTS,
            "suggestion_url": (
                f"{reverse('articles:search')}?{urlencode({'q': outcome.suggestion})}"
                if outcome.suggestion
                else ""
            ),
        },
    )


class GlossaryView(ListView):
    template_name = "articles/glossary.html"
    context_object_name = "terms"

    def get_queryset(self):
        # Only published articles are linked; a term whose article is hidden has none.
        return Term.objects.prefetch_related(
            Prefetch("article", queryset=Article.objects.published().only("title", "slug"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letters: dict[str, list[Term]] = {}
        for term in context["terms"]:
            letter = term.term[:1].upper()
            letters.setdefault(letter if letter.isalpha() else "#", []).append(term)
        context["letters"] = letters
        context["breadcrumbs"] = [_home_crumb()]
        return context


def results_prefix() -> str:
    """Where the questionnaire's saved results live (kept out of search engines)."""
    try:
        return reverse("assessment:result", args=["TOKEN"]).split("TOKEN")[0]
    except NoReverseMatch:
        return "/results/"


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {results_prefix()}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
