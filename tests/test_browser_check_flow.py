"""Judge on request in real JupyterLab: an ordering answered wrong, checked, improved, checked,
revealed, fixed, checked, and the same state after the page is reloaded (issue 15, part 1).

What it proves as a learner meets it: moving an item judges nothing and saves only a draft; the
Check button judges the order shown, explains each misplaced item and counts one try; after two
wrong checks "Show the answer" appears and shows the right order with every explanation; a
reloaded page, run again, shows the checked answer with its verdict and the revealed answer, all
read back from responses.json. The learner is named (COURSE_LEARNER) so the starting order, their
own shuffle, is the same on every run of the test. Screenshots go to test-artifacts/; look at them.
"""

from __future__ import annotations

import time

import pytest
from jupyterlab_browser import (answers, artifacts, chromium_page, run_all_alone, screenshot_on_failure, start_lab,
                                wait_for)
from playwright.sync_api import expect

from course import catalogue

pytestmark = pytest.mark.browser

ASSIGNMENT = "00-orientation"
NOTEBOOK = "orientation.ipynb"
EXERCISE = "orient-call-order"
PROMPT = "Put the parts of your call to the client in a good order"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with start_lab(tmp_path_factory, env_extra={"COURSE_LEARNER": "browser-learner"},
                   log_name="browser-check-flow-jupyterlab.log") as running:
        yield running


def _shown(panel) -> list[str]:
    """The order the list box shows, without its "1. " numbers."""
    labels = panel.locator("select option").evaluate_all("options => options.map(o => o.value)")  # "1. Item"
    return [label.split(". ", 1)[1] for label in labels]


def _arrange(panel, order: list[str]) -> None:
    """Reach ``order`` with the panel's own controls: select an item, press Move up, as a learner does.

    Each press is followed by waiting for the list to change; on a busy machine a press can reach the
    kernel before the new selection does and move the item selected before, so the order is read again
    after every press and the first item out of place is the next to move, until the whole order holds."""
    deadline = time.monotonic() + 180
    while (shown := _shown(panel)) != order:
        assert time.monotonic() < deadline, f"could not reach {order} with Move up; the list shows {shown}"
        position = next(i for i, (now, wanted) in enumerate(zip(shown, order)) if now != wanted)
        index = shown.index(order[position])
        panel.locator("select").select_option(label=f"{index + 1}. {order[position]}")
        panel.get_by_role("button", name="Move up").click()
        waited = time.monotonic() + 30
        while _shown(panel) == shown and time.monotonic() < waited:
            time.sleep(0.2)


def test_an_ordering_checked_wrong_twice_revealed_fixed_and_reloaded(lab, tmp_path_factory):
    right = list(catalogue.load(ASSIGNMENT).get(EXERCISE).key)
    better = right[:3] + [right[4], right[3]]  # three of five in place: still wrong
    shots = artifacts()
    with chromium_page() as page, screenshot_on_failure(page, "browser-check-flow-failure.png"):
        run_all_alone(page, lab, f"{ASSIGNMENT}/{NOTEBOOK}")
        panel = page.locator(".course-exercise", has_text=PROMPT)
        expect(panel.locator("select option")).to_have_count(5, timeout=90_000)
        start = _shown(panel)
        assert sorted(start) == sorted(right) and start != right  # the learner's own start, never the answer
        expect(panel.get_by_role("button", name="Show the answer")).to_be_hidden()

        # 1. wrong: the start as it stands, checked
        panel.get_by_role("button", name="Check").click()
        expect(panel).to_contain_text("pairs of items in the right order", timeout=30_000)
        expect(panel).to_contain_text("✘ Not quite")
        expect(panel).to_contain_text("Saved (answered once)")
        expect(panel.get_by_role("button", name="Show the answer")).to_be_hidden()
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=str(shots / "browser-check-flow-1-first-check.png"))

        # 2. an improvement is a draft until checked: no verdict, no try, nothing in answers
        _arrange(panel, better)
        expect(panel).to_contain_text("Not checked yet", timeout=30_000)
        expect(panel).not_to_contain_text("✘ Not quite")
        assert answers(lab.nb_dir)[EXERCISE]["attempts"] == 1
        panel.get_by_role("button", name="Check").click()
        expect(panel).to_contain_text("9 of 10 pairs of items in the right order", timeout=30_000)
        expect(panel).to_contain_text("answered 2 times")

        # 3. two wrong checks: the learner may see the answer, with every explanation
        reveal = panel.get_by_role("button", name="Show the answer")
        expect(reveal).to_be_visible(timeout=30_000)
        reveal.click()
        expect(panel).to_contain_text("The answer (you asked to see it)", timeout=30_000)
        expect(reveal).to_be_hidden()
        explanations = catalogue.load(ASSIGNMENT).get(EXERCISE).explanations
        for item in right:
            expect(panel).to_contain_text(explanations[item])
        panel.screenshot(path=str(shots / "browser-check-flow-2-revealed.png"))

        # 4. fixed and checked
        _arrange(panel, right)
        panel.get_by_role("button", name="Check").click()
        expect(panel).to_contain_text("10 of 10 pairs of items in the right order", timeout=30_000)
        saved = wait_for(lambda: (answers(lab.nb_dir).get(EXERCISE) or {}).get("attempts") == 3
                         and answers(lab.nb_dir)[EXERCISE], 30, "the third check in responses.json")
        assert saved["value"] == right and saved["first"] == start and saved["revealed"]

        # 5. reload the page and run the notebook again: the same state, read back from the file
        page.reload()
        run_all_alone(page, lab, f"{ASSIGNMENT}/{NOTEBOOK}")
        panel = page.locator(".course-exercise", has_text=PROMPT)
        expect(panel).to_contain_text("10 of 10 pairs of items in the right order", timeout=90_000)
        expect(panel).to_contain_text("answered 3 times")
        expect(panel).to_contain_text("The answer (you asked to see it)")
        assert _shown(panel) == right
        expect(panel.get_by_role("button", name="Show the answer")).to_be_hidden()
        assert page.get_by_text("Traceback").count() == 0
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=str(shots / "browser-check-flow-3-after-reload.png"))
