"""Accessibility of the exercise widgets in a real JupyterLab: keyboard alone, visible labels, axe-core.

What it proves, as a learner who does not use a mouse would meet it:

1. Keyboard only. From a focused cell, Tab reaches every control of every exercise panel (each
   control is in the tab order), and each kind is answered with keys alone: a radio choice with
   the arrow keys, ticks with Space, an order with the arrow keys in the list and Enter/Space on
   Move up, categories with the arrow keys, End and typing in the drop-downs, a figure typed and
   confirmed with Enter, a message typed, and a set recorded in the code cell below its panel
   (Enter to edit, Shift+Enter to run). Each answer is then in responses.json and the panel says
   "Saved". The keys stay with the control: ArrowDown on a list box does not move to the next cell,
   and "d d" typed on a drop-down does not delete one.
2. Visible labels. Every control inside `.course-exercise` has an accessible name (as Playwright's
   accessibility tree computes it) that is the text of a visible label tied to that control (or,
   for a button, its own text); each group of controls is named by the visible prompt.
3. axe-core (from the npm registry, see scripts/ensure-axe) on the rendered orientation and
   bulk-spam notebooks, WCAG 2.0/2.1/2.2 A and AA rules, before and after answering: no serious or
   critical violation inside a `.course-exercise` panel, and where axe cannot decide a text
   contrast in a panel (a drop-down's arrow image), the contrast is computed here and must be at
   least 4.5:1. JupyterLab's own violations are written to a JSON artifact, not failed.

Needs Debian's Chromium (scripts/ensure-chromium) and axe-core (scripts/ensure-axe): without them
the test is skipped, except on CI (CI=true), where it fails. Screenshots and the axe results go to
$COURSE_TEST_ARTIFACTS, or test-artifacts/ in the repository.
"""

from __future__ import annotations

import json
import re

import pytest

from jupyterlab_browser import (REPO, Lab, answers, artifacts, chromium_page, run_all_alone, screenshot_on_failure,
                                start_lab, unavailable, wait_for)
from playwright.sync_api import expect

from course import catalogue

pytestmark = pytest.mark.browser

AXE = REPO / ".cache/axe/node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}
CONTROLS = "input, select, textarea, button"
# A person's pause between choosing with keys and pressing a button: ipywidgets sends a button's
# click at once but may hold a value change back while the kernel acknowledges the previous one,
# so keys pressed within a few milliseconds could reach the kernel out of order.
PACE = 400

ORIENTATION = ("00-orientation", "orientation.ipynb", 14)
BULK_SPAM = ("01-bulk-spam", "bulk-spam.ipynb", 23)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with start_lab(tmp_path_factory, log_name="browser-accessibility-jupyterlab.log") as running:
        yield running


@pytest.fixture()
def page():
    with chromium_page() as fresh:
        yield fresh


def _open(page, lab: Lab, notebook: tuple[str, str, int]) -> None:
    """Open the notebook alone in a fresh workspace, Run All, wait for every panel and an idle kernel."""
    folder, name, panels = notebook
    run_all_alone(page, lab, f"{folder}/{name}")
    expect(page.locator(".course-exercise")).to_have_count(panels, timeout=120_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text="Idle").first).to_be_visible(timeout=60_000)
    assert page.get_by_text("Error displaying widget").count() == 0


def _panel(page, exercise_id_prompt: str):
    return page.locator(".course-exercise", has_text=exercise_id_prompt)


def _saved(lab: Lab, folder: str, exercise_id: str, check=lambda value: True):
    """Wait until responses.json holds an answer for exercise_id that passes check; return its value."""
    def found():
        entry = answers(lab.root / folder).get(exercise_id)
        return entry and check(entry["value"]) and entry
    try:
        return wait_for(found, 30, f"{exercise_id} saved in responses.json")["value"]
    except pytest.fail.Exception:
        pytest.fail(f"{exercise_id}: the answer saved in responses.json is "
                    f"{answers(lab.root / folder).get(exercise_id)!r}")


def _drafted(lab: Lab, folder: str, exercise_id: str, check=lambda value: True):
    """Wait until responses.json keeps a draft (an unchecked answer) that passes check; return it."""
    def found():
        try:
            drafts = json.loads((lab.root / folder / "responses.json").read_text(encoding="utf-8")).get("drafts", {})
        except (FileNotFoundError, ValueError):
            return None
        value = drafts.get(exercise_id)
        return value is not None and check(value) and {"value": value}
    return wait_for(found, 30, f"a draft of {exercise_id} in responses.json")["value"]


def _check(page, prompt: str) -> None:
    """Tab to the panel's Check button and press Enter, as a keyboard user checks an answer."""
    _tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Check" and prompt in f["prompt"],
               f"the Check button of {prompt!r}", limit=10)
    page.wait_for_timeout(PACE)
    page.keyboard.press("Enter")


# -- keyboard ---------------------------------------------------------------------------------

_FOCUS = """() => { const e = document.activeElement; if (!e) return null;
  const panel = e.closest('.course-exercise');
  return {tag: e.tagName.toLowerCase(), type: e.type || '', text: (e.labels && e.labels[0] ? e.labels[0].innerText
          : e.innerText || '').trim(), kind: panel ? [...panel.classList].filter(c => c.startsWith('course-')
          && c !== 'course-exercise').join(' ') : '', prompt: panel ? panel.querySelector('.course-exercise-prompt')
          .innerText.trim() : '', tabIndex: e.tabIndex}; }"""


def _focused(page) -> dict:
    return page.evaluate(_FOCUS) or {}


def _focus_cell_of(page, panel) -> None:
    """Start where a keyboard user stands in command mode: on the cell that shows the panel."""
    cell = page.locator(".jp-Notebook .jp-Cell").filter(has=panel)
    cell.evaluate("cell => { cell.scrollIntoView({block: 'center'}); cell.focus(); }")
    expect(cell).to_be_focused()


def _tab_until(page, wanted, what: str, key: str = "Tab", limit: int = 25) -> list[dict]:
    """Press Tab (or Shift+Tab) until wanted(focused) holds; return the stops on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        stops.append(_focused(page))
        if wanted(stops[-1]):
            return stops
    pytest.fail(f"{key} never reached {what} in {limit} presses; stops: {stops}")


def _in(prompt: str, tag: str | None = None, type_: str | None = None):
    return lambda f: prompt in f.get("prompt", "") and (tag is None or f["tag"] == tag) and (
        type_ is None or f["type"] == type_)


def _every_control_is_a_tab_stop(page) -> None:
    """Every control in every panel is focusable by Tab: tabindex not -1, not disabled, visible. A
    button not offered yet ("Show the answer" before two wrong checks; graded mode's "Save this
    order" in practice) is not there at all (display: none), so neither seen nor reached."""
    bad = page.evaluate(f"""() => [...document.querySelectorAll('.course-exercise')].flatMap(p =>
        [...p.querySelectorAll('{CONTROLS}')].filter(e => !e.closest('[style*="display: none"]'))
        .filter(e => e.tabIndex < 0 || e.disabled || !e.checkVisibility())
        .map(e => e.outerHTML.slice(0, 120)))""")
    assert not bad, f"controls left out of the tab order: {bad}"


def test_orientation_keyboard_only(lab, page):
    """Single choice, multiple choice, ordering and categorise, answered with keys alone."""
    folder = ORIENTATION[0]
    with screenshot_on_failure(page, "a11y-keyboard-orientation-failure.png"):
        _open(page, lab, ORIENTATION)
        _every_control_is_a_tab_stop(page)
        cells = page.locator(".jp-Notebook .jp-Cell").count()

        # single choice: Tab into the radio group, ArrowDown picks the next option and saves it
        first_prompt = "What do you do in the next ten minutes?"
        first = _panel(page, first_prompt)
        # the status line is one live region that stays in place, so "Saved" is announced when it changes
        status = first.locator(".course-exercise-status-line .widget-html-content")
        expect(status).to_have_attribute("role", "status")
        expect(status).to_have_attribute("aria-live", "polite")
        status.evaluate("e => { e.dataset.sameElement = 'yes'; }")
        _focus_cell_of(page, first)
        _tab_until(page, _in(first_prompt, "input", "radio"), "the first radio button")
        page.keyboard.press("ArrowDown")
        expect(first.locator("input[type=radio]:checked")).to_have_count(1)
        chosen = _focused(page)
        assert chosen["type"] == "radio" and first_prompt in chosen["prompt"], "ArrowDown left the radio group"
        assert page.evaluate("() => document.activeElement.checked")
        expect(first).to_contain_text("Saved (answered", timeout=30_000)
        expect(first).to_contain_text(re.compile("✔ Right|✘ Not quite"))
        assert _saved(lab, folder, "orient-first-move") == chosen["text"]
        expect(first.get_by_role("status")).to_have_count(1)  # no second, nested one
        expect(first.get_by_role("status")).to_have_attribute("data-same-element", "yes")
        expect(first.get_by_role("status")).to_contain_text("Saved (answered once)")
        first.screenshot(path=str(artifacts() / "a11y-keyboard-single-choice-focused.png"))

        # multiple choice: Tab leaves the radio group for the first checkbox; Space ticks
        ticks_prompt = "Before you contact anyone, which questions do you answer?"
        ticks = _panel(page, ticks_prompt)
        _tab_until(page, _in(ticks_prompt, "input", "checkbox"), "the first checkbox")
        one = _focused(page)["text"]
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        three = _focused(page)["text"]
        assert _focused(page)["type"] == "checkbox" and three != one
        page.keyboard.press("Space")
        expect(ticks.locator("input[type=checkbox]:checked")).to_have_count(2)
        expect(ticks).to_contain_text("Not checked yet", timeout=30_000)  # ticks are a draft until Check
        _check(page, ticks_prompt)
        expect(ticks).to_contain_text("Saved (answered once)", timeout=30_000)
        shown = [o.strip() for o in ticks.locator("label.widget-label-basic").all_inner_texts()]
        authored = catalogue.load(folder).get("orient-assess-questions").options
        assert sorted(shown) == sorted(authored)  # this learner's own order of the same options
        # saved as option text in the author's order, whatever order the learner saw and ticked
        assert _saved(lab, folder, "orient-assess-questions", lambda v: len(v) == 2) == [
            o for o in authored if o in (one, three)]

        # ordering: Tab to the list, ArrowDown twice selects the third item, Tab to Move up,
        # Enter and Space move it to the top (a draft each time), then Check with Enter
        order_prompt = "Put the parts of your call to the client in a good order"
        order = _panel(page, order_prompt)
        _tab_until(page, _in(order_prompt, "select"), "the ordering list")
        labels = order.locator("option").evaluate_all("options => options.map(o => o.value)")  # "1. Item"
        shown = [label.split(". ", 1)[1] for label in labels]
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert _in(order_prompt, "select")(_focused(page)), "ArrowDown on the list box left it (a notebook shortcut?)"
        assert page.evaluate("() => document.activeElement.value") == labels[2]
        page.wait_for_timeout(PACE)
        _tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Move up", "Move up", limit=3)
        page.keyboard.press("Enter")
        second = [shown[0], shown[2], shown[1], shown[3], shown[4]]
        assert _drafted(lab, folder, "orient-call-order", lambda v: v == second) == second
        page.keyboard.press("Space")
        expected = [shown[2], shown[0], shown[1], shown[3], shown[4]]
        assert _drafted(lab, folder, "orient-call-order", lambda v: v == expected) == expected
        assert "orient-call-order" not in answers(lab.root / folder)  # moves are drafts: no try counted
        assert _focused(page)["text"] == "Move up"  # the focus stays on the button: press again to move on
        expect(order.locator("option").first).to_have_text(f"1. {shown[2]}")
        _check(page, order_prompt)
        expect(order).to_contain_text("Saved (answered once)", timeout=30_000)
        assert _saved(lab, folder, "orient-call-order", lambda v: v == expected) == expected
        order.screenshot(path=str(artifacts() / "a11y-keyboard-ordering-focused.png"))

        # categorise: Tab to each drop-down; ArrowDown, End and typing choose a category
        sort_prompt = "Sort each sentence you might put in your holding statement"
        sort = _panel(page, sort_prompt)
        _tab_until(page, _in(sort_prompt, "select"), "the first drop-down")
        menus = sort.locator("select")
        items = menus.evaluate_all("menus => menus.map(m => m.labels[0].textContent)")
        categories = menus.first.locator("option").evaluate_all("options => options.map(o => o.value)")[1:]
        page.keyboard.press("ArrowDown")  # the first category
        page.keyboard.press("Tab")
        page.keyboard.press("End")  # the last category
        page.keyboard.press("Tab")
        page.keyboard.type(categories[-1][:2])  # type-ahead: the first letters of the last category
        page.wait_for_timeout(PACE)
        page.keyboard.press("Tab")
        page.keyboard.type("dd")  # a notebook shortcut (delete cell) if the keys escaped the control
        expected = {items[0]: categories[0], items[1]: categories[-1], items[2]: categories[-1]}
        assert _drafted(lab, folder, "orient-first-message", lambda v: v == expected) == expected
        assert page.locator(".jp-Notebook .jp-Cell").count() == cells, "typing on a drop-down deleted a cell"
        assert _in(sort_prompt, "select")(_focused(page)), "typing on a drop-down moved the focus"
        _check(page, sort_prompt)
        expect(sort).to_contain_text("Saved (answered once)", timeout=30_000)
        assert _saved(lab, folder, "orient-first-message", lambda v: v == expected) == expected
        expect(sort).to_contain_text("sorted into the right category")
        sort.screenshot(path=str(artifacts() / "a11y-keyboard-categorise-focused.png"))

        # Shift+Tab goes back the same way: from the drop-downs to the ordering panel's buttons
        _tab_until(page, _in(order_prompt, "button"), "the ordering panel's buttons", key="Shift+Tab")


def test_bulk_spam_keyboard_only(lab, page):
    """Numeric, drafted message and item set, answered with keys alone."""
    folder = BULK_SPAM[0]
    with screenshot_on_failure(page, "a11y-keyboard-bulk-spam-failure.png"):
        _open(page, lab, BULK_SPAM)
        _every_control_is_a_tab_stop(page)

        # numeric: Tab to the box, type the figure, Enter saves; then Space on Save answer saves the
        # same figure again, which is not a second attempt
        figure_prompt = "How many messages were delivered?"
        figure = _panel(page, figure_prompt)
        _focus_cell_of(page, figure)
        _tab_until(page, _in(figure_prompt, "input", "text"), "the number box")
        assert _focused(page)["text"] == "Your answer:"
        page.keyboard.type("9,595")
        page.keyboard.press("Enter")
        expect(figure).to_contain_text("Saved (answered once)", timeout=30_000)
        expect(figure).to_contain_text("✔ Right")
        assert _saved(lab, folder, "spam-delivered") == 9595
        _tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Save answer", "Save answer", limit=3)
        page.keyboard.press("Space")
        page.wait_for_timeout(PACE)
        expect(figure).to_contain_text("Saved (answered once)", timeout=30_000)
        assert _saved(lab, folder, "spam-delivered") == 9595
        figure.screenshot(path=str(artifacts() / "a11y-keyboard-numeric-focused.png"))

        # drafted message: Tab to the text area, type; the checklist follows and the draft is saved
        reply_prompt = "Your reply to the angry recipient"
        reply = _panel(page, reply_prompt)
        _focus_cell_of(page, reply)
        _tab_until(page, _in(reply_prompt, "textarea"), "the message box")
        assert _focused(page)["text"] == "Your message:"
        message = "I'm sorry: emailing you was my mistake. I have removed your address."
        page.keyboard.type(message, delay=5)
        expect(reply).to_contain_text("Acknowledgment of responsibility: present", timeout=30_000)
        expect(reply).to_contain_text("Draft saved")
        assert _saved(lab, folder, "spam-reply", lambda v: v == message) == message
        page.keyboard.press("Tab")  # Tab leaves the text area (it is not taken as an indent)
        assert _focused(page)["tag"] != "textarea"
        reply.screenshot(path=str(artifacts() / "a11y-keyboard-drafted-message.png"))

        # item set: no control to click (thousands of items): its panel has no tab stop (its "Show
        # the answer" is not there until two wrong answers); the keyboard way is the code cell below
        # it, past the "New to pandas?" hint: ArrowDown twice to it, Enter to edit, type, Shift+Enter to run
        set_prompt = "Your suppression list"
        suppression = _panel(page, set_prompt)
        assert suppression.locator(", ".join(f"{c}:visible" for c in CONTROLS.split(", "))).count() == 0
        _focus_cell_of(page, suppression)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(page.locator(".jp-Notebook.jp-mod-editMode")).to_have_count(1)
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type('q_suppression.answer({"someone@example.com", "other@example.com"})')
        page.keyboard.press("Shift+Enter")
        assert _saved(lab, folder, "spam-suppression") == ["other@example.com", "someone@example.com"]
        expect(suppression).to_contain_text("Recorded 2 addresses", timeout=30_000)
        expect(suppression).to_contain_text("Saved (answered once)")
        suppression.screenshot(path=str(artifacts() / "a11y-keyboard-item-set.png"))


# -- labels and axe: one rendered notebook per module, shared by the two checks ------------------

# a button not offered yet (display: none: "Show the answer", practice's hidden "Save this order") is
# not on the page for anyone, so it is no control to label
_CONTROLS_AND_LABELS = f"""() => [...document.querySelectorAll('.course-exercise')].flatMap((panel, p) =>
  [...panel.querySelectorAll('{CONTROLS}')].filter(e => !e.closest('[style*="display: none"]')).map((e, i) => {{
    e.setAttribute('data-a11y-check', p + '-' + i);
    const labels = e.tagName === 'BUTTON' ? [e] : [...(e.labels || [])];
    const visible = labels.filter(l => l.checkVisibility() && l.getBoundingClientRect().width > 0
                                      && l.innerText.trim());
    const role = {{radio: 'radio', checkbox: 'checkbox', text: 'textbox'}}[e.type]
      || (e.tagName === 'TEXTAREA' ? 'textbox' : e.tagName === 'BUTTON' ? 'button'
      : e.tagName === 'SELECT' ? (e.size > 1 ? 'listbox' : 'combobox') : e.type);
    return {{mark: p + '-' + i, panel: p, role, html: e.outerHTML.slice(0, 160),
             label: visible.length ? visible[0].innerText.trim() : null}};
  }}))"""

_GROUPS = """() => [...document.querySelectorAll('.course-exercise')].map(panel => {
  const group = panel.querySelector('.course-exercise-control');
  const by = group && group.getAttribute('aria-labelledby');
  const prompt = panel.querySelector('.course-exercise-prompt');
  return {role: group && group.getAttribute('role'), labelledByPrompt: !!by && by === prompt.id,
          prompt: prompt.innerText.trim(), promptVisible: prompt.checkVisibility()};
})"""


@pytest.fixture(scope="module")
def scan_lab(tmp_path_factory):
    """A second server with answers of its own, so the keyboard tests always start unanswered."""
    with start_lab(tmp_path_factory, log_name="browser-accessibility-scan-jupyterlab.log") as running:
        yield running


@pytest.fixture(scope="module", params=[ORIENTATION, BULK_SPAM], ids=["orientation", "bulk-spam"])
def rendered(request, scan_lab):
    """One notebook after Run All in its own browser, for the label check and the axe scans."""
    with chromium_page() as page:
        with screenshot_on_failure(page, f"a11y-{request.param[0]}-render-failure.png"):
            _open(page, scan_lab, request.param)
        yield page, request.param


def test_every_control_has_a_visible_label(rendered):
    page, notebook = rendered
    with screenshot_on_failure(page, f"a11y-labels-{notebook[0]}-failure.png"):
        controls = page.evaluate(_CONTROLS_AND_LABELS)
        assert len(controls) > notebook[2]  # at least one control per panel, nearly
        unlabelled = [c for c in controls if not c["label"]]
        assert not unlabelled, f"controls without a visible label tied to them: {unlabelled}"
        for control in controls:
            # the accessible name, as the accessibility tree has it, is that visible text
            named = page.locator(".course-exercise").get_by_role(control["role"], name=control["label"], exact=True)
            marks = [m.get_attribute("data-a11y-check") for m in named.all()]
            assert control["mark"] in marks, (
                f"{control['html']} is labelled {control['label']!r} on screen, but its accessible name differs")
        panels = page.locator(".course-exercise")
        for number, group in enumerate(page.evaluate(_GROUPS)):
            kind = panels.nth(number).get_attribute("class")
            if "course-item_set" in kind:
                continue  # no controls: recorded from code
            assert group["role"] in ("group", "radiogroup") and group["labelledByPrompt"], (number, group)
            assert group["promptVisible"]
            expect(panels.nth(number).get_by_role(group["role"], name=group["prompt"], exact=True)).to_have_count(1)


_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations', 'incomplete'], elementRef: true});
  const mark = list => list.map(rule => ({...rule, nodes: rule.nodes.map(node => {
    const inPanel = !!(node.element && node.element.closest('.course-exercise'));
    const {element, ...rest} = node;
    return {...rest, inPanel};
  })}));
  return {testEngine: result.testEngine, url: result.url, timestamp: result.timestamp,
          violations: mark(result.violations), incomplete: mark(result.incomplete)};
}"""

# The contrast of text axe could not judge (a drop-down's background is an arrow image, a list box
# is overlapped by its options): computed from the element's colour and its nearest background.
_CONTRAST = """(selectors) => selectors.map(selector => {
  const e = document.querySelector(selector);
  if (!e) return null;
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
                              : Math.pow((v + 0.055) / 1.055, 2.4); }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = null;
  for (let n = e; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) bg = c.slice(0, 3);
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(e).color);
  const alpha = fg.length === 4 ? fg[3] : 1;
  const mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
  const [hi, lo] = [lum(mixed), lum(bg)].sort((a, b) => b - a);
  return {selector, ratio: (hi + 0.05) / (lo + 0.05), fg: getComputedStyle(e).color, bg: String(bg)};
})"""


def _axe_scan(page, name: str) -> dict:
    """Run axe over the whole notebook page; keep the results; return them with panel nodes marked.

    Two adjustments let axe see the whole notebook, and change nothing a learner sees: the window
    is made as tall as the notebook (axe judges contrast only on screen) and JupyterLab's body,
    0 px high with overflow hidden under its absolutely placed shell, gets its full height
    (otherwise axe takes every element for clipped and skips the contrast rules)."""
    page.add_style_tag(content="html, body { height: 100%; }")
    height = page.evaluate("() => document.querySelector('.jp-WindowedPanel-outer').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(height + 300, 30_000)})
    page.evaluate("() => document.querySelector('.jp-WindowedPanel-outer').scrollTo(0, 0)")
    page.wait_for_timeout(500)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(_RUN_AXE, AXE_TAGS)
    (artifacts() / f"axe-{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    page.screenshot(path=str(artifacts() / f"axe-{name}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    return results


def _course_problems(page, results: dict) -> tuple[list[str], list[dict]]:
    """Serious or critical violations inside the course's panels, and undecided contrasts that fail;
    with the contrasts computed here."""
    problems = [f"{rule['id']} ({node['impact']}): {node['html'][:140]} — {node.get('failureSummary', '')}"
                for rule in results["violations"] for node in rule["nodes"]
                if node["inPanel"] and (node["impact"] or rule["impact"]) in SERIOUS]
    undecided = [node["target"][-1] for rule in results["incomplete"] if rule["id"] == "color-contrast"
                 for node in rule["nodes"] if node["inPanel"] and isinstance(node["target"][-1], str)]
    measured = [m for m in page.evaluate(_CONTRAST, undecided) if m]
    problems += [f"color-contrast (computed here): {m}" for m in measured if m["ratio"] < 4.5]
    return problems, measured


def _answer_every_panel(page) -> None:
    """Any answer in every panel, by mouse, so that the scan sees the feedback and checklists too."""
    panels = page.locator(".course-exercise")
    for number in range(panels.count()):
        panel = panels.nth(number)
        kind = panel.get_attribute("class") or ""
        if "course-single_choice" in kind:
            panel.locator("input[type=radio]").first.check()
        elif "course-multiple_choice" in kind:
            panel.locator("input[type=checkbox]").first.check()
            panel.get_by_role("button", name="Check").click()
        elif "course-ordering" in kind:
            panel.get_by_role("button", name="Check").click()
        elif "course-categorise" in kind:
            for menu in panel.locator("select").all():
                menu.select_option(index=1)
            panel.get_by_role("button", name="Check").click()
        elif "course-numeric" in kind:
            panel.get_by_role("textbox").fill("1")
            panel.get_by_role("button", name="Save answer").click()
        elif "course-drafted_message" in kind:
            panel.locator("textarea").fill("I'm sorry: it was my mistake. I have removed your address.")
        else:
            continue
        expect(panel).to_contain_text(re.compile("Saved|saved"), timeout=30_000)


@pytest.fixture(scope="module")
def axe_installed():
    """axe-core as scripts/ensure-axe installs it: a skip on a workstation without it, a failure on CI."""
    if not AXE.is_file():
        unavailable(f"{AXE.relative_to(REPO)} is missing: run scripts/ensure-axe to install axe-core from npm")
    return AXE


def test_axe_finds_no_serious_violation_in_the_course_widgets(axe_installed, rendered):
    page, notebook = rendered
    name = notebook[0]
    with screenshot_on_failure(page, f"a11y-axe-{name}-failure.png"):
        before = _axe_scan(page, f"{name}-rendered")
        problems, measured = _course_problems(page, before)
        _answer_every_panel(page)
        after = _axe_scan(page, f"{name}-answered")
        more, measured_after = _course_problems(page, after)
        problems += more

        outside = sorted({f"{rule['id']} ({rule['impact']})" for scan in (before, after)
                          for rule in scan["violations"] if any(not n["inPanel"] for n in rule["nodes"])})
        (artifacts() / f"axe-{name}-summary.txt").write_text(
            "Violations outside the course's panels (JupyterLab, notebook content), not failed:\n"
            + "\n".join(outside) + "\n\nIn the course's panels (failed if any):\n" + "\n".join(problems)
            + "\n\nText contrast axe left undecided in the panels, computed here (at least 4.5 needed):\n"
            + "\n".join(f"{m['ratio']:.2f}  {m['fg']} on rgb({m['bg']})  {m['selector']}"
                        for m in measured + measured_after) + "\n")
        assert before["testEngine"]["name"] == "axe-core"
        assert not problems, "axe-core found accessibility problems in the course's widgets:\n" + "\n".join(problems)
