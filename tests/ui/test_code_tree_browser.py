"""The code tree component in a real headless Chromium: drag a code onto another (it becomes a child),
between two codes (reorder) and onto the top-level strip; a drop onto its own descendant is refused; the
keyboard alone indents, outdents and moves a code; the undo button puts it back; a move stored by another
session shows on the next poll. Checks the stored parent and the tree drawn. Needs /usr/bin/chromium.
Screenshot in ``test-artifacts/code_tree.png``."""

from __future__ import annotations

import pytest
from test_browser import ARTIFACTS, CHROMIUM, browser, open_app_page, server  # noqa: F401 - fixtures

from analysis.store import Project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium at /usr/bin/chromium"),
]
SLACK_MS = 20_000  # a rerun on a loaded 2-core machine
ROWS = "() => [...document.querySelectorAll('.ct-row')].map((e) => [e.dataset.id, Number(e.getAttribute('aria-level'))])"


def _row(page, code: str):
    return page.locator(f".ct-row[data-id='{code}']")


def _parents(location, codebook_id) -> dict[str, str | None]:
    p = Project.open(location)
    try:
        return {c.id: c.parent for c in p.get_codebook(codebook_id).codes}
    finally:
        p.close()


def _top(location, codebook_id) -> list[str]:
    p = Project.open(location)
    try:
        return [c.id for c in p.get_codebook(codebook_id).children(None)]
    finally:
        p.close()


def _wait_level(page, code: str, level: int) -> None:
    page.wait_for_function(
        f"() => {{ const e = document.querySelector(\".ct-row[data-id='{code}']\"); return e && e.getAttribute('aria-level') === '{level}'; }}",
        timeout=SLACK_MS,
    )


def _wait_order(page, codes: list[str]) -> None:
    page.wait_for_function(
        "(want) => { const ids = [...document.querySelectorAll('.ct-row')].map((e) => e.dataset.id);"
        " let i = -1; for (const w of want) { const j = ids.indexOf(w); if (j <= i) return false; i = j; } return true; }",
        arg=codes, timeout=SLACK_MS,
    )


@pytest.fixture
def page(server, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors = open_app_page(page, f"{server}/codeboek", ".ct-row")
    yield page
    assert not errors, errors


def test_drag_a_code_under_another_reorder_and_back_to_the_top(page, project_dir, codebook_id):
    assert _parents(project_dir, codebook_id)["werkdruk"] is None
    # onto the middle of "Toegang": werkdruk becomes its child
    _row(page, "werkdruk").drag_to(_row(page, "toegang"))
    _wait_level(page, "werkdruk", 2)
    assert _parents(project_dir, codebook_id)["werkdruk"] == "toegang"
    _wait_order(page, ["toegang", "wachttijden", "werkdruk", "bejegening"])  # drawn as its last child

    # onto the upper edge of "Bejegening": mantelzorg goes just before it (top level)
    box = _row(page, "bejegening").bounding_box()
    _row(page, "mantelzorg").drag_to(_row(page, "bejegening"), target_position={"x": box["width"] / 2, "y": 2})
    _wait_order(page, ["mantelzorg", "bejegening"])
    assert _top(project_dir, codebook_id) == ["toegang", "mantelzorg", "bejegening"]

    # onto its own child: refused in the component, nothing stored
    _row(page, "toegang").drag_to(_row(page, "wachttijden"))
    page.wait_for_function("() => document.querySelector('.ct-status').dataset.state === 'error'")
    assert _parents(project_dir, codebook_id)["toegang"] is None

    # onto the top-level strip: wachttijden becomes a top-level code
    _row(page, "wachttijden").drag_to(page.locator(".ct-root"))
    _wait_level(page, "wachttijden", 1)
    assert _parents(project_dir, codebook_id)["wachttijden"] is None
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "code_tree.png"), full_page=True)

    # the undo button puts the last move back
    page.get_by_role("button", name="Verplaatsing ongedaan maken").click()
    _wait_level(page, "wachttijden", 2)
    assert _parents(project_dir, codebook_id)["wachttijden"] == "toegang"


def test_the_keyboard_alone_restructures_the_tree(page, project_dir, codebook_id):
    _row(page, "toegang").click()
    page.wait_for_timeout(300)
    for _ in range(2):  # toegang -> wachttijden -> bejegening
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.dataset.id") == "bejegening"
    page.keyboard.press("Alt+Shift+ArrowRight")  # indent: under toegang (the sibling above)
    _wait_level(page, "bejegening", 2)
    assert _parents(project_dir, codebook_id)["bejegening"] == "toegang"
    assert page.evaluate("() => document.activeElement.dataset.id") == "bejegening"  # focus stays on it
    page.keyboard.press("Alt+Shift+ArrowUp")  # before wachttijden
    _wait_order(page, ["toegang", "bejegening", "wachttijden"])
    p = Project.open(project_dir)
    assert [c.id for c in p.get_codebook(codebook_id).children("toegang")] == ["bejegening", "wachttijden"]
    p.close()
    page.keyboard.press("Alt+Shift+ArrowLeft")  # outdent: right after toegang
    _wait_level(page, "bejegening", 1)
    assert _top(project_dir, codebook_id)[:2] == ["toegang", "bejegening"]
    # collapse and expand with the arrows; Enter opens the code
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowLeft")  # on a child: to its parent
    assert page.evaluate("() => document.activeElement.dataset.id") == "toegang"
    page.keyboard.press("ArrowLeft")  # on an open parent: close it
    assert page.locator(".ct-row[data-id='wachttijden']").count() == 0
    page.keyboard.press("ArrowRight")
    assert page.locator(".ct-row[data-id='wachttijden']").count() == 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # opens wachttijden: the code box on the right follows
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stTextInput] input')]"
                           ".some((e) => e.value === 'Wachttijden')", timeout=SLACK_MS)  # its name, to edit


def test_a_move_by_another_session_shows(page, project_dir, codebook_id):
    p = Project.open(project_dir, user="someone-else")
    p.move_code(codebook_id, "mantelzorg", "bejegening")
    p.close()
    _wait_level(page, "mantelzorg", 2)
