"""The symptom check: intro page, the questionnaire (a formtools wizard) and the result pages.

Views only gather and render. `assessment.engine` decides, `assessment.flow` says when the
questionnaire stops early, `assessment.wording` words everything and `assessment.results` lays
out a result page.
"""

from __future__ import annotations

from functools import wraps

from django import forms as django_forms
from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware, method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView, normalize_name

from assessment import engine, flow, forms, results, review, tokens, wording
from assessment.models import AssessmentResult
from backhealth.throttle import ratelimit_key

# Every step in order, review last: "Step N of M" counts these, whatever is skipped.
ALL_STEPS = (*engine.STEPS, engine.REVIEW_STEP)
WIZARD_FORMS = [*forms.STEP_FORMS, (engine.REVIEW_STEP, review.ReviewForm)]
# Plain hidden input on every step page (not part of any step's answers): the run's id.
SUBMISSION_FIELD = "submission"
SUBMISSION_KEY = "submission"
REACHED_REVIEW_KEY = "reached_review"


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


def _in_flow(step):
    return lambda wizard: wizard.is_in_flow(step)


@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
@method_decorator(limit_questionnaire, name="dispatch")
class AssessmentWizard(NamedUrlSessionWizardView):
    """The questionnaire, one step per page, answers kept in the (database) session.

    Flow, on top of formtools:
    - a step can only be shown or posted once every step before it has valid answers;
      otherwise the person is sent to the first step still to answer;
    - after `about` and after every later step, if the answers so far end the questionnaire
      (under 16, or an emergency) every later step drops out of the form list, so formtools
      goes straight to `done()`;
    - "Back" (and any `wizard_goto_step`) does not validate the page being left, but keeps what
      was typed on it when that is valid;
    - once the person has seen "Check your answers", continuing from a changed step goes
      straight back there (every other answer is kept);
    - `done()` runs in the POST of the last step (no GET of a "done" URL), so a refresh or a
      second submit cannot finish twice: the run's submission id gives the same token, and the
      result it already made is found by its hash.
    """

    form_list = WIZARD_FORMS
    condition_dict = {step: _in_flow(step) for step in ALL_STEPS[1:]}
    template_name = "assessment/step.html"

    @classmethod
    def storage_key(cls) -> str:
        """The session key formtools' SessionStorage uses for this wizard."""
        return f"wizard_{normalize_name(cls.__name__)}"

    # --- request handling --------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if (
            request.method == "POST"
            and self.storage_key() not in request.session
            and request.POST.get(f"{self.get_prefix(request)}-current_step") != ALL_STEPS[0]
        ):
            # A later step posted with no answers in the session: they expired (or never were).
            return self.finished_or_expired(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if self.storage.current_step is None:
            self.storage.current_step = self.steps.first
        self.submission_id()
        if (detour := self.detour(step)) is not None:
            return detour
        self.storage.current_step = step
        if step == engine.REVIEW_STEP:
            self.storage.extra_data = {**self.storage.extra_data, REACHED_REVIEW_KEY: True}
        return self.render(self.get_form(data=self.storage.get_step_data(step)))

    def post(self, request, *args, **kwargs):
        management = ManagementForm(request.POST, prefix=self.prefix)
        if not management.is_valid() or management.cleaned_data["current_step"] not in ALL_STEPS:
            return bad_request(request)
        step = management.cleaned_data["current_step"]
        if self.storage.current_step is None:
            if step != self.steps.first:
                # The run already finished (its storage was reset): a refresh or second submit.
                return self.finished_or_expired(request)
            self.storage.current_step = step
        if (detour := self.detour(step)) is not None:
            return detour
        self.storage.current_step = step
        form = self.get_form(data=request.POST, files=request.FILES)

        goto = request.POST.get("wizard_goto_step")
        if goto:
            # Back (or any jump): no validation of the page being left, but keep it if valid.
            if step != engine.REVIEW_STEP and form.is_valid():
                self.save_step(form)
            if goto not in self.get_form_list():
                goto = step
            return self.render_goto_step(goto)

        if not form.is_valid():
            return self.render(form)
        self.save_step(form)
        if self.steps.current == self.steps.last:
            return self.render_done(form, **kwargs)
        return self.render_next_step(form)

    # --- flow ------------------------------------------------------------------------------

    def is_in_flow(self, step: str) -> bool:
        """False for every step after the one where the questionnaire stopped early."""
        stop = self.stop_step()
        return stop is None or ALL_STEPS.index(step) <= ALL_STEPS.index(stop)

    def stop_step(self) -> str | None:
        """The step whose answers ended the questionnaire early, if any."""
        cached = getattr(self, "_cleaned_data_cache_stop_step", None)
        if cached is not None:
            return cached or None
        stop = ""
        answers: dict = {}
        for step in engine.STEPS:
            data = self.get_cleaned_data_for_step(step)
            if data is None:
                break
            answers.update(forms.answers_from_steps({step: data}))
            if flow.stops_after(answers):
                stop = step
                break
        # Formtools forgets attributes named _cleaned_data_cache_* whenever a step is saved.
        self._cleaned_data_cache_stop_step = stop
        return stop or None

    def first_unanswered_step(self, before: str | None = None) -> str | None:
        """The first step (before `before`, if given) without valid saved answers."""
        for step in self.get_form_list():
            if step == before:
                return None
            if self.get_cleaned_data_for_step(step) is None:
                return step
        return None

    def detour(self, step: str):
        """Where to send someone who may not see or post `step` yet (None when they may).

        An unknown step, "done", a step dropped after an early stop (say, an old tab), or a
        step whose earlier steps are not all answered.
        """
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.next_step_to_show()))
        blocker = self.first_unanswered_step(before=step)
        if blocker is not None:
            return redirect(self.get_step_url(blocker))
        return None

    def next_step_to_show(self) -> str:
        """Where to send someone who asked for a step they cannot have."""
        current = self.storage.current_step
        if current not in self.get_form_list():
            current = None
        return self.first_unanswered_step() or current or self.steps.first

    def save_step(self, form):
        self.storage.set_step_data(self.steps.current, self.process_step(form))
        self.storage.set_step_files(self.steps.current, None)
        self.forget_cached_flow()

    def forget_cached_flow(self):
        for name in list(vars(self)):
            if name.startswith("_cleaned_data_cache_") or name in {
                "_resolved_form_list",
                "_cache_signature",
            }:
                delattr(self, name)

    def get_form_step_data(self, form):
        """Keep only this step's own fields: no CSRF token, no unknown keys, no junk."""
        own = {form.add_prefix(name) for name in form.fields}
        return {key: form.data.getlist(key) for key in form.data if key in own}

    def render_next_step(self, form, **kwargs):
        next_step = self.get_next_step()
        if self.storage.extra_data.get(REACHED_REVIEW_KEY):
            next_step = self.first_unanswered_step() or next_step
        self.storage.current_step = next_step
        return redirect(self.get_step_url(next_step))

    def render_goto_step(self, goto_step, **kwargs):
        target = self.first_unanswered_step(before=goto_step) or goto_step
        self.storage.current_step = target
        return redirect(self.get_step_url(target))

    def render_done(self, form, **kwargs):
        # Finish in this POST: formtools' revalidation of every step, then done().
        return WizardView.render_done(self, form, **kwargs)

    def submission_id(self) -> str:
        extra = self.storage.extra_data
        if not tokens.is_submission_id(extra.get(SUBMISSION_KEY)):
            extra = {**extra, SUBMISSION_KEY: tokens.new_submission_id()}
            self.storage.extra_data = extra
        return extra[SUBMISSION_KEY]

    @staticmethod
    def finished_or_expired(request):
        submission = request.POST.get(SUBMISSION_FIELD)
        if tokens.is_submission_id(submission):
            token = tokens.token_for(submission)
            if AssessmentResult.objects.filter(token_hash=tokens.hash_token(token)).exists():
                return redirect("assessment:result", token=token)
        return render(request, "assessment/expired.html")

    # --- finishing ---------------------------------------------------------------------------

    def done(self, form_list, form_dict=None, **kwargs):
        cleaned = {step: form.cleaned_data for step, form in form_dict.items()}
        answers = forms.answers_from_steps(
            {step: data for step, data in cleaned.items() if step in engine.STEPS}
        )
        if flow.is_under_age(answers):
            return redirect("assessment:under_16")
        token = tokens.token_for(self.submission_id())
        AssessmentResult.objects.record(tokens.hash_token(token), answers, engine.evaluate(answers))
        return redirect("assessment:result", token=token)

    # --- page --------------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        context.update(
            step_number=ALL_STEPS.index(step) + 1,
            step_count=len(ALL_STEPS),
            step_title=wording.STEP_TITLES[step],
            error_links=error_links(form),
            helper=review.form_helper(step),
            previous_step=self.get_prev_step(step),
            submission=self.submission_id(),
            submission_field=SUBMISSION_FIELD,
            retention_days=_retention_days(),
        )
        if step == engine.REVIEW_STEP:
            answers_by_step = {
                s: forms.answers_from_steps({s: self.get_cleaned_data_for_step(s)})
                for s in engine.STEPS
                if self.get_cleaned_data_for_step(s) is not None
            }
            context["review_sections"] = review.review_sections(answers_by_step)
        return context


def error_links(form) -> list[tuple[str, str]]:
    """(message, id of the field's first input) for the error summary, in page order."""
    links = []
    first_id = None
    for name, field in form.fields.items():
        bound = form[name]
        input_id = bound.auto_id
        if isinstance(field.widget, django_forms.RadioSelect | django_forms.CheckboxSelectMultiple):
            input_id = f"{bound.auto_id}_0"
        first_id = first_id or input_id
        links.extend((str(message), input_id) for message in bound.errors)
    links = [(str(message), first_id or "") for message in form.non_field_errors()] + links
    return links


def result_headers(view):
    """Capability-URL pages: never cached, never indexed, never leak their address."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _retention_days() -> int:
    return settings.BACKHEALTH_RESULT_RETENTION_DAYS


def _render(request, template, status=200, **context):
    context.setdefault("retention_days", _retention_days())
    return render(request, template, context, status=status)


class StartView(TemplateView):
    template_name = "assessment/start.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "retention_days": _retention_days()}


@limit_questionnaire
@require_POST
def begin(request):
    """Start a fresh questionnaire (forget any half-finished one in this session)."""
    request.session.pop(AssessmentWizard.storage_key(), None)
    return redirect("assessment:step", step=engine.STEPS[0])


@require_GET
def under_16(request):
    return render(request, "assessment/under_16.html")


def bad_request(request):
    return render(request, "assessment/bad_request.html", status=400)


def _result_for(token: str) -> AssessmentResult | None:
    if not tokens.is_submission_id(token):  # the same shape: 43 URL-safe characters
        return None
    return AssessmentResult.objects.filter(token_hash=tokens.hash_token(token)).first()


def _not_found(request):
    return render(request, "404.html", status=404)


@result_headers
@limit_results
@require_GET
def result_detail(request, token):
    result = _result_for(token)
    if result is None:
        return _not_found(request)
    if result.is_expired:
        return _render(request, "assessment/result_expired.html", status=410)
    url = request.build_absolute_uri(reverse("assessment:result", args=[token]))
    context = results.build(result, url, settings.BACKHEALTH_EMERGENCY_NUMBER)
    context["token"] = token
    return render(request, "assessment/result.html", context)


class _ResultPageCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check for forms on result pages, where the origin reads "null".

    Result pages send `Referrer-Policy: no-referrer`, so browsers post their forms with
    `Origin: null` and no Referer, which the site-wide check refuses. Here "null" is accepted
    as the origin; the CSRF token must still match, and a real foreign origin is still refused.
    (The token in the address is a secret of its own, so a forged request could not name a
    result anyway.)
    """

    def _origin_verified(self, request):
        return request.META["HTTP_ORIGIN"] == "null" or super()._origin_verified(request)


result_page_csrf_protect = decorator_from_middleware(_ResultPageCsrfMiddleware)


@csrf_exempt  # the site-wide middleware is replaced by the check below, not skipped
@result_page_csrf_protect
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
