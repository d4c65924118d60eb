"""Search's index is built in a fixed number of queries, however big the library."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import searchindex, searchtext

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batches(monkeypatch):
    """Bodies read two at a time when only a few changed, and no words kept from other tests."""
    monkeypatch.setattr(searchindex, "BODY_BATCH", 2)
    monkeypatch.setattr(searchindex, "_tokenised", {})


def build_queries() -> tuple[int, searchindex.Index]:
    with CaptureQueriesContext(connection) as captured:
        index = searchindex.build_index()
    return len(captured), index


def test_a_first_build_takes_the_same_queries_for_a_bigger_library(make_article, small_batches):
    for _ in range(3):
        make_article()
    small, index = build_queries()
    assert len(index.documents) == 3
    for _ in range(9):
        make_article()
    searchindex._tokenised.clear()  # as in a new process
    big, index = build_queries()
    assert len(index.documents) == 12
    assert big == small


def test_after_an_edit_only_the_edited_body_is_read_again(make_article, small_batches):
    articles = [make_article() for _ in range(5)]
    build_queries()
    edited = articles[2]
    edited.body = "## Facet joints\n\nThe zygapophyseal joints sit at the back of the spine."
    edited.save()
    with CaptureQueriesContext(connection) as captured:
        index = searchindex.build_index()
    body_reads = [q["sql"] for q in captured if '"body"' in q["sql"]]
    assert len(body_reads) == 1 and str(edited.pk) in body_reads[0]
    assert index.postings[searchtext.stem("zygapophyseal")] == [index.by_slug[edited.slug]]
    assert len(index.documents) == 5
