"""Public pages of the article library. Views gather and render; the rules live elsewhere."""

import re

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django_ratelimit.decorators import ratelimit

from articles import search as article_search
from articles import searchcache, searchlog
from articles.clinic import get_clinic, tel_href
from articles.emergency import fill_in
from articles.models import Article, Category, Group, Page, Status, Term
from articles.review import display_name
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
    return (reverse("articles:home"), _("Home"))


# Articles per topic page: above the biggest shipped topic (Causes, 17 articles), so every
# shipped topic is one page; a library of thousands is split into pages of this size.
TOPIC_PAGE_SIZE = 24

# The topic page's order: grouped (common, less common, rare but serious), then the editors'.
_GROUP_RANK = Case(
    *(When(group=g.value, then=Value(rank)) for rank, g in enumerate(Group)),
    default=Value(len(Group)),
    output_field=IntegerField(),
)


class CategoryDetailView(DetailView):
    model = Category
    context_object_name = "category"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [_home_crumb()]
        published = Article.objects.published().filter(category=self.object)
        page = page_or_404(
            self.request,
            published.order_by(_GROUP_RANK, "order", "title").only(
                "title", "slug", "summary", "category_id", "order", "group"
            ),
            TOPIC_PAGE_SIZE,
        )
        articles = list(page.object_list)
        context["articles"] = articles
        context["page_obj"] = page
        context["pages"] = page_links(self.object.get_absolute_url(), page)
        # Grouped (common, less common, rare but serious) in the groups' order; a topic whose
        # articles all sit in one group gets a plain list (no headings). Decided for the whole
        # topic, not the page, so the last page of a long topic keeps its "rare" heading.
        groups = [(g, [a for a in articles if a.group == g.value]) for g in Group]
        context["groups"] = [(g.value, g.label, items) for g, items in groups if items]
        context["grouped"] = published.order_by().values("group").distinct().count() > 1
        return context


# A page number as the page links write it: "2", never "02" or "2 ". Each page has one
# address, so the page cache holds one copy of it however the number is spelt.
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def page_or_404(request, object_list, per_page):
    """The page ?page=N asks for (page 1 without it); anything else, or past the end: 404."""
    number = request.GET.get("page", "1")
    if not _PAGE_NUMBER.fullmatch(number):
        raise Http404(_("There is no such page."))
    try:
        return Paginator(object_list, per_page).page(number)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error


def page_links(url: str, page) -> dict | None:
    """Where the page links of a paged list go (None for a one-page list).

    Page 1 is the bare address, the others add ?page=N: one address per page, so each is
    cached once. ``numbers`` holds (number, address) pairs, (None, "") for a gap ("…").
    """
    if not page.has_other_pages():
        return None

    def address(number):
        return url if number == 1 else f"{url}?{urlencode({'page': number})}"

    numbers = [
        (None, "") if number == page.paginator.ELLIPSIS else (number, address(number))
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "current": page.number,
        "count": page.paginator.num_pages,
        "previous": address(page.previous_page_number()) if page.has_previous() else "",
        "next": address(page.next_page_number()) if page.has_next() else "",
        "numbers": numbers,
    }


class ArticleDetailView(DetailView):
    """A published article; staff also see drafts and future articles, as a preview."""

    context_object_name = "article"

    def get_queryset(self):
        base = Article.objects.all() if self.request.user.is_staff else Article.objects.published()
        return detail_queryset(base)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        article.is_preview = (
            self.request.user.is_staff
            and not Article.objects.published().filter(pk=article.pk).exists()
        )
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.request, self.object, self.object.is_preview))
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            never_cache_noindex(response)
        return response


def detail_queryset(base):
    """What an article page needs, in a constant number of queries."""
    return base.select_related("category", "approved_by__staff_profile").prefetch_related(
        "sources",
        "care_cards",
        Prefetch(
            "related",
            queryset=Article.objects.published().only("title", "slug", "summary"),
            to_attr="published_related",
        ),
    )


def article_context(request, article, preview) -> dict:
    """The context of an article page (the public page and the admin's preview share it)."""
    return {
        "article": article,
        "preview": preview,
        "breadcrumbs": [
            _home_crumb(),
            (article.category.get_absolute_url(), article.category.name),
        ],
        "show_toc": len(article.body_toc) >= 4,
        "structured_data": structured_data(request, article),
        "review_line": review_line(article),
        "scheduled": bool(
            article.status == Status.PUBLISHED
            and article.publish_date
            and article.publish_date > timezone.now()
        ),
    }


def never_cache_noindex(response):
    # A preview must never be kept by a browser or a shared cache, nor indexed.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def review_line(item) -> dict:
    """Who stands behind the published text: the approving clinician, or the editors."""
    if item.clinically_reviewed:
        return {"clinical": True, "by": display_name(item.approved_by)}
    if item.approved_by_id:
        return {"clinical": False, "by": display_name(item.approved_by)}
    return {"clinical": False, "by": ""}


def structured_data(request, article) -> dict:
    """schema.org MedicalWebPage for search engines (shown as JSON-LD)."""
    data = {
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
        "isPartOf": {
            "@type": "WebSite",
            "url": request.build_absolute_uri(reverse("articles:home")),
        },
    }
    if article.clinically_reviewed:
        # Only a clinician's approval is a medical review; editors' checks are not claimed.
        profile = getattr(article.approved_by, "staff_profile", None)
        data["reviewedBy"] = {
            "@type": "Person",
            "name": profile.display_name if profile else display_name(article.approved_by),
            "jobTitle": profile.credentials if profile else "",
        }
    return data


def _search_rate(group, request):
    return settings.BACKHEALTH_RATE_SEARCH


@require_safe
@ratelimit(group="search", key=ratelimit_key, rate=_search_rate, method=ratelimit.ALL, block=True)
def search(request):
    """Search results; an emergency notice first when the query describes a warning sign.

    A page of results is kept (``articles.searchcache``) under the outcome's key, a hash of the
    normalised query, with a slot where the query as typed goes: "Sciatica" and "sciatica!"
    share one entry, and nothing typed is stored.
    """
    outcome = article_search.search(request.GET.get("q", ""))
    if outcome.status == article_search.Status.NOTHING:
        searchlog.record(outcome.normalised)
    if outcome.status != article_search.Status.FOUND:
        return _search_page(request, outcome, outcome.query)
    key = searchcache.page_key(outcome.key)
    html = searchcache.stored_page(key, outcome.query)  # a failing cache never fails a search
    if html is not None:
        response = HttpResponse(html)
        response["X-Page-Cache"] = "hit"
        return response
    response = _search_page(request, outcome, searchcache.QUERY_SLOT)
    response.content = searchcache.store_page(key, response.content.decode(), outcome.query)
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


def page_context(page, preview=False) -> dict:
    context = {
        "page": page,
        "page_body": page_html(page),
        "preview": preview,
        "breadcrumbs": [_home_crumb()],
    }
    if page.live.key == "contact":
        clinic = get_clinic()
        context["clinic"] = clinic
        context["clinic_phone_href"] = tel_href(clinic.phone)
        context["health_line_href"] = tel_href(clinic.health_line)
        context["emergency_href"] = tel_href(clinic.emergency_number)
    return context


@require_safe
def editorial_page(request, key):
    """About us, Privacy, ...: the published version of an editorial page."""
    page = Page.objects.published().filter(key=key).first()
    if page is None:
        raise Http404
    return render(request, "articles/page_detail.html", page_context(page))


def page_html(page) -> str:
    """The page body with the numbers that come from settings filled in."""
    days = str(settings.BACKHEALTH_RESULT_RETENTION_DAYS)
    return page.body_html.replace("RESULT_RETENTION_DAYS", days)
