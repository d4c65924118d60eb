"""The symptom check's pages: intro, the questionnaire (`assessment.wizard`), results.

Views only gather and render. `assessment.engine` decides, `assessment.wizard` runs the
questionnaire, and `assessment.results` lays out a saved result.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from assessment import engine, results, tokens, wizard
from assessment.models import EXPIRED, AssessmentResult
from backhealth import renderonce
from backhealth.throttle import ratelimit_key


def _rate_limited(group: str, setting: str, method):
    """Per-client limit (shared cache); over it, a friendly 429 page (RATELIMIT_VIEW)."""
    return ratelimit(
        group=group,
        key=ratelimit_key,
        rate=lambda _group, _request: getattr(settings, setting),
        method=method,
        block=True,
    )


limit_questionnaire = _rate_limited("questionnaire", "BACKHEALTH_RATE_QUESTIONNAIRE", "POST")
limit_results = _rate_limited("results", "BACKHEALTH_RATE_RESULTS", ratelimit.ALL)


@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
@method_decorator(limit_questionnaire, name="dispatch")
class AssessmentWizard(wizard.AssessmentWizard):
    """The questionnaire with the site's protections: never cached, rate-limited, no answers
    in error reports."""


def result_headers(view):
    """Capability-URL pages: never cached, never indexed, never leak their address.

    `same-origin`: no other site ever receives the address as a referrer, while the page's own
    forms (delete) still post with their real origin for Django's CSRF check.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def _retention_days() -> int:
    return settings.BACKHEALTH_RESULT_RETENTION_DAYS


class StartView(TemplateView):
    template_name = "assessment/start.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "retention_days": _retention_days()}


@limit_questionnaire
@require_POST
def begin(request):
    """Start a fresh questionnaire (forget any half-finished one in this session)."""
    AssessmentWizard.start(request)
    return redirect("assessment:step", step=engine.STEPS[0])


@require_GET
def under_16(request):
    return render(request, "assessment/under_16.html")


@require_GET
@cache_control(max_age=86400, public=True)
def pain_map_css(request):
    """The pain map's highlight rules, one per body-map region, from `engine.PAIN_MAP_REGIONS`.

    A chosen region is filled and outlined by CSS from its checkbox's state, so the drawing
    follows the checkboxes with no JavaScript.
    """
    css = render_to_string("assessment/pain_map.css", {"regions": engine.PAIN_MAP_REGIONS})
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _token_hash(token: str) -> str | None:
    if not tokens.is_submission_id(token):  # the same shape: 43 URL-safe characters
        return None
    return tokens.hash_token(token)


def _result_for(token: str) -> AssessmentResult | None:
    token_hash = _token_hash(token)
    return token_hash and AssessmentResult.objects.filter(token_hash=token_hash).first()


def _not_found(request):
    return render(request, "404.html", status=404)


@result_headers
@limit_results
@require_GET
def result_detail(request, token):
    # Whether it is there and in date (a small read): the page itself is usually kept.
    token_hash = _token_hash(token)
    state = token_hash and AssessmentResult.objects.state(token_hash)
    if not state:
        return _not_found(request)
    if state == EXPIRED:
        return render(
            request,
            "assessment/result_expired.html",
            {"retention_days": _retention_days()},
            status=410,
        )

    def render_page(blanks):
        url = request.build_absolute_uri(reverse("assessment:result", args=[token]))
        saved = AssessmentResult.objects.get(token_hash=token_hash)  # for the one render
        context = {**results.build(saved, url), "token": token, **blanks}
        return render(request, "assessment/result.html", context)

    # A saved result never changes: rendered once per library version, kept in this process.
    return renderonce.serve(request, render_page, {})


@result_headers
@limit_results
@require_POST
def result_delete(request, token):
    result = _result_for(token)
    if result is None:
        return _not_found(request)
    result.delete()
    return redirect("assessment:deleted")


@result_headers
@require_GET
def result_deleted(request):
    return render(request, "assessment/result_deleted.html")
