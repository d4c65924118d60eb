from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Article library"

    def ready(self):
        from articles import explainers, signals  # noqa: F401 (receivers and checks)
