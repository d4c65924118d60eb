"""Two independent checkers on every page type: the Nu Html Checker and pa11y (HTML_CodeSniffer).

Usage: .venv/bin/python tools/checkpages.py [--only NAME ...] [--keep DIR] [--no-pa11y]
       (or `make checkpages`)

Starts the site under gunicorn on loopback (a fresh SQLite database, the content loaded,
settings from tools/checkpages_site.py, which adds a page that fails with a 500 and one that
answers the 503 outage page). Then it fetches every page type in PAGES, exactly as a person
gets it (the questionnaire is walked with a cookie jar, CSRF and one POST per step), saves
each page's HTML, and runs

- the Nu Html Checker (tools/node_modules/vnu-jar, Java) on all saved pages at once;
- pa11y with the HTML_CodeSniffer runner, WCAG2AA, Debian's Chromium, on each page. pa11y
  opens pages by URL, and pages reached by a POST have no URL of their own, so every saved
  page is served again by a small loopback server that passes /static/ through to the site.

Prints the error count per page and per checker and exits 1 on any error, or when a page
could not be fetched (missing input is a failure, not a pass). Versions are pinned in
tools/package.json.

PAGES is data: one (name, how to get it) entry per page. A "how" is a function of the
Walker that returns the page's HTML, or for walks (the questionnaire) a dict of name → HTML.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.server import free_port, manage, migrate, start_server, stop_server  # noqa: E402
from tools.sitewalk import EMERGENCY, ROUTINE, SELF_CARE, SOON, URGENT, Walker, _Form  # noqa: E402

NODE_BIN = ROOT / "tools" / "node_modules" / ".bin"
VNU_JAR = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PA11Y_CONFIG = {
    "chromeLaunchConfig": {
        "executablePath": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    },
    "runners": ["htmlcs"],
    "standard": "WCAG2AA",
    "includeWarnings": False,
    "includeNotices": False,
    "timeout": 60000,
}

# --- Answer sets: one per kind of result (tools/sitewalk.py, spec v2) ---------------------
RESULT_KINDS = {
    "self_care": SELF_CARE,
    "routine": ROUTINE,
    "soon": SOON,
    "urgent": URGENT,
    "emergency": EMERGENCY,
}


# --- How to get each page ----------------------------------------------------------------------
def get(path: str, status: int = 200):
    def fetch(walker: Walker) -> str:
        got, url, html = walker.get(path)
        if got != status:
            raise RuntimeError(f"GET {path} answered {got}, expected {status}")
        return html

    return fetch


def each_topic(walker: Walker) -> dict[str, str]:
    """Every topic page linked from the home page (so a new topic is checked too)."""
    _, _, home = walker.get("/")
    slugs = sorted(set(re.findall(r'href="/topics/([a-z0-9-]+)/"', home)))
    if not slugs:
        raise RuntimeError("no topic links on the home page")
    return {f"topic {slug}": get(f"/topics/{slug}/")(walker) for slug in slugs}


def every_article(walker: Walker) -> dict[str, str]:
    """Every article in the sitemap (so a new article is checked too).

    /sitemap.xml is an index: the articles are in its section pages (/sitemap-articles.xml?p=N).
    """
    _, _, index = walker.get("/sitemap.xml")
    sections = re.findall(r"<loc>[a-z]+://[^/<]+(/sitemap-articles\.xml[^<]*)</loc>", index)
    found = set()
    for section in sections:
        _, _, sitemap = walker.get(section.replace("&amp;", "&"))
        found.update(re.findall(r"<loc>[a-z]+://[^/<]+(/articles/[a-z0-9-]+/)</loc>", sitemap))
    paths = sorted(found)
    if len(paths) < 10:
        raise RuntimeError(f"only {len(paths)} articles in the sitemap")
    return {f"article {p.split('/')[2]}": get(p)(walker) for p in paths}


def editorial_pages(walker: Walker) -> dict[str, str]:
    """Every editorial page linked from the footer (about us, privacy, contact ...)."""
    _, _, home = walker.get("/")
    footer = home.split('id="footer-about-heading"', 1)[-1].split("</nav>", 1)[0]
    paths = re.findall(r'href="(/[a-z0-9-]+/)"', footer)
    if not paths:
        raise RuntimeError("no editorial pages linked from the footer")
    return {f"editorial {p.strip('/')}": get(p)(walker) for p in paths}


def did_you_mean(walker: Walker) -> dict[str, str]:
    """Search with a misspelling; checked only if the site offers a "did you mean"."""
    html = get("/search/?q=sciatca")(walker)
    return {"search did-you-mean": html} if re.search(r"did you mean", html, re.I) else {}


def _post_step(walker: Walker, url: str, html: str, answers: dict | None):
    """POST the step form at `url` with `answers` (None: no answers at all)."""
    form = _Form()
    form.feed(html)
    if form.action is None:
        raise RuntimeError(f"no questionnaire form at {url}")
    data = list(form.hidden)
    for name in form.fields if answers is not None else ():
        value = answers.get(name.split("-", 1)[-1])
        for v in value if isinstance(value, list) else ([] if value is None else [value]):
            data.append((name, str(v)))
    post_to = urllib.parse.urljoin(url, form.action or url)
    return post_to, walker.request(post_to, data)


def _step_name(html: str) -> str:
    found = re.search(r'name="[^"]*current_step" value="([^"]+)"', html)
    return found.group(1) if found else "unknown"


def questionnaire(answers: dict, label: str, with_errors: bool):
    """Walk the questionnaire: each step as first shown (and, if asked, after an empty
    submit, with its errors), the review page, then the result."""

    def walk(walker: Walker) -> dict[str, str]:
        pages: dict[str, str] = {}
        status, url, html = walker.get("/check/")
        if with_errors:
            pages["questionnaire start"] = html
        if status == 200 and "current_step" not in html:
            status, url, html = walker.start_questionnaire(url, html)
        for _ in range(25):
            if status != 200:
                raise RuntimeError(f"step page answered {status} at {url}")
            step = _step_name(html)
            if with_errors:
                pages[f"step {step}"] = html
                _, (code, _, error_html) = _post_step(walker, url, html, None)
                if code == 200 and _step_name(error_html) == step:
                    pages[f"step {step} with errors"] = error_html
                elif step != "review":
                    raise RuntimeError(f"an empty submit of step {step} answered {code}")
            post_to, (status, location, html) = _post_step(walker, url, html, answers)
            if status in (301, 302, 303):
                target = urllib.parse.urljoin(post_to, location)
                status, url, html = walker.get(target)
                if "/results/" in target:
                    if status != 200:
                        raise RuntimeError(f"result page answered {status}")
                    pages[f"result {label}"] = html
                    return pages
            elif status == 200:
                url = post_to
            else:
                raise RuntimeError(f"POST {post_to} answered {status}")
        raise RuntimeError("the questionnaire did not finish in 25 steps")

    return walk


def expired(walker: Walker) -> str:
    """A later step posted by someone whose answers are gone: the "start again" page."""
    first = Walker(walker.base)
    status, url, html = first.get("/check/")
    if "current_step" not in html:
        status, url, html = first.start_questionnaire(url, html)
    _, (_, _, html2) = _post_step(first, url, html, SELF_CARE)
    later = _step_name(html2)
    fresh = Walker(walker.base)  # no session: the answers "expired"
    _, _, page = fresh.get("/check/")  # a CSRF cookie and token
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    data = [("csrfmiddlewaretoken", csrf.group(1))] if csrf else []
    prefix = re.search(r'name="([^"]*)current_step"', html2)
    data.append(((prefix.group(1) if prefix else "") + "current_step", later))
    status, location, body = fresh.request(f"/check/{later}/", data)
    if status in (301, 302, 303):
        status, _, body = fresh.get(urllib.parse.urljoin(walker.base + "/", location))
    if not re.search(r"start again|expired|timed out", body, re.I):
        raise RuntimeError(f"no expired page after posting {later} without a session")
    return body


def bad_request(walker: Walker) -> str:
    """A request for a host the site does not serve: the 400 page."""
    req = urllib.request.Request(walker.base + "/", headers={"Host": "evil.example"})
    try:
        with urllib.request.urlopen(req, timeout=walker.timeout) as resp:
            raise RuntimeError(f"a wrong Host header answered {resp.status}, expected 400")
    except urllib.error.HTTPError as err:
        if err.code != 400:
            raise RuntimeError(f"a wrong Host header answered {err.code}, expected 400") from err
        return err.read().decode()


def too_many(walker: Walker) -> str:
    """Result look-ups from one address until the rate limit answers 429."""
    for _ in range(200):
        status, _, html = walker.request("/results/not-a-real-token-but-long-enough-0000/")
        if status == 429:
            return html
    raise RuntimeError("no 429 after 200 result look-ups")


# One list of (name, how to get it). Walks return several pages at once.
PAGES: list[tuple[str, object]] = [
    ("home", get("/")),
    ("topics", each_topic),
    ("articles", every_article),
    ("search results", get("/search/?q=slipped+disc")),
    ("search no results", get("/search/?q=qwertyuiop")),
    ("search empty", get("/search/")),
    ("search did-you-mean", did_you_mean),
    ("glossary", get("/glossary/")),
    ("questionnaire steps", questionnaire(SELF_CARE, "self_care", with_errors=True)),
    *(
        (f"result {kind}", questionnaire(answers, kind, with_errors=False))
        for kind, answers in RESULT_KINDS.items()
        if kind != "self_care"
    ),
    ("under 16", get("/check/under-16/")),
    ("expired", expired),
    ("result deleted", get("/results/deleted/")),
    ("400", bad_request),
    ("404", get("/no-such-page/", 404)),
    ("500", get("/-/checkpages/500/", 500)),
    ("503", get("/-/checkpages/503/", 503)),
    ("editorial pages", editorial_pages),
    ("429", too_many),  # last: it uses up the result look-ups of this address
]


# --- Checkers ----------------------------------------------------------------------------------
def run_vnu(files: dict[str, Path]) -> dict[str, list[str]]:
    """Nu Html Checker on all files at once: name → error messages."""
    out = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(p) for p in files.values()],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(out.stderr or out.stdout or '{"messages": []}')
    by_path = {str(p.resolve()): name for name, p in files.items()}
    errors: dict[str, list[str]] = {name: [] for name in files}
    for msg in report.get("messages", []):
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        path = urllib.parse.unquote(urllib.parse.urlparse(msg.get("url", "")).path)
        name = by_path.get(str(Path(path).resolve()), path)
        line = msg.get("lastLine", "?")
        errors.setdefault(name, []).append(f"line {line}: {msg.get('message')}")
    return errors


def run_pa11y(url: str, config: Path) -> list[str]:
    out = subprocess.run(
        [str(NODE_BIN / "pa11y"), "--config", str(config), "--reporter", "json", url],
        capture_output=True,
        text=True,
        timeout=180,
    )
    try:
        issues = json.loads(out.stdout or "[]")
    except json.JSONDecodeError:
        return [f"pa11y failed: {(out.stderr or out.stdout).strip()[:500]}"]
    return [
        f"{i.get('code')}: {i.get('message')} [{i.get('selector')}]"
        for i in issues
        if i.get("type") == "error"
    ]


class _Snapshots(http.server.BaseHTTPRequestHandler):
    """Serves saved pages at /-/snapshot/<file>; everything else is fetched from the site."""

    folder: Path
    site: str

    def do_GET(self):  # noqa: N802 (the http.server hook's name)
        if self.path.startswith("/-/snapshot/"):
            body = (self.folder / Path(self.path).name).read_bytes()
            kind = "text/html; charset=utf-8"
            code = 200
        else:
            try:
                with urllib.request.urlopen(self.site + self.path, timeout=30) as resp:
                    body, kind, code = resp.read(), resp.headers["Content-Type"], resp.status
            except urllib.error.HTTPError as err:
                body, kind, code = err.read(), err.headers.get("Content-Type", ""), err.code
        self.send_response(code)
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve_snapshots(folder: Path, site: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (_Snapshots,), {"folder": folder, "site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def collect(walker: Walker, only: list[str]) -> tuple[dict[str, str], list[str]]:
    pages: dict[str, str] = {}
    failures: list[str] = []
    for name, how in PAGES:
        if only and not any(o in name for o in only):
            continue
        try:
            got = how(walker)
        except Exception as err:  # report every page that could not be fetched, then fail
            failures.append(f"{name}: {err}")
            continue
        pages.update(got if isinstance(got, dict) else {name: got})
    return pages, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="pages whose name contains these")
    parser.add_argument("--keep", type=Path, help="save the pages and reports in this folder")
    parser.add_argument("--no-pa11y", action="store_true", help="the Nu Html Checker only")
    args = parser.parse_args()

    if not VNU_JAR.exists() or not (NODE_BIN / "pa11y").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT / "tools", check=True)
    if not shutil.which("java"):
        sys.exit("java is required for the Nu Html Checker (apt-get install default-jre-headless)")

    tmp = Path(tempfile.mkdtemp(prefix="backhealth-check-"))
    folder = args.keep or tmp / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tools.checkpages_site",
        SQLITE_PATH=str(tmp / "check.sqlite3"),
        DJANGO_LOG_LEVEL="CRITICAL",
        BACKHEALTH_RATE_LIMITS="on",
        BACKHEALTH_RATE_QUESTIONNAIRE="100000/m",
        BACKHEALTH_RATE_RESULTS="30/m",
    )
    migrate(env)
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    snapshots = None
    try:
        pages, failures = collect(Walker(site), args.only)
        files = {}
        for name, html in pages.items():
            files[name] = folder / f"{slug(name)}.html"
            files[name].write_text(html, encoding="utf-8")
        vnu = run_vnu(files) if files else {}
        pa11y: dict[str, list[str]] = {}
        if not args.no_pa11y and files:
            config = tmp / "pa11y.json"
            config.write_text(json.dumps(PA11Y_CONFIG))
            snapshots, snap_base = serve_snapshots(folder, site)
            # Two at a time: each run starts its own Chromium (about 7 s a page).
            with ThreadPoolExecutor(max_workers=2) as pool:
                runs = {
                    name: pool.submit(run_pa11y, f"{snap_base}/-/snapshot/{path.name}", config)
                    for name, path in files.items()
                }
            pa11y = {name: run.result() for name, run in runs.items()}
    finally:
        if snapshots:
            snapshots.shutdown()
        stop_server(server)

    width = max((len(n) for n in pages), default=10)
    print(f"{'page':{width}}  nu  pa11y")
    for name in pages:
        pa = "-" if args.no_pa11y else len(pa11y.get(name, []))
        print(f"{name:{width}}  {len(vnu.get(name, [])):2}  {pa}")
    total = 0
    for checker, found in (("Nu Html Checker", vnu), ("pa11y", pa11y)):
        for name, errors in found.items():
            total += len(errors)
            for error in errors:
                print(f"  {checker} · {name} · {error}")
    if args.keep:
        (folder / "report.json").write_text(json.dumps({"nu": vnu, "pa11y": pa11y}, indent=1))
    for failure in failures:
        print(f"  NOT CHECKED · {failure}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    ok = total == 0 and not failures and bool(pages)
    verdict = "PASS" if ok else "FAIL"
    print(f"{len(pages)} pages, {total} errors, {len(failures)} not fetched: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
