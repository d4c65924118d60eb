"""A small re-implementation of the MDN HTTP Observatory header scoring.

Each check returns (outcome, modifier) as the Observatory's scoring table does; the
score starts at 100, bonuses count only when the score without them is at least 90,
and 100 or more is an A+.
"""

from tests.site.test_production import parse_csp

UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "data:", "http:", "https:", "*"}


def csp(headers):
    value = headers.get("Content-Security-Policy")
    if not value:
        return "csp-not-implemented", -25
    d = parse_csp(value)
    scripts = d.get("script-src", d.get("default-src", []))
    if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-inline", -20
    if UNSAFE & set(d.get("object-src", d.get("default-src", []))):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if d.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def cookies(cookie_flags):
    if not cookie_flags:
        return "cookies-not-found", 0
    for name, flags in cookie_flags.items():
        if flags["secure"] != "True":
            return "cookies-without-secure-flag", -20
        if "session" in name and flags["httponly"] != "True":
            return "cookies-session-without-httponly-flag", -30
        if flags["samesite"] not in ("Lax", "Strict"):
            return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def redirection(insecure):
    if insecure["status"] in (301, 302, 307, 308) and insecure["location"].startswith("https://"):
        return "redirection-to-https", 0
    return "redirection-missing", -20


def referrer(headers):
    value = headers.get("Referrer-Policy", "")
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    if value in private:
        return "referrer-policy-private", 5
    return ("referrer-policy-unsafe", -5) if value else ("referrer-policy-not-implemented", 0)


def hsts(headers):
    value = headers.get("Strict-Transport-Security", "")
    max_age = next(
        (int(p.split("=")[1]) for p in value.split(";") if p.strip().startswith("max-age")), 0
    )
    if max_age >= 15768000:
        return "hsts-implemented-max-age-at-least-six-months", 0
    return (
        ("hsts-implemented-max-age-less-than-six-months", -10)
        if value
        else ("hsts-not-implemented", -20)
    )


def nosniff(headers):
    if headers.get("X-Content-Type-Options", "").lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-not-implemented", -5


def frame_options(headers):
    d = parse_csp(headers.get("Content-Security-Policy", ""))
    if d.get("frame-ancestors") == ["'none'"]:
        return "x-frame-options-implemented-via-csp", 5
    if headers.get("X-Frame-Options", "").upper() in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def corp(headers):
    if headers.get("Cross-Origin-Resource-Policy") in ("same-origin", "same-site"):
        return "corp-implemented-with-same-origin", 0
    return "corp-not-implemented", 0


def score(headers, cookie_flags, insecure):
    results = [
        csp(headers),
        cookies(cookie_flags),
        redirection(insecure),
        referrer(headers),
        hsts(headers),
        nosniff(headers),
        frame_options(headers),
        corp(headers),
    ]
    penalties = sum(m for _, m in results if m < 0)
    bonuses = sum(m for _, m in results if m > 0)
    total = 100 + penalties
    if total >= 90:
        total += bonuses
    return total, results
