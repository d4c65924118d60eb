"""Production mode: HTTPS, security headers, CSP, cookies, host checking, check --deploy."""

import pytest

from tests.site.production import fetch, manage


@pytest.fixture(scope="module")
def prod():
    return fetch(["/", "/admin/login/", "/-/alive/"])


def parse_csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


def test_check_deploy_passes_with_production_settings():
    done = manage("check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    done = manage("check", DJANGO_SECRET_KEY="")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


def test_production_refuses_the_local_development_key():
    done = manage("check", DJANGO_SECRET_KEY="django-insecure-local-only-never-use-in-production")
    assert done.returncode != 0


def test_production_refuses_to_start_without_allowed_hosts():
    done = manage("check", DJANGO_ALLOWED_HOSTS="")
    assert done.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in done.stderr


def test_plain_http_redirects_to_https(prod):
    assert prod["insecure"]["status"] == 301
    assert prod["insecure"]["location"].startswith("https://backhealth.example/")


def test_wrong_host_gets_400(prod):
    assert prod["wrong_host"]["status"] == 400


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/-/alive/"])
def test_security_headers_on_every_page(prod, path):
    headers = prod[path]["headers"]
    assert prod[path]["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_content_security_policy_is_strict(prod, path):
    csp = parse_csp(prod[path]["headers"]["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'self'" in csp["script-src"]
    assert all(src == "'self'" or src.startswith("'nonce-") for src in csp["script-src"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])


def test_cookies_use_host_prefix_and_secure_flags(prod):
    cookies = prod["cookies"]
    assert set(cookies) >= {"__Host-sessionid", "__Host-csrftoken"}
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        assert cookies[name]["secure"] == "True"
        assert cookies[name]["path"] == "/"
        assert cookies[name]["domain"] == ""
        assert cookies[name]["samesite"] == "Lax"
    assert cookies["__Host-sessionid"]["httponly"] == "True"


def test_mdn_observatory_scoring_gives_a_plus(prod):
    from tests.site.observatory import score

    total, results = score(prod["/"]["headers"], prod["cookies"], prod["insecure"])
    negative = [(name, m) for name, m in results if m < 0]
    assert negative == []
    assert total >= 100, results


def test_observatory_scoring_penalises_weak_headers():
    """The scorer is real: weak headers lose the A+."""
    from tests.site.observatory import score

    weak = {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'"}
    total, results = score(weak, {}, {"status": 200, "location": None})
    assert total < 100
    assert ("csp-implemented-with-unsafe-inline", -20) in results
