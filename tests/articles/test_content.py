"""Every content file in the repository meets the editorial standard, now and later.

Parametrised over the files themselves: a new article is checked as soon as it is added.
"""

import os
from pathlib import Path

import pytest

from articles import contentfiles
from articles.models import CauseSlug
from clinical.vocabulary import CARE_LEVELS, EMERGENCY
from clinical.vocabulary import WARNING_SIGNS as SIGN_IDS
from clinical.wording import SIGN_LABELS

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

ARTICLES = contentfiles.article_files()
BY_SLUG = {article.slug: article for article in ARTICLES}
IDS = [article.path.stem for article in ARTICLES]

# The set of content.md (spec/content.md, "The set").
SPEC_SLUGS = {
    "causes": [
        "sciatica", "herniated-disc", "spinal-stenosis", "lumbar-strain",
        "degenerative-disc-disease", "axial-spondyloarthritis", "nonspecific-low-back-pain",
        "cauda-equina-syndrome", "spinal-cord-compression", "peripheral-artery-disease",
        "peripheral-neuropathy", "night-leg-cramps", "serious-causes-of-back-pain",
    ],
    "treatments": [
        "staying-active", "pain-relief-at-home", "physical-therapy", "medicines",
        "spinal-injections", "spine-surgery", "spinal-cord-stimulation",
        "complementary-therapies", "tests-and-diagnosis",
    ],
    "prevention": [
        "posture-and-ergonomics", "exercise-for-a-strong-back", "healthy-weight-and-not-smoking",
        "lifting-and-sports", "backpacks-for-children", "stress-sleep-and-back-pain",
    ],
    "when-to-get-help": [
        "emergency-warning-signs", "when-to-see-a-doctor", "preparing-for-your-appointment",
    ],
}  # fmt: skip

# The emergency warning signs of spec/assessment.md, each as phrases of which one must appear.
WARNING_SIGNS = {
    "saddle_numbness": [("between your legs", "around your bottom"), ("wipe",)],
    "saddle_area": [("genitals",), ("inner thighs",)],
    "bladder": [("pee",), ("control your pee", "control when you pee")],
    "bowel": [("poo",)],
    "sexual": [("erection",), ("ejaculat",)],
    "both_legs": [("both legs",)],
    "leg_weakness_severe": [("hard to walk",)],
    "arms_and_legs": [("arms as well as your legs",)],
    "trauma": [("serious fall",)],
    "chest_pain": [("chest pain",), ("dizz",), ("faint",)],
    "do_not_drive": [("do not drive yourself",)],
}


def card_items(article) -> list[tuple[str, str]]:
    """(level, item) for every care card item, as written in the file."""
    cards = contentfiles.care_cards(article.meta)
    return [(level, item) for level, items in cards for item in items]


def shown_items(items: list[str]) -> list[str]:
    """The items as the page shows them: the WARNING_SIGNS line becomes every sign."""
    shown = []
    for item in items:
        if item == contentfiles.WARNING_SIGNS_TOKEN:
            shown += [str(SIGN_LABELS[sign]) for sign in SIGN_IDS]
        else:
            shown.append(item)
    return shown


def written_text(article) -> str:
    """Everything the file's author wrote (what must not be copied from the seeds)."""
    meta = article.meta
    return "\n".join(
        [
            article.body,
            str(meta.get("summary", "")),
            *[item for _, item in card_items(article)],
            *[str(point) for point in meta.get("key_points") or []],
        ]
    )


def full_text(article) -> str:
    """Everything a reader sees of the article, with the warning signs spelled out."""
    meta = article.meta
    cards = [item for _, items in contentfiles.care_cards(meta) for item in shown_items(items)]
    return "\n".join(
        [
            article.body,
            str(meta.get("summary", "")),
            *cards,
            *[str(point) for point in meta.get("key_points") or []],
        ]
    )


def test_the_31_articles_of_the_spec_exist_in_their_folders():
    assert sorted(BY_SLUG) == sorted(s for slugs in SPEC_SLUGS.values() for s in slugs)
    for category, slugs in SPEC_SLUGS.items():
        for slug in slugs:
            assert BY_SLUG[slug].path.parent.name == category
    assert len(ARTICLES) == 31


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_front_matter_is_complete_and_valid(article):
    assert article.errors == []
    assert article.meta["category"] in contentfiles.CATEGORIES
    assert list(article.meta["care"]) == [lvl for lvl in CARE_LEVELS if lvl in article.meta["care"]]
    assert set(article.meta["explains"]) <= set(CauseSlug.values)


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_reading_grade_is_8_or_lower(article):
    assert contentfiles.reading_grade(article.body) <= contentfiles.MAX_GRADE


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_has_sources_and_care_cards(article):
    sources = article.meta["sources"]
    assert len(sources) >= 1
    assert all(str(source["url"]).startswith("https://") for source in sources)
    cards = contentfiles.care_cards(article.meta)
    assert cards and all(items for _, items in cards)


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_related_articles_exist(article):
    related = article.meta["related"]
    assert related, "every article suggests related articles"
    assert set(related) <= set(BY_SLUG) - {article.slug}


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_body_leaves_title_care_card_and_sources_to_the_fields(article):
    headings = [line for line in article.body.splitlines() if line.startswith("#")]
    assert not [h for h in headings if h.startswith("# ")], "no # title in the body"
    lowered = [h.lstrip("#").strip().lower() for h in headings]
    assert "sources" not in lowered and "when to get help" not in lowered


@pytest.fixture(scope="module")
def seed_texts():
    if not SEEDS.is_dir():
        if IN_CI:
            pytest.fail(f"the seed pages are missing: {SEEDS}")
        pytest.skip(f"the seed pages are not here: {SEEDS}")
    texts = [path.read_text(errors="ignore") for path in sorted(SEEDS.glob("*.txt"))]
    assert texts
    return texts


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_no_8_word_run_is_copied_from_the_seeds(article, seed_texts):
    assert contentfiles.copied_runs(written_text(article), seed_texts) == []


def test_every_cause_is_explained_by_exactly_one_article():
    explained_by = {cause: [] for cause in CauseSlug.values}
    for article in ARTICLES:
        for cause in article.meta["explains"]:
            explained_by[cause].append(article.slug)
    assert explained_by == {cause: [cause] for cause in CauseSlug.values}


@pytest.mark.parametrize("slug", ["emergency-warning-signs", "cauda-equina-syndrome"])
def test_every_emergency_warning_sign_is_listed(slug):
    text = " ".join(full_text(BY_SLUG[slug]).lower().split())
    missing = [
        f"{sign}: {options}"
        for sign, groups in WARNING_SIGNS.items()
        for options in groups
        if not any(option in text for option in options)
    ]
    assert missing == []
    # The emergency card lists the one set of warning signs, as a bulleted list.
    assert contentfiles.WARNING_SIGNS_TOKEN in BY_SLUG[slug].meta["care"][EMERGENCY]


# --- the glossary -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary():
    assert contentfiles.GLOSSARY_FILE.exists(), "articles/content/glossary.yaml is missing"
    terms = contentfiles.glossary_terms()
    assert isinstance(terms, list) and terms
    return terms


def test_glossary_is_valid(glossary):
    assert contentfiles.validate_glossary(glossary, set(BY_SLUG)) == []


def test_glossary_slugs_and_words_are_unique(glossary):
    slugs = [term["slug"] for term in glossary]
    assert len(slugs) == len(set(slugs))
    words = [
        " ".join(word.casefold().split())
        for term in glossary
        for word in [term["term"], *(term.get("synonyms") or [])]
    ]
    assert sorted({w for w in words if words.count(w) > 1}) == []


def test_glossary_articles_exist(glossary):
    linked = {term["article"] for term in glossary if term.get("article")}
    assert linked <= set(BY_SLUG)


@pytest.mark.parametrize(
    ("synonym", "article"),
    [("slipped disc", "herniated-disc"), ("pinched nerve", "sciatica")],
)
def test_glossary_carries_the_search_synonyms(glossary, synonym, article):
    owners = [t for t in glossary if synonym in [s.casefold() for s in t.get("synonyms") or []]]
    assert [t["article"] for t in owners] == [article]


def test_validate_glossary_finds_problems():
    bad = [
        {"term": "Disc", "slug": "disc", "definition": "x", "synonyms": ["disk"]},
        {"term": "Disk", "slug": "disc", "definition": "", "synonyms": ["a, b"], "article": "nope"},
        {"term": "Spinal disc", "slug": "spinal-disc", "definition": "x", "synonyms": ["DISK"]},
    ]
    problems = " | ".join(contentfiles.validate_glossary(bad, {"sciatica"}))
    for expected in ("slug used twice", "missing definition", "comma", "also used by", "nope"):
        assert expected in problems


@pytest.mark.parametrize(
    ("care", "expected"),
    [
        ({"routine": ["Not better in 3 weeks."]}, []),
        ({"emergency": ["WARNING_SIGNS"], "soon": ["New tingling in one leg."]}, []),
        ({"later": ["x"]}, ["unknown level"]),
        ({"urgent": []}, ["urgent must be a list"]),
        ({"urgent": "Weak leg."}, ["urgent must be a list"]),
        ({"routine": ["x"], "urgent": ["y"]}, ["must come in the order"]),
        ({"urgent": ["WARNING_SIGNS"]}, ["emergency card only"]),
        ({"urgent": [""]}, ["must be a sentence"]),
        ([], ["care must map"]),
        ({}, ["care must map"]),
    ],
)
def test_validate_care_explains_what_is_wrong(care, expected):
    errors = contentfiles.validate_care(care)
    assert len(errors) == len(expected)
    for error, words in zip(errors, expected, strict=True):
        assert words in error


def test_an_article_file_without_care_cards_is_refused(tmp_path):
    text = BY_SLUG["sciatica"].path.read_text(encoding="utf-8")
    start, end = text.index("\ncare:\n"), text.index("\nexplains:")
    folder = tmp_path / "causes"
    folder.mkdir()
    path = folder / "sciatica.md"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert "missing care" in contentfiles.parse(path).errors
