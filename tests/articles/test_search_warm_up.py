"""deploy/gunicorn.conf.py: a starting worker builds the search index before it takes requests."""

import runpy
from pathlib import Path
from unittest import mock

import pytest

from articles import searchindex

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


@pytest.mark.django_db
def test_a_starting_worker_builds_the_search_index(make_article):
    article = make_article(title="Piriformis syndrome")
    searchindex.forget_indexes()
    runpy.run_path(str(CONFIG))["post_worker_init"](worker=None)
    with mock.patch.object(searchindex, "build_index", side_effect=AssertionError("built again")):
        index = searchindex.get_index()
    assert article.slug in index.by_slug


def test_a_worker_starts_even_when_the_index_cannot_be_built(caplog):
    searchindex.forget_indexes()
    down = RuntimeError("database down")
    with (
        mock.patch.object(searchindex, "build_index", side_effect=down),
        mock.patch.object(searchindex, "library_fingerprint", return_value=(None,)),
    ):
        runpy.run_path(str(CONFIG))["post_worker_init"](worker=None)
    assert "search index not built at start" in caplog.text
