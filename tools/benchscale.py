"""Benchmark, the growth run (tools/bench.py --scale N; `make bench-scale`: 5000).

After the shipped library has been measured, N generated articles (copies of the shipped
ones with new titles and slugs, spread over the topics) are added to the same database, and
the article, topic, search and sitemap pages are measured again on the same server, plus the
admin's article list for a signed-in superuser. Targets: requests/s (as a share of the static
file, same phase) and cold queries within 20 % of the shipped library's, the admin list under
300 ms. Generated articles are never loaded otherwise.
"""

from __future__ import annotations

import json
import subprocess

from tools.server import PY, ROOT, client_env

# Growth: requests/s and queries per page within 20 % of the shipped library's.
GROWTH_PAGES = ("article", "category", "search", "sitemap")
GROWTH_TOLERANCE = 0.20
ADMIN_LIST_TARGET_MS = 300


def admin_list_time(env):
    """Median time of the admin's article list for a signed-in superuser (Django test client)."""
    code = (
        "import json, statistics, time, django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "user, _ = get_user_model().objects.get_or_create(username='bench-admin', "
        "defaults={'is_staff': True, 'is_superuser': True})\n"
        "c = Client(); c.force_login(user); url = '/admin/articles/article/'\n"
        "c.get(url); times = []\n"
        "for _ in range(5):\n"
        "    t = time.perf_counter()\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        r = c.get(url)\n"
        "    times.append((time.perf_counter() - t) * 1000)\n"
        "print(json.dumps({'status': r.status_code, 'ms': statistics.median(times), "
        "'queries': len(q)}))\n"
    )
    done = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=client_env(env), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate_articles(env, count):
    """Add `count` published articles (copies of the shipped ones, new titles and slugs)."""
    code = (
        "import sys, django; django.setup()\n"
        "from django.utils import timezone\n"
        "from articles import pagecache\n"
        "from articles.models import Article, Category, Status\n"
        "shipped = list(Article.objects.published())\n"
        "topics = list(Category.objects.all())\n"
        "words = ['back', 'leg', 'nerve', 'disc', 'posture', 'sleep', 'walking', 'stretch']\n"
        "now = timezone.now(); batch = []\n"
        "copied = ['summary', 'key_points', 'body', 'body_html', 'body_toc',\n"
        "          'reviewer_name', 'reviewer_role', 'last_reviewed',\n"
        "          'next_review_due', 'reading_grade']\n"
        "for i in range(int(sys.argv[1])):\n"
        "    a = shipped[i % len(shipped)]\n"
        "    batch.append(Article(\n"
        "        title=f'{a.title[:150]}: note {i} on {words[i % len(words)]}',\n"
        "        slug=f'generated-{i}', category=topics[i % len(topics)], order=100 + i,\n"
        "        status=Status.PUBLISHED, publish_date=now, explains=[],\n"
        "        **{f: getattr(a, f) for f in copied}))\n"
        "Article.objects.bulk_create(batch, batch_size=500)\n"
        "pagecache.invalidate()\n"
        "print(Article.objects.count())\n"
    )
    done = subprocess.run(
        [PY, "-c", code, str(count)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def grow(env, count, measure):
    """The --scale run, on the running server after the shipped library's: `count` articles
    generated, then the growth pages measured again with `measure(names, warmup)` (the bench's
    measurement of those pages and the static file), and the admin's article list before and
    after. Returns (the rows, [admin list before, after])."""
    admin_before = admin_list_time(env)
    total = generate_articles(env, count)
    print(f"\n{count} articles generated: {total} in the library")
    # After a bulk import every worker rebuilds its search index once (2–6 s at
    # 5,000 articles; the search latency's "index build"): warm long enough to cover it.
    scaled = measure(GROWTH_PAGES, warmup=10)
    return scaled, [admin_before, admin_list_time(env)]


def growth_report(base_rows, scaled_rows, admin_before, admin_after, count) -> list[str]:
    lines = [
        f"| page | requests/s shipped | requests/s {count} | change | queries warm/cold "
        f"shipped | queries warm/cold {count} | cold ms shipped | cold ms {count} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    flags = []
    for name in GROWTH_PAGES:
        before, after = base_rows[name], scaled_rows[name]
        # Compare shares of the static file (same run), not raw numbers: the machine is shared.
        change = after["ratio"] / before["ratio"] - 1 if before["ratio"] else 0
        lines.append(
            f"| {name} | {before['rps']:.0f} | {after['rps']:.0f} | {change:+.0%} | "
            f"{before['queries']}/{before['queries_cold']} | "
            f"{after['queries']}/{after['queries_cold']} | {before['cold_ms']:.0f} | "
            f"{after['cold_ms']:.0f} |"
        )
        rps_ok = change >= -GROWTH_TOLERANCE
        q_ok = after["queries_cold"] <= before["queries_cold"] * (1 + GROWTH_TOLERANCE)
        flags.append(
            f"{'ok  ' if rps_ok else 'MISS'} {name}: requests/s (share of static) {change:+.0%} "
            f"(within -{GROWTH_TOLERANCE:.0%})"
        )
        flags.append(
            f"{'ok  ' if q_ok else 'MISS'} {name}: cold queries {before['queries_cold']} -> "
            f"{after['queries_cold']} (within +{GROWTH_TOLERANCE:.0%})"
        )
    flags.append(
        f"{'ok  ' if admin_after['ms'] < ADMIN_LIST_TARGET_MS else 'MISS'} admin article list: "
        f"{admin_before['ms']:.0f} ms ({admin_before['queries']} queries) -> "
        f"{admin_after['ms']:.0f} ms ({admin_after['queries']} queries) "
        f"(under {ADMIN_LIST_TARGET_MS} ms)"
    )
    return lines + [""] + flags
