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
    path("search/", cache_public_page(views.search, params=("q",)), name="search"),
    path("glossary/", cache_public_page(views.GlossaryView.as_view()), name="glossary"),
]
