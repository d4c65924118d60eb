from django.urls import path

from articles import views
from articles.pagecache import cache_public_page

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.home), name="home"),
    path(
        "topics/<slug:slug>/",
        cache_public_page(views.CategoryDetailView.as_view()),
        name="category",
    ),
    path(
        "articles/<slug:slug>/", cache_public_page(views.ArticleDetailView.as_view()), name="detail"
    ),
    # Not page-cached: search caches its outcomes under the normalised query, is rate
    # limited per client, and counts the searches that find nothing.
    path("search/", views.search, name="search"),
    path("glossary/", cache_public_page(views.GlossaryView.as_view()), name="glossary"),
]
