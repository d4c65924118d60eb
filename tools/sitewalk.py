"""A tiny HTTP client that walks the site like a person: reads articles, fills in the
questionnaire (CSRF, session cookie, one POST per step) and opens the result.

Standard library only, so the benchmark and the load test need nothing extra. It reads
the forms it is given rather than assuming field names: each step's inputs are named
``<step>-<field>`` and filled from an answers dict keyed by the spec's field names.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

# The spec's worked example W6 for self-care (age 29, lower back only, after a strain).
SELF_CARE = {
    "age": "29",
    "warning_signs": ["none"],
    "health_flags": ["none"],
    "pain_map": ["lower_back"],
    "pain_now": "5",
    "pain_worst": "6",
    "started": "under_2_weeks",
    "onset": "after_strain",
    "course": "better",
    "previous": "first",
    "worse_with": ["bending", "activity"],
    "better_with": ["moving"],
    "risk_factors": ["none"],
    "daily_impact": "some",
    "walking": "no_limit",
    "sleep": "fine",
    "tried": ["rest"],
}


# One answer set per kind of result (spec v2), for the benchmark, the load test and the
# page checkers. W5 of the spec: urgent (sciatica and a herniated disc).
URGENT = {
    **SELF_CARE,
    "age": "38",
    "pain_map": ["lower_back", "buttock_left", "thigh_back_left", "lower_leg_left"],
    "leg_symptoms": ["pain", "tingling"],
    "leg_course": "new",
    "pain_now": "6",
    "pain_worst": "7",
    "course": "same",
    "worse_with": ["sitting", "cough_sneeze"],
}
# W7: soon (spinal stenosis, both legs, stable for months).
SOON = {
    **SELF_CARE,
    "age": "71",
    "pain_map": [
        "lower_back",
        "buttock_left",
        "buttock_right",
        "thigh_back_left",
        "thigh_back_right",
        "lower_leg_left",
        "lower_leg_right",
    ],
    "leg_symptoms": ["pain", "numbness"],
    "leg_course": "same",
    "started": "over_12_weeks",
    "onset": "gradual",
    "course": "same",
    "worse_with": ["walking", "standing"],
    "better_with": ["sitting_or_bending_forward"],
    "walking": "short_distances",
}
ROUTINE = {
    **SELF_CARE,
    "age": "35",
    "pain_map": ["lower_back", "thigh_back_right", "lower_leg_right"],
    "leg_symptoms": ["pain"],
    "leg_course": "same",
    "started": "6_to_12_weeks",
    "course": "worse",
    "daily_impact": "stops_activities",
}
EMERGENCY = {"age": "45", "warning_signs": ["bladder"]}  # W1: stops after the warning signs


class _Form(HTMLParser):
    """Collects the first POST form's action, hidden inputs and field names."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.hidden: list[tuple[str, str]] = []
        self.fields: dict[str, str] = {}  # name -> input type
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            # Skip small forms such as "delete my results"; the wizard form has a step field.
            self._in_form = True
            self.action = a.get("action") or ""
            self.hidden, self.fields = [], {}
        elif self._in_form and tag in ("input", "select", "textarea") and a.get("name"):
            kind = (a.get("type") or tag).lower()
            if kind == "hidden":
                self.hidden.append((a["name"], a.get("value") or ""))
            elif kind not in ("submit", "button"):
                self.fields.setdefault(a["name"], kind)

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
            if any(name.endswith("current_step") for name, _ in self.hidden):
                self._done = True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Walker:
    def __init__(self, base: str, timeout: float = 30):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: list[tuple[str, str]] | None = None):
        """One request, no redirect following: returns (status, location, body)."""
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers={"User-Agent": "backhealth-walk"})
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.headers.get("Location"), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Location"), err.read().decode(errors="replace")

    def get(self, path: str, follow: bool = True):
        status, location, body = self.request(path)
        hops = 0
        while follow and location and status in (301, 302, 303, 307) and hops < 10:
            path, hops = urllib.parse.urljoin(self.base + "/", location), hops + 1
            status, location, body = self.request(path)
        return status, path, body

    def start_questionnaire(self, url, html):
        """Press Start on the intro page at `url`; returns (status, url, html) of the first step."""
        start = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"', html) or re.search(
            r'<form[^>]*action="([^"]+)"[^>]*method="post"', html
        )
        if start:
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            data = [("csrfmiddlewaretoken", csrf.group(1))] if csrf else []
            post_to = urllib.parse.urljoin(url, start.group(1))
            status, location, body = self.request(post_to, data)
            if status in (301, 302, 303) and location:
                return self.get(urllib.parse.urljoin(post_to, location))
            return status, post_to, body
        link = re.search(r'href="([^"]*/check/[^"]+/)"', html)
        if not link:
            raise RuntimeError("no way to start the questionnaire on the intro page")
        return self.get(urllib.parse.urljoin(url, link.group(1)))

    def complete_questionnaire(self, answers: dict = SELF_CARE, start: str = "/check/") -> str:
        """Fill in every step; returns the result page's path. Raises on anything unexpected."""
        status, url, html = self.get(start)
        # The intro page starts the questionnaire with a small POST form (or a link).
        if status == 200 and "current_step" not in html:
            status, url, html = self.start_questionnaire(url, html)
        for _ in range(20):
            if status != 200:
                raise RuntimeError(f"step page answered {status} at {url}")
            form = _Form()
            form.feed(html)
            if form.action is None:
                raise RuntimeError(f"no questionnaire form at {url}")
            data = list(form.hidden)
            for name in form.fields:
                field = name.split("-", 1)[-1]
                value = answers.get(field)
                if value is None:
                    continue
                for v in value if isinstance(value, list) else [value]:
                    data.append((name, str(v)))
            post_to = urllib.parse.urljoin(url, form.action or url)
            status, location, html = self.request(post_to, data)
            if status in (301, 302, 303):
                target = urllib.parse.urljoin(post_to, location)
                if "/results/" in target:
                    return urllib.parse.urlparse(target).path
                status, url, html = self.get(target)
            elif status == 200:
                url = post_to
            else:
                raise RuntimeError(f"POST {post_to} answered {status}")
        raise RuntimeError("questionnaire did not finish in 20 steps")
