"""The ten articles added in content.md v2 meet the editorial standard.

Self-contained (PyYAML, textstat and the body-to-text helper of ``articles.contentfiles``), so it
checks the files themselves, whatever state the loader and the care-card models are in.
"""

import re
from pathlib import Path

import pytest
import textstat
import yaml

from articles import contentfiles

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "articles" / "content"

NEW = {
    "exercises-for-sciatica-and-back-pain": "treatments",
    "understanding-your-scan-report": "treatments",
    "back-pain-in-pregnancy": "causes",
    "work-and-back-pain": "treatments",
    "long-term-back-pain": "treatments",
    "should-i-have-surgery-for-sciatica": "treatments",
    "recovering-from-spine-surgery": "treatments",
    "back-pain-in-children-and-teens": "causes",
    "back-pain-in-older-adults": "causes",
    "spondylolisthesis": "causes",
}
LEVELS = ["emergency", "urgent", "soon", "routine"]
FIGURES = {
    "lower-spine", "slipped-disc", "sciatica-path", "stenosis-posture", "saddle-area",
    "exercise-knee-to-chest", "exercise-pelvic-tilt", "exercise-bridge", "exercise-cat-cow",
    "exercise-calf-stretch",
}  # fmt: skip
EXERCISE_FIGURES = {f for f in FIGURES if f.startswith("exercise-")}
BANNED = [
    r"paracetamol", r"\bA&E\b", r"\bGP\b", r"\bGPs\b", r"\b999\b", r"\b111\b", r"NHS 111",
    r"\bhospital trust\b", r"\bsurgery appointment\b",
]  # fmt: skip
PHONE = re.compile(r"\b\d{3}\b[-. ]?\d{3,4}\b|\b\d{3}-\d{4}\b|\b(911|811|988)\b|\b\d{7,}\b")
FIGURE = re.compile(r"!\[([^\]]*)\]\(figure:([a-z0-9-]+)\)")
SEED_DIRS = [REPO.parent / "shared" / "seeds", Path("/work/shared/seeds")]


def parse(slug):
    path = CONTENT / NEW[slug] / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.S)
    assert match, f"{path}: no front matter"
    return yaml.safe_load(match.group(1)), match.group(2)


def all_slugs():
    return {p.stem for p in CONTENT.glob("*/*.md")}


def prose(body):
    """The body as plain text, figures dropped (their alt text is not body prose)."""
    return contentfiles.plain_text(FIGURE.sub("", body))


def every_text(meta, body):
    care = meta.get("care") or {}
    return "\n".join(
        [
            body,
            str(meta.get("title", "")),
            str(meta.get("summary", "")),
            *[str(p) for p in meta.get("key_points") or []],
            *[str(item) for items in care.values() for item in items or []],
        ]
    )


SLUGS = sorted(NEW)


@pytest.mark.parametrize("slug", SLUGS)
def test_front_matter(slug):
    meta, body = parse(slug)
    assert meta["slug"] == slug
    assert meta["category"] == NEW[slug]
    for key in ("title", "summary", "key_points", "reviewer_name", "reviewer_role", "sources"):
        assert meta.get(key), key
    assert isinstance(meta.get("order"), int)
    assert meta["explains"] == []
    assert "care_level" not in meta and "care_text" not in meta
    assert meta["next_review_due"] > meta["last_reviewed"]
    for source in meta["sources"]:
        assert {"publisher", "title", "year", "url"} <= set(source)
        assert str(source["url"]).startswith("https://")
        assert 1990 < int(source["year"]) <= 2026


@pytest.mark.parametrize("slug", SLUGS)
def test_care_cards(slug):
    meta, _ = parse(slug)
    care = meta["care"]
    levels = list(care)
    assert levels and set(levels) <= set(LEVELS)
    assert levels == [level for level in LEVELS if level in levels], "levels in order"
    for level, items in care.items():
        assert isinstance(items, list) and items, level
        assert all(isinstance(item, str) and item.strip() for item in items)
    assert care["emergency"][0] == "WARNING_SIGNS"
    assert all("WARNING_SIGNS" not in item for lvl in levels[1:] for item in care[lvl])


# A trigger the questionnaire puts at one tier must not be put at another (assessment.md v2).
TRIGGERS = {
    "urgent": [
        r"\bcough(s|ing)?\b(?! up)",
        r"sneez",
        r"fever|high temperature",
        r"weak(ness)? in (a|one|your) leg",
    ],
    "soon": [r"(tingling|numbness)[^.]*\bone leg"],
}
# Words that tie a trigger to a spinal procedure or to both legs, where other rules decide.
NOT_ALONE = (
    r"both legs|(within|last) 6 weeks|after (your )?(surgery|operation)|spine surgery|procedure"
    r"|epidural"
)


@pytest.mark.parametrize("slug", SLUGS)
def test_triggers_sit_at_the_questionnaire_level(slug):
    meta, _ = parse(slug)
    care = meta["care"]
    for level, patterns in TRIGGERS.items():
        for other, items in care.items():
            if other == level:
                continue
            for item in items:
                for pattern in patterns:
                    if re.search(pattern, item, re.I) and not re.search(NOT_ALONE, item, re.I):
                        pytest.fail(
                            f"{slug}: '{item}' is in {other}, the questionnaire says {level}"
                        )


@pytest.mark.parametrize("slug", SLUGS)
def test_plain_language(slug):
    _, body = parse(slug)
    text = prose(body)
    assert textstat.flesch_kincaid_grade(text) <= 8.0
    assert textstat.smog_index(text) <= 9.0
    words = len(text.split())
    assert 450 <= words <= 1300, words


@pytest.mark.parametrize("slug", SLUGS)
def test_one_locale_and_no_typed_numbers(slug):
    meta, body = parse(slug)
    text = every_text(meta, body)
    for pattern in BANNED:
        assert not re.search(pattern, text), pattern
    assert not PHONE.search(text), PHONE.search(text).group(0)


@pytest.mark.parametrize("slug", SLUGS)
def test_figures(slug):
    _, body = parse(slug)
    found = FIGURE.findall(body)
    assert {name for _, name in found} <= FIGURES
    for alt, _ in found:
        assert len(alt.split()) >= 5, "alt text gives the point in a sentence"
    for line in body.splitlines():
        if "figure:" in line:
            assert FIGURE.fullmatch(line.strip()), "a figure is a paragraph of its own"
    if slug == "exercises-for-sciatica-and-back-pain":
        assert {name for _, name in found} == EXERCISE_FIGURES
    if slug == "understanding-your-scan-report":
        assert "slipped-disc" in {name for _, name in found}


@pytest.mark.parametrize("slug", SLUGS)
def test_related_articles_exist(slug):
    meta, _ = parse(slug)
    assert meta["related"]
    assert set(meta["related"]) <= all_slugs() - {slug}


@pytest.fixture(scope="module")
def seed_texts():
    for folder in SEED_DIRS:
        if folder.is_dir():
            return [p.read_text(errors="ignore") for p in sorted(folder.glob("*.txt"))]
    pytest.skip("the seed pages are not here")


@pytest.mark.parametrize("slug", SLUGS)
def test_no_8_word_run_from_the_seeds(slug, seed_texts):
    meta, body = parse(slug)
    assert contentfiles.copied_runs(every_text(meta, body), seed_texts) == []


def test_the_decision_aid_ends_with_a_printable_summary():
    _, body = parse("should-i-have-surgery-for-sciatica")
    tail = body.split("## My summary", 1)
    assert len(tail) == 2, "a '## My summary' section"
    summary = tail[1]
    assert "##" not in summary.replace("###", ""), "My summary is the last section"
    assert summary.count("☐") >= 4
    assert re.search(r"_{10,}", summary)
    assert "<form" not in summary and "<input" not in summary
