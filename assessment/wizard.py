"""The questionnaire: a formtools named-URL session wizard, through its extension points.

- `get_form_list()` ends the list at the step whose saved answers stop the questionnaire
  (under 16, or an emergency): formtools then finishes there.
- `render_next_step()` finishes at once when a changed answer completes an emergency whose
  other answers are already saved (a change from "Check your answers"); after "Check your
  answers" was reached, Continue returns there unless a step now needs an answer.
- `render_goto_step()` (Back, or any jump) keeps what was typed on the page being left: valid
  answers are saved (and can stop the questionnaire), others kept as a draft that
  `get_form_initial()` shows again, without errors, and that is never used as an answer.
- `render_done()` finishes in the POST that completes the run (no GET of a "done" address).
- A step can only be shown or posted when every step before it has saved answers. A visitor
  who has not started (no session) is sent to the start page without a session being made.
"""

from __future__ import annotations

from django import forms as django_forms
from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect, render
from formtools.wizard.forms import ManagementForm
from formtools.wizard.storage import get_storage
from formtools.wizard.views import NamedUrlSessionWizardView, normalize_name

from assessment import engine, flow, forms, review, tokens, wording
from assessment.models import AssessmentResult
from backhealth import renderonce

# Every step in order, review last: "Step N of M" counts these, whatever is skipped.
ALL_STEPS = (*engine.STEPS, engine.REVIEW_STEP)
WIZARD_FORMS = [*forms.STEP_FORMS, (engine.REVIEW_STEP, review.ReviewForm)]
# Plain hidden input on every step page (not part of any step's answers): the run's id.
SUBMISSION_FIELD = "submission"
# Our own keys in the wizard storage's extra data.
SUBMISSION_KEY = "submission"
REACHED_REVIEW_KEY = "reached_review"
DRAFTS_KEY = "drafts"


class AssessmentWizard(NamedUrlSessionWizardView):
    form_list = WIZARD_FORMS
    template_name = "assessment/step.html"
    storage_name = "assessment.storage.SessionStorage"  # a GET does not rewrite the session

    @classmethod
    def storage_key(cls) -> str:
        """The session key the wizard's storage uses for this wizard."""
        return f"wizard_{normalize_name(cls.__name__)}"

    @classmethod
    def start(cls, request) -> None:
        """Begin a fresh run in this session (forgetting any half-finished one)."""
        storage = get_storage(cls.storage_name, normalize_name(cls.__name__), request)
        storage.reset()
        storage.current_step = engine.STEPS[0]
        storage.extra_data = {SUBMISSION_KEY: tokens.new_submission_id()}

    # --- requests ---------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if self.storage_key() not in request.session:
            # Not started, or the session expired: never make a session for a bare GET.
            if request.method == "POST":
                return finished_or_expired(request)
            return redirect("assessment:start")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if (detour := self.detour(step)) is not None:
            return detour
        self.submission_id()
        if step == engine.REVIEW_STEP and not self.storage.extra_data.get(REACHED_REVIEW_KEY):
            self.storage.extra_data = {**self.storage.extra_data, REACHED_REVIEW_KEY: True}
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        management = ManagementForm(request.POST, prefix=self.prefix)
        if not management.is_valid() or management.cleaned_data["current_step"] not in ALL_STEPS:
            return render(request, "assessment/bad_request.html", status=400)
        step = management.cleaned_data["current_step"]
        if self.storage.current_step is None and step != self.steps.first:
            # The run already finished (formtools reset its storage): a refresh or second submit.
            return finished_or_expired(request)
        if (detour := self.detour(step)) is not None:
            return detour
        self.storage.current_step = step
        return super().post(request, *args, **kwargs)

    # --- the flow ---------------------------------------------------------------------------

    def answered(self) -> dict[str, dict]:
        """Each question step with valid saved answers -> its answers, in step order.

        Worked out again after every write to the storage (formtools' own caches are never
        read here, so a save made on Back is seen at once).
        """
        writes = (id(self.storage), self.storage.writes)
        if getattr(self, "answered_for", None) != writes:
            answered = {}
            for step in engine.STEPS:
                data = self.storage.get_step_data(step)
                if data is None:
                    continue
                form_class = self.form_list[step]  # every step: not get_form_list() (it asks us)
                form = form_class(data=data, prefix=self.get_form_prefix(step, form_class))
                if form.is_valid():
                    answered[step] = forms.answers_from_steps({step: form.cleaned_data})
            self.answered_for, self.answered_cache = writes, answered
        return self.answered_cache

    def stop_step(self) -> str | None:
        """The step whose saved answers end the questionnaire, when every step up to it is
        answered (under 16, or an emergency known from the answers so far).

        formtools asks for the form list many times per request: worked out once for each
        set of saved answers (`answered()` returns the same dict while they are unchanged).
        """
        answered = self.answered()
        if getattr(self, "stop_for", None) is not answered:
            self.stop_for, self.stop_cache = answered, None
            answers: dict = {}
            for step in engine.STEPS:
                if step not in answered:
                    break
                answers.update(answered[step])
                if flow.stops_after(answers):
                    self.stop_cache = step
                    break
        return self.stop_cache

    def get_form_list(self):
        """Every step, or only those up to the step that stops the questionnaire."""
        form_list = super().get_form_list()
        stop = self.stop_step()
        if stop is None:
            return form_list
        steps = list(form_list)
        return type(form_list)((s, form_list[s]) for s in steps[: steps.index(stop) + 1])

    def first_unanswered_step(self, before: str | None = None) -> str | None:
        """The first step (before `before`, if given) without valid saved answers."""
        answered = self.answered()
        for step in self.get_form_list():
            if step == before:
                return None
            if step != engine.REVIEW_STEP and step not in answered:
                return step
        return None

    def detour(self, step: str | None):
        """A redirect for someone who may not see or post `step` yet; None when they may."""
        form_list = self.get_form_list()
        if step not in form_list:
            current = self.storage.current_step
            target = self.first_unanswered_step() or (
                current if current in form_list else self.steps.first
            )
            return redirect(self.get_step_url(target))
        if (blocker := self.first_unanswered_step(before=step)) is not None:
            return redirect(self.get_step_url(blocker))
        return None

    def render_next_step(self, form, **kwargs):
        if self.stop_step() is not None:
            # A change completed an emergency with answers already saved on later pages.
            return self.render_done(form, **kwargs)
        next_step = self.get_next_step()
        if self.storage.extra_data.get(REACHED_REVIEW_KEY):
            next_step = self.first_unanswered_step() or engine.REVIEW_STEP
        return super().render_goto_step(next_step, **kwargs)

    def render_goto_step(self, goto_step, **kwargs):
        """Back or a jump: keep what was typed on the page being left, then go."""
        step = self.steps.current
        if step != engine.REVIEW_STEP:
            form = self.get_form(data=self.request.POST, files=self.request.FILES)
            if form.is_valid():
                self.storage.set_step_data(step, self.process_step(form))
            else:
                self.keep_draft(step, form)
            if self.stop_step() is not None:
                return self.render_done(form, **kwargs)
        target = self.first_unanswered_step(before=goto_step) or goto_step
        return super().render_goto_step(target, **kwargs)

    def render_done(self, form, **kwargs):
        """Finish in this POST: formtools revalidates every step, then `done()`."""
        return super().render_done(form, **{**kwargs, "step": self.done_step_name})

    # --- drafts and saved answers ----------------------------------------------------------

    def get_form_step_data(self, form):
        """Keep only this step's own fields: no CSRF token, no unknown keys, no junk."""
        own = {form.add_prefix(name) for name in form.fields}
        return {key: form.data.getlist(key) for key in form.data if key in own}

    def process_step(self, form):
        self.drop_draft(self.steps.current)
        return super().process_step(form)

    def drafts(self) -> dict:
        return self.storage.extra_data.get(DRAFTS_KEY, {})

    def keep_draft(self, step: str, form) -> None:
        drafts = {**self.drafts(), step: self.get_form_step_data(form)}
        self.storage.extra_data = {**self.storage.extra_data, DRAFTS_KEY: drafts}

    def drop_draft(self, step: str) -> None:
        if step in self.drafts():
            drafts = {k: v for k, v in self.drafts().items() if k != step}
            self.storage.extra_data = {**self.storage.extra_data, DRAFTS_KEY: drafts}

    def get_form_initial(self, step):
        """A draft kept by Back is shown again as the page's starting values."""
        draft = self.drafts().get(step)
        if not draft:
            return super().get_form_initial(step)
        data = QueryDict(mutable=True)
        for key, values in draft.items():
            data.setlist(key, values)
        form = self.form_list[step](prefix=self.get_form_prefix(step))
        initial = {}
        for name, field in form.fields.items():
            values = data.getlist(form.add_prefix(name))
            if values:
                multi = isinstance(field, django_forms.MultipleChoiceField)
                initial[name] = values if multi else values[0]
        return initial

    def render(self, form=None, **kwargs):
        """On a GET, a page with a draft shows the draft, without error messages.

        A step shown for the first time (no answers, no draft, no errors) is the same page
        for everyone but its CSRF token and run id: rendered once, then filled in.
        """
        step = self.steps.current
        if self.request.method == "GET" and self.drafts().get(step):
            form = self.get_form(step=step)
        form = form or self.get_form()
        if (
            self.request.method != "GET"
            or step == engine.REVIEW_STEP
            or form.is_bound
            or form.initial
        ):
            return super().render(form, **kwargs)

        def render_page(blanks):
            return self.render_to_response({**self.get_context_data(form=form, **kwargs), **blanks})

        previous = self.get_prev_step(step) or ""
        # A step shows nothing from the library (its footer has no topic links).
        values = {"submission": self.submission_id()}
        return renderonce.serve(self.request, render_page, values, step, previous, library=False)

    def submission_id(self) -> str:
        extra = self.storage.extra_data
        if not tokens.is_submission_id(extra.get(SUBMISSION_KEY)):
            extra = {**extra, SUBMISSION_KEY: tokens.new_submission_id()}
            self.storage.extra_data = extra
        return extra[SUBMISSION_KEY]

    # --- the page --------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        context.update(
            step_number=ALL_STEPS.index(step) + 1,
            step_count=len(ALL_STEPS),
            step_title=wording.STEP_TITLES[step],
            error_links=error_links(form) if form.is_bound else [],
            helper=review.form_helper(step),
            previous_step=self.get_prev_step(step),
            submission=self.submission_id(),
            submission_field=SUBMISSION_FIELD,
            retention_days=settings.BACKHEALTH_RESULT_RETENTION_DAYS,
        )
        if step == engine.REVIEW_STEP:
            context["review_sections"] = review.review_sections(self.answered())
        return context

    # --- finishing -------------------------------------------------------------------------

    def done(self, form_list, form_dict=None, **kwargs):
        answers = forms.answers_from_steps(
            {step: form.cleaned_data for step, form in form_dict.items() if step in engine.STEPS}
        )
        if flow.is_under_age(answers):
            return redirect("assessment:under_16")
        token = tokens.token_for(self.submission_id())
        AssessmentResult.objects.record(
            tokens.hash_token(token), answers, engine.evaluate(answers), engine.RULES_VERSION
        )
        return redirect("assessment:result", token=token)


def finished_or_expired(request):
    """A post after the run ended: its result if it made one, else the "expired" page."""
    submission = request.POST.get(SUBMISSION_FIELD)
    if tokens.is_submission_id(submission):
        token = tokens.token_for(submission)
        if AssessmentResult.objects.filter(token_hash=tokens.hash_token(token)).exists():
            return redirect("assessment:result", token=token)
    return render(request, "assessment/expired.html")


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
    return [(str(message), first_id or "") for message in form.non_field_errors()] + links
