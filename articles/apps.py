from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Article library"

    def ready(self):
        from articles import signals  # noqa: F401 (connects the receivers)
