from django.http import Http404
from django.shortcuts import render

from articles.contentfiles import CATEGORIES


def home(request):
    categories = [
        {"slug": slug, "name": name, "description": description}
        for slug, (name, _order, description) in CATEGORIES.items()
    ]
    return render(request, "home.html", {"categories": categories})


def category(request, slug):
    if slug not in CATEGORIES:
        raise Http404("No such topic")
    name, _order, description = CATEGORIES[slug]
    return render(
        request,
        "articles/category_detail.html",
        {"category": {"slug": slug, "name": name, "description": description}},
    )
