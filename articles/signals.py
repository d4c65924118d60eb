"""Keep derived article HTML in step with the glossary (and with reverted versions)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles import pagecache
from articles.models import (
    Article,
    CareCard,
    Category,
    Image,
    Source,
    Term,
    rerender_articles,
)

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


@receiver([post_save, post_delete], sender=Article, dispatch_uid="articles_page_cache_article")
@receiver([post_save, post_delete], sender=Source, dispatch_uid="articles_page_cache_source")
@receiver([post_save, post_delete], sender=CareCard, dispatch_uid="articles_page_cache_care_card")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="articles_page_cache_category")
@receiver([post_save, post_delete], sender=Term, dispatch_uid="articles_page_cache_term")
@receiver(m2m_changed, sender=Article.related.through, dispatch_uid="articles_page_cache_m2m")
def library_changed(sender, **kwargs):
    # Any staff change shows at once: cached pages are keyed by the content version.
    pagecache.invalidate()


@receiver([post_save, post_delete], sender=Image, dispatch_uid="articles_image_changed")
def image_changed(sender, instance, **kwargs):
    # A figure's markup (alt text, caption, renditions) is part of body_html.
    if not _suspended.get():
        rerender_articles(Article.objects.filter(body__contains=f"figure:{instance.slug}"))
    pagecache.invalidate()


@receiver(post_delete, sender=Image, dispatch_uid="articles_image_files")
def image_deleted(sender, instance, **kwargs):
    # Another library entry may hold the same picture (same content, same folder).
    instance.delete_files_unless_shared()
