"""Check the curated article files against the editorial standard.

Usage: .venv/bin/python tools/check_content.py [slug ...]
Prints each article's reading grade and any problem; exits 1 if any.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles import contentfiles as cf  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main(slugs: list[str]) -> int:
    seeds = [p.read_text(errors="ignore") for p in sorted(SEEDS.glob("*.txt"))]
    bad = 0
    for art in cf.article_files():
        if slugs and art.slug not in slugs:
            continue
        problems = list(art.errors)
        grade = cf.reading_grade(art.body)
        if grade > cf.MAX_GRADE:
            problems.append(f"reading grade {grade} > {cf.MAX_GRADE}")
        meta = art.meta
        parts = [art.body, str(meta.get("summary", "")), str(meta.get("care_text", ""))]
        full = "\n".join(parts + [str(k) for k in meta.get("key_points") or []])
        runs = cf.copied_runs(full, seeds)
        problems += [f"copied from a seed: '{r}'" for r in runs[:5]]
        words = len(cf.words(cf.plain_text(art.body)))
        print(f"{'FAIL' if problems else 'ok  '} {art.slug:34} grade {grade:4} words {words}")
        for p in problems:
            print(f"       - {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
