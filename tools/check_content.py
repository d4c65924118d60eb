"""Check the curated article files against the editorial standard.

Usage: .venv/bin/python tools/check_content.py [slug ...]
Prints each article's reading grades and any problem; exits 1 if any. Under CI (CI=true)
a missing seeds folder is a failure, not a skipped check.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles import contentfiles as cf  # noqa: E402

SEEDS = cf.seeds_dir(REPO)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def main(slugs: list[str]) -> int:
    if SEEDS is None:
        print(f"{'FAIL' if IN_CI else 'note'} the seed pages (shared/seeds) are not found")
        if IN_CI:
            return 1
    seeds = [p.read_text(errors="ignore") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS else []
    bad = 0
    for art in cf.article_files():
        if slugs and art.slug not in slugs:
            continue
        problems = list(art.errors)
        level = cf.readability(art.body)
        if level.grade > cf.MAX_GRADE:
            problems.append(f"reading grade {level.grade} > {cf.MAX_GRADE}")
        if level.smog > cf.MAX_SMOG:
            problems.append(f"SMOG grade {level.smog} > {cf.MAX_SMOG}")
        meta = art.meta
        cards = [item for _, items in cf.care_cards(meta) for item in items]
        parts = [art.body, str(meta.get("summary", "")), *cards]
        full = "\n".join(parts + [str(k) for k in meta.get("key_points") or []])
        runs = cf.copied_runs(full, seeds)
        problems += [f"copied from a seed: '{r}'" for r in runs[:5]]
        words = len(cf.words(cf.plain_text(art.body)))
        print(
            f"{'FAIL' if problems else 'ok  '} {art.slug:38} grade {level.grade:4} "
            f"smog {level.smog:4} words {words}"
        )
        for p in problems:
            print(f"       - {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
