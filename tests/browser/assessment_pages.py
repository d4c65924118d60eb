"""Helpers for the symptom check in Chromium: keyboard walking, CSP watching, step filling."""

from assessment import engine
from tests.assessment.walk import STEPS

# Recorded by the page itself; an init script runs outside the page's CSP.
CSP_LISTENER = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def watch(page) -> list[str]:
    """CSP violations and console errors, as the browser reports them."""
    problems: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def csp_events(page) -> list[str]:
    return page.evaluate("() => window.__csp || []")


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, tag: e.tagName, cls: String(e.className), text: e.textContent.trim(),"
        " type: e.type || '', checked: !!e.checked}; }"
    )


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element satisfies `predicate`; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return presses
    raise AssertionError(f"Tab never reached the element; last focus: {focused(page)}")


def option_index(name, value):
    return [str(v) for v in engine.FIELDS[name].values].index(str(value))


def option_id(step, name, value):
    return f"id_{step}-{name}_{option_index(name, value)}"


def keyboard_answer(page, step, answers):
    """Answer one step by keyboard only: Tab, Space on checkboxes, arrow keys in radio groups."""
    for name in engine.STEP_FIELDS.get(step, ()):
        if name not in answers:
            continue
        kind, value, base = engine.FIELDS[name].kind, answers[name], f"id_{step}-{name}"
        if name == "age":
            tab_to(page, lambda f, base=base: f["id"] == base)
            page.keyboard.press("Control+A")
            page.keyboard.type(str(value))
        elif kind == "multi":
            for item in sorted(value, key=lambda v, name=name: option_index(name, v)):
                target = option_id(step, name, item)
                tab_to(page, lambda f, target=target: f["id"] == target)
                if not focused(page)["checked"]:
                    page.keyboard.press("Space")
        else:
            # A radio group is one Tab stop; arrow keys move through it and select.
            tab_to(page, lambda f, base=base: f["id"].startswith(base + "_"))
            index = option_index(name, value)
            current = int(focused(page)["id"].rsplit("_", 1)[1])
            if index == current:
                page.keyboard.press("Space")
            for _ in range(abs(index - current)):
                page.keyboard.press("ArrowDown" if index > current else "ArrowUp")
            assert focused(page)["checked"] and focused(page)["id"] == f"{base}_{index}"


def keyboard_submit(page, label="Continue"):
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == label)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def keyboard_start(page, url):
    page.goto(url + "/check/")
    keyboard_submit(page, "Start now")


def keyboard_walk(page, answers, first="about"):
    """From `first` to a result, by keyboard; the steps seen on the way."""
    seen = []
    for step in STEPS[STEPS.index(first) :]:
        if "/results/" in page.url:
            break
        assert page.url.endswith(f"/check/{step}/"), (step, page.url)
        seen.append(step)
        keyboard_answer(page, step, answers)
        keyboard_submit(page, "See my results" if step == "review" else "Continue")
    return seen


def fill(page, step, answers):
    """Answer a step with the mouse (quicker; the keyboard is tested on its own)."""
    for name in engine.STEP_FIELDS.get(step, ()):
        if name not in answers:
            continue
        value = answers[name]
        if name == "age":
            page.fill(f"#id_{step}-{name}", str(value))
        elif engine.FIELDS[name].kind == "multi":
            for item in value:
                page.check(f"#{option_id(step, name, item)}")
        else:
            page.check(f"#{option_id(step, name, value)}")


def submit(page, label="Continue"):
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def back(page):
    """Press Back (its accessible name is "‹ Back": the arrow comes from CSS)."""
    with page.expect_navigation():
        page.locator("button.back-link").click()


def region_fill(page, region):
    """The computed fill and stroke width of a region of the drawing (its first view)."""
    return page.locator(f".bm-region[data-region='{region}']").first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.fill, s.strokeWidth]; }"
    )
