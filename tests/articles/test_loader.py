"""load_content: creates what is missing, refreshes untouched rows, never undoes staff edits."""

import io
import shutil

import pytest
import yaml
from django.core.management import call_command

from articles import contentfiles
from articles.loading import load_content
from articles.models import Approval, Article, Category, Source, Status, Term

SLUGS = ["sciatica", "herniated-disc", "staying-active"]


def run(content_dir=None):
    out, err = io.StringIO(), io.StringIO()
    options = {"content_dir": content_dir} if content_dir else {}
    call_command("load_content", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def content(db, tmp_path):
    """A small copy of the content folder that tests may change."""
    for article in contentfiles.article_files():
        if article.slug in SLUGS:
            folder = tmp_path / article.path.parent.name
            folder.mkdir(exist_ok=True)
            shutil.copy(article.path, folder / article.path.name)
    terms = [
        {"term": "Herniated disc", "slug": "herniated-disc", "definition": "A disc that bulges.",
         "synonyms": ["slipped disc"], "article": "herniated-disc"},
        {"term": "Lumbar", "slug": "lumbar", "definition": "The lower back.",
         "synonyms": ["lower back"]},
    ]  # fmt: skip
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump(terms), encoding="utf-8")
    return tmp_path


def edit_file(content, slug, old, new):
    path = next(content.glob(f"*/{slug}.md"))
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_loads_every_article_and_the_whole_glossary(db):
    out, err = run()
    files = contentfiles.article_files()
    terms = contentfiles.glossary_terms()
    assert Article.objects.count() == len(files) >= 31
    assert Article.objects.published().count() == len(files)
    assert Category.objects.count() == 4
    assert Term.objects.count() == len(terms) > 0
    assert f"Articles: {len(files)} created, 0 updated" in out
    assert err == ""
    sciatica = Article.objects.get(slug="sciatica")
    meta = next(f.meta for f in files if f.slug == "sciatica")
    assert sciatica.title == meta["title"]
    assert sciatica.category.slug == "causes"
    assert sciatica.explains == ["sciatica"]
    assert sorted(a.slug for a in sciatica.related.all()) == sorted(meta["related"])
    assert sciatica.sources.count() == len(meta["sources"])
    assert sciatica.body_html.startswith("<h2")
    assert Term.objects.get(slug="sciatica").article == sciatica
    # Bodies link glossary terms, which exist only after the glossary was loaded.
    assert "glossary-link" in Article.objects.get(slug="herniated-disc").body_html


def test_a_rerun_changes_nothing(db):
    run()
    before = {a.slug: (a.updated, a.body_html, a.content_hash) for a in Article.objects.all()}
    terms_before = list(Term.objects.values_list("slug", "content_hash", "definition"))
    sources_before = list(Source.objects.values_list("pk", flat=True))
    out, err = run()
    count = len(contentfiles.article_files())
    assert (
        f"Articles: 0 created, 0 updated, 0 kept because staff edited them, {count} unchanged"
        in out
    )
    assert "Glossary terms: 0 created, 0 updated" in out
    assert err == ""
    after = {a.slug: (a.updated, a.body_html, a.content_hash) for a in Article.objects.all()}
    assert after == before
    assert list(Term.objects.values_list("slug", "content_hash", "definition")) == terms_before
    assert list(Source.objects.values_list("pk", flat=True)) == sources_before


def test_an_untouched_article_follows_its_file(content):
    load_content(content)
    edit_file(content, "sciatica", "## What it is", "## What sciatica is")
    report = load_content(content)
    assert report.articles.updated == ["sciatica"]
    assert sorted(report.articles.unchanged) == sorted(s for s in SLUGS if s != "sciatica")
    article = Article.objects.get(slug="sciatica")
    assert "## What sciatica is" in article.body
    assert '<h2 id="section-what-sciatica-is">' in article.body_html
    # The next run sees nothing new.
    assert (
        load_content(content).articles.unchanged == SLUGS
        or not load_content(content).articles.updated
    )


@pytest.mark.parametrize(
    "staff_edit",
    [
        lambda a: setattr(a, "title", "Retitled by staff") or a.save(),
        lambda a: setattr(a, "body", a.body + "\n\nA staff sentence.") or a.save(),
        lambda a: setattr(a, "explains", []) or a.save(),
        lambda a: a.sources.first().delete(),
        lambda a: a.related.clear(),
        lambda a: Source.objects.create(
            article=a, publisher="X", title="Y", year=2025, url="https://x.example/"
        ),
    ],
    ids=["title", "body", "explains", "source removed", "related cleared", "source added"],
)
def test_a_staff_edit_survives_a_rerun(content, staff_edit):
    load_content(content)
    article = Article.objects.get(slug="sciatica")
    staff_edit(article)
    edited = article_state("sciatica")
    edit_file(content, "sciatica", "## What it is", "## Changed in the repository")
    report = load_content(content)
    assert report.articles.kept == ["sciatica"]
    assert article_state("sciatica") == edited


def article_state(slug):
    article = Article.objects.get(slug=slug)
    return (
        article.title,
        article.body,
        article.explains,
        sorted(article.related.values_list("slug", flat=True)),
        list(article.sources.values_list("title", flat=True)),
    )


def test_publishing_state_is_not_an_edit_and_is_never_reset(content):
    load_content(content)
    Article.objects.filter(slug="sciatica").update(status=Status.DRAFT)
    edit_file(content, "sciatica", "## What it is", "## What it is now")
    report = load_content(content)
    assert report.articles.updated == ["sciatica"]
    article = Article.objects.get(slug="sciatica")
    assert article.status == Status.DRAFT
    assert "## What it is now" in article.body


def test_saving_in_the_admin_without_changes_is_not_an_edit(content):
    load_content(content)
    article = Article.objects.get(slug="sciatica")
    # What a browser sends back: CRLF line endings and trailing newlines.
    article.body = article.body.replace("\n", "\r\n") + "\r\n"
    article.save()
    edit_file(content, "sciatica", "## What it is", "## What it is, again")
    assert load_content(content).articles.updated == ["sciatica"]


def test_glossary_terms_follow_the_same_rules(content):
    load_content(content)
    Term.objects.filter(slug="lumbar").update(definition="Staff wording.")
    glossary = content / "glossary.yaml"
    terms = yaml.safe_load(glossary.read_text())
    for term in terms:
        term["definition"] += " Updated."
    glossary.write_text(yaml.safe_dump(terms))
    report = load_content(content)
    assert report.terms.kept == ["lumbar"]
    assert report.terms.updated == ["herniated-disc"]
    assert Term.objects.get(slug="lumbar").definition == "Staff wording."
    assert Term.objects.get(slug="herniated-disc").definition == "A disc that bulges. Updated."


def test_a_new_glossary_term_is_linked_in_existing_bodies(content):
    load_content(content)
    assert "#spinal-stenosis" not in Article.objects.get(slug="sciatica").body_html
    glossary = content / "glossary.yaml"
    terms = yaml.safe_load(glossary.read_text())
    terms.append({"term": "Spinal stenosis", "slug": "spinal-stenosis", "definition": "Narrow."})
    glossary.write_text(yaml.safe_dump(terms))
    report = load_content(content)
    assert report.terms.created == ["spinal-stenosis"]
    assert 'href="/glossary/#spinal-stenosis"' in Article.objects.get(slug="sciatica").body_html


def test_missing_related_articles_are_reported_not_fatal(content):
    out, err = run(content)  # the copies point at articles that are not in the folder
    assert Article.objects.count() == len(SLUGS)
    assert "sciatica: related articles not found" in err
    assert "pain-relief-at-home" in err
    assert "Articles: 3 created" in out
    assert sorted(Article.objects.get(slug="sciatica").related.values_list("slug", flat=True)) == [
        "herniated-disc",
        "staying-active",
    ]


def test_a_broken_file_is_skipped_with_a_warning(content):
    (content / "causes" / "broken.md").write_text("no front matter here", encoding="utf-8")
    out, err = run(content)
    assert "broken.md skipped" in err
    assert not Article.objects.filter(slug="broken").exists()
    assert Article.objects.count() == len(SLUGS)


def test_no_glossary_file_is_fine(content):
    (content / "glossary.yaml").unlink()
    report = load_content(content)
    assert len(report.articles.created) == len(SLUGS)
    assert Term.objects.count() == 0


def test_loading_keeps_a_revision_to_go_back_to(content):
    from reversion.models import Version

    load_content(content)
    article = Article.objects.get(slug="sciatica")
    version = Version.objects.get_for_object(article).get()
    assert version.revision.comment.startswith("Loaded from the repository")
    assert version.field_dict["title"] == article.title
    # The revision holds every loaded source too, so a revert brings them back.
    sources = Version.objects.get_for_model(Source).filter(revision=version.revision)
    assert sources.count() == Source.objects.count() > 0


def test_an_article_renamed_by_staff_is_not_loaded_twice(content):
    load_content(content)
    Article.objects.filter(slug="sciatica").update(slug="sciatica-leg-pain")
    report = load_content(content)
    assert report.articles.created == []
    assert not Article.objects.filter(slug="sciatica").exists()
    assert Article.objects.count() == len(SLUGS)
    # Still the same row: a changed file still reaches it, under its new address.
    edit_file(content, "sciatica", "## What it is", "## What it is today")
    assert load_content(content).articles.updated == ["sciatica"]
    assert "## What it is today" in Article.objects.get(slug="sciatica-leg-pain").body


def test_an_article_renamed_and_retitled_by_staff_is_kept(content):
    load_content(content)
    article = Article.objects.get(slug="sciatica")
    article.slug, article.title = "leg-pain", "Leg pain from your back"
    article.save()
    edit_file(content, "sciatica", "## What it is", "## Changed in the repository")
    report = load_content(content)
    assert report.articles.kept == ["sciatica"] and report.articles.created == []
    assert Article.objects.get(pk=article.pk).title == "Leg pain from your back"
    assert Article.objects.count() == len(SLUGS)


def test_a_topic_renamed_by_staff_is_not_created_again(content):
    load_content(content)
    Category.objects.filter(slug="causes").update(slug="why-it-hurts", name="Why it hurts")
    report = load_content(content)
    assert report.categories.created == []
    assert Category.objects.count() == 4
    assert not Category.objects.filter(slug="causes").exists()


def test_a_glossary_term_renamed_by_staff_is_not_created_again(content):
    load_content(content)
    Term.objects.filter(slug="lumbar").update(slug="lower-back", term="Lower back (lumbar)")
    report = load_content(content)
    assert report.terms.created == [] and report.terms.kept == ["lumbar"]
    assert Term.objects.filter(term__icontains="lumbar").count() == 1


def test_loaded_articles_are_checked_by_editors_not_clinicians(content):
    load_content(content)
    article = Article.objects.get(slug="sciatica")
    assert article.approval == Approval.EDITORIAL
    assert article.approved_by is None and not article.clinically_reviewed
    assert article in Article.objects.published()


def test_with_clinical_approval_required_loaded_articles_wait_for_review(content, settings):
    settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = True
    load_content(content)
    assert Article.objects.published().count() == 0
    assert set(Article.objects.values_list("status", flat=True)) == {Status.SUBMITTED}


def test_with_clinical_approval_required_a_changed_file_becomes_a_pending_change(content, settings):
    load_content(content)
    settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = True
    edit_file(content, "sciatica", "## What it is", "## What it is, from the file")
    report = load_content(content)
    assert report.articles.updated == ["sciatica"]
    live = Article.objects.live().get(slug="sciatica")
    assert "from the file" not in live.body  # the public keeps the approved version
    change = live.pending_change
    assert change.status == Status.SUBMITTED and "from the file" in change.body
    assert change.sources.count() == live.sources.count() > 0
    assert load_content(content).articles.kept == ["sciatica"]  # not a second change


def test_a_deleted_article_comes_back_while_its_file_exists(content):
    load_content(content)
    Article.objects.filter(slug="staying-active").delete()
    assert load_content(content).articles.created == ["staying-active"]


def test_stale_article_html_is_rendered_again(content):
    load_content(content)
    Article.objects.filter(slug="sciatica").update(body_html="<p>old renderer</p>")
    report = load_content(content)
    assert report.rerendered == 1
    assert report.articles.kept == []  # derived HTML is not a staff edit
    assert Article.objects.get(slug="sciatica").body_html.startswith("<h2")
    assert load_content(content).rerendered == 0


def test_care_cards_are_loaded_one_per_level_in_tier_order(content):
    load_content(content)
    sciatica = Article.objects.get(slug="sciatica")
    cards = sciatica.care_card_list
    assert [card.level for card in cards] == ["emergency", "urgent", "soon", "routine"]
    meta = contentfiles.parse(next(content.glob("*/sciatica.md"))).meta
    assert cards[1].trigger_lines == [" ".join(item.split()) for item in meta["care"]["urgent"]]
    # The token stays a token in the database; the page shows every warning sign for it.
    assert cards[0].trigger_lines[0] == "WARNING_SIGNS"
    assert len(cards[0].items) >= 10


def test_a_changed_care_card_file_updates_and_an_edited_card_is_kept(content):
    load_content(content)
    edit_file(content, "sciatica", "  soon:\n", "  soon:\n    - A new soon trigger.\n")
    report = load_content(content)
    assert report.articles.updated == ["sciatica"]
    soon = Article.objects.get(slug="sciatica").care_cards.get(level="soon")
    assert soon.trigger_lines[0] == "A new soon trigger."
    # Staff change a card in the admin: the next load keeps it.
    soon.triggers = "Staff wording."
    soon.save()
    edit_file(content, "sciatica", "A new soon trigger.", "Another trigger.")
    report = load_content(content)
    assert report.articles.kept == ["sciatica"]
    assert Article.objects.get(slug="sciatica").care_cards.get(level="soon").triggers == (
        "Staff wording."
    )
