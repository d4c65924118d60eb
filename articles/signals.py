"""Keep derived article HTML in step with the glossary (and with reverted versions)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Term, rerender_articles

_suspended: ContextVar[bool] = ContextVar("articles_rerender_suspended", default=False)


@contextmanager
def rerender_suspended():
    """For bulk work (the loader): it renders once at the end instead of after every term."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


@receiver([post_save, post_delete], sender=Term, dispatch_uid="articles_term_changed")
def term_changed(sender, **kwargs):
    # Glossary links are part of body_html, so every body is rendered again.
    if not _suspended.get():
        rerender_articles()


@receiver(post_save, sender=Article, dispatch_uid="articles_article_raw_saved")
def article_raw_saved(sender, instance, raw=False, **kwargs):
    # A raw save (a reverted version, a fixture) skips Article.save(): render it here.
    if raw and not _suspended.get():
        rerender_articles(Article.objects.filter(pk=instance.pk))
