"""Browser-test helpers shared by every app: axe scan, CSP watch, sideways scrolling."""

from axe_playwright_python.sync_playwright import Axe

WCAG = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


def axe_violations(page, rules=None) -> tuple[int, str]:
    results = Axe().run(page, options={**WCAG, "rules": rules} if rules else WCAG)
    return results.violations_count, results.generate_report()


def assert_no_axe_violations(page, rules=None):
    """No violations; `rules` switches axe rules on or off (e.g. {"target-size": ...})."""
    count, report = axe_violations(page, rules)
    assert count == 0, report


def watch_csp(page) -> list[str]:
    """Collect CSP violation messages the browser reports on the console."""
    messages: list[str] = []

    def on_console(msg):
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            messages.append(msg.text)

    page.on("console", on_console)
    return messages


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
