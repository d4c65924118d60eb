from django.urls import path

from articles import views
from articles.pagecache import cache_public_page
from articles.pages import PAGE_PATHS, url_name

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.home), name="home"),
    path(
        "topics/<slug:slug>/",
        cache_public_page(views.CategoryDetailView.as_view(), params=("page",)),
        name="category",
    ),
    path(
        "articles/<slug:slug>/",
        cache_public_page(views.ArticleDetailView.as_view(), lists=False),
        name="detail",
    ),
    # Not page-cached: search caches its outcomes under the normalised query, is rate
    # limited per client, and counts the searches that find nothing.
    path("search/", views.search, name="search"),
    path("glossary/", cache_public_page(views.GlossaryView.as_view()), name="glossary"),
    *(
        path(
            route,
            cache_public_page(views.editorial_page, lists=False),
            {"key": key},
            name=url_name(key),
        )
        for key, route in PAGE_PATHS.items()
    ),
]
