from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.CategoryDetailView.as_view(), name="category"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("search/", views.search, name="search"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
]
