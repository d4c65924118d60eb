"""Article.group: how a topic page groups its articles, loaded from the files' `group:` key."""

import shutil

import pytest

from articles import contentfiles
from articles.loading import _article_values_from_file, digest, load_content
from articles.models import Article, Group
from tests.articles.test_loader import SLUGS, edit_file


@pytest.fixture
def content(db, tmp_path):
    """A small copy of the content folder that tests may change."""
    for article in contentfiles.article_files():
        if article.slug in SLUGS:
            folder = tmp_path / article.path.parent.name
            folder.mkdir(exist_ok=True)
            shutil.copy(article.path, folder / article.path.name)
    return tmp_path


def test_groups_come_from_the_files_with_common_as_the_default(db):
    load_content()
    groups = dict(Article.objects.values_list("slug", "group"))
    assert groups["sciatica"] == Group.COMMON  # no `group:` key
    assert groups["peripheral-artery-disease"] == Group.LESS_COMMON
    assert groups["cauda-equina-syndrome"] == Group.RARE_SERIOUS


def test_a_changed_group_in_a_file_updates_an_untouched_row(content):
    load_content(content)
    edit_file(content, "sciatica", "order: 1\n", "order: 1\ngroup: less_common\n")
    report = load_content(content)
    assert report.articles.updated == ["sciatica"]
    assert Article.objects.get(slug="sciatica").group == Group.LESS_COMMON


def test_rows_loaded_before_the_field_existed_are_not_taken_for_staff_edits(content):
    """A default group is not part of the fingerprint: old fingerprints still match."""
    load_content(content)
    files = contentfiles.article_files(content)
    known = {a.slug for a in files}
    sciatica = next(a for a in files if a.slug == "sciatica")
    before_the_field = digest(_article_values_from_file(sciatica, known))
    assert Article.objects.get(slug="sciatica").content_hash == before_the_field
    assert "sciatica" in load_content(content).articles.unchanged


def test_an_unknown_group_is_an_error_in_the_file(tmp_path):
    path = tmp_path / "causes" / "x.md"
    path.parent.mkdir()
    source = next(a for a in contentfiles.article_files() if a.slug == "sciatica").path
    path.write_text(source.read_text().replace("order: 1\n", "order: 1\ngroup: sometimes\n"))
    assert any("group must be one of" in e for e in contentfiles.parse(path).errors)
