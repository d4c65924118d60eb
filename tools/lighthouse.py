"""Lighthouse (pinned in tools/package.json) against home, an article and a result page.

Usage: .venv/bin/python tools/lighthouse.py   (or `make lighthouse`)
Starts the site under gunicorn on a fresh SQLite database with the content loaded, makes a
result by filling in the questionnaire, runs Lighthouse with Debian's Chromium, prints the
four category scores per page and exits 1 unless every score is 100.

Accessibility, best practices and SEO are checks with one answer. The performance score is a
timing on a shared 2-core machine and moves by a point or two from run to run (Lighthouse's
docs/variability.md: "run Lighthouse multiple times"), so a page whose first performance
score is under 100 is run twice more and judged on the median of its three runs; every run's
metrics are printed so a real slowdown (all three under 100) still fails and shows why.

The results page is `noindex` on purpose (a private capability URL), so its SEO run skips
the one audit that asks for indexability (`is-crawlable`); every other audit counts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.server import free_port, manage, migrate, start_server, stop_server  # noqa: E402
from tools.sitewalk import Walker  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
PERFORMANCE_RUNS = 3


def ensure_lighthouse():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT / "tools", check=True)


def run(url, out: Path, skip_audits=()):
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if skip_audits:
        cmd.append("--skip-audits=" + ",".join(skip_audits))
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    # Lighthouse itself says "Please run Lighthouse again" when its trace comes back broken
    # (NO_NAVSTART, seen on a first Chromium start): any failed run gets one more try, and a
    # second failure stands (a real fault, such as a page that does not load, costs one rerun).
    if subprocess.run(cmd, env=env, timeout=300).returncode != 0:
        subprocess.run(cmd, check=True, env=env, timeout=300)
    report = json.loads(out.read_text())
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failing = [
        f"{a['id']} ({a.get('score')})"
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    metrics = "  ".join(
        f"{m} {report['audits'][m].get('displayValue', '?')}"
        for m in METRICS
        if m in report["audits"]
    )
    return scores, failing, metrics


def judge(url, out: Path, skip_audits=()):
    """Scores for one page: the first run's, with performance the median of 3 runs when the
    first is under 100. Returns the scores, the failing binary audits and a line per run."""
    scores, failing, metrics = run(url, out, skip_audits)
    if scores["performance"] == 100:
        return scores, failing, []
    runs = [(scores["performance"], metrics)]
    while len(runs) < PERFORMANCE_RUNS:
        more, _, more_metrics = run(url, out, skip_audits)
        runs.append((more["performance"], more_metrics))
    scores["performance"] = sorted(p for p, _ in runs)[len(runs) // 2]
    notes = [f"run {i}: performance {p}  {m}" for i, (p, m) in enumerate(runs, 1)]
    return scores, failing, notes


def main():
    ensure_lighthouse()
    tmp = Path(tempfile.mkdtemp(prefix="backhealth-lh-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="backhealth.settings",
        SQLITE_PATH=str(tmp / "lh.sqlite3"),
        DJANGO_LOG_LEVEL="WARNING",
        BACKHEALTH_RATE_LIMITS="off",
    )
    migrate(env)
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    ok = True
    try:
        result = Walker(base).complete_questionnaire()
        pages = [
            ("home", "/", ()),
            ("article", "/articles/sciatica/", ()),
            ("result", result, ("is-crawlable",)),
        ]
        for name, path, skip in pages:
            scores, failing, notes = judge(base + path, tmp / f"{name}.json", skip)
            line = "  ".join(f"{c} {s}" for c, s in scores.items())
            print(f"{name:8} {line}")
            for note in notes:
                print("  ", note)
            if any(s < 100 for s in scores.values()):
                ok = False
                print("   failing audits:", ", ".join(failing) or "(see report)")
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
