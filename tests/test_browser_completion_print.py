"""The completion record prints on one page of A4 and of Letter, in headless Chromium.

Why in a browser: "one page" is a fact about a print engine, not about the HTML. The record tested
is the fullest the course can make: every case (six, one more than the course has), every note
(points an instructor grades, exercises without a key, answers shown), and a long name.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from jupyterlab_browser import chromium_page

from course import completion, rubric

pytestmark = pytest.mark.browser


def _fullest() -> completion.CompletionRecord:
    steps = tuple(completion.StepMastery(step=s, first=12.33, final=18.67, possible=24, answered=9, total=10,
                                         unjudged=1, instructor=6, revealed=1) for s in rubric.STEP_IDS)
    cases = tuple(completion.CaseRecord(assignment=f"0{n}-case", title=f"Case {n}: a title as long as the course's "
                                        "longest, last year's numbers in this year's report", answered=10, total=10,
                                        last_answer=date(2026, 11, 20 + n)) for n in range(6))
    return completion.CompletionRecord(name="Augusta Ada King, Countess of Lovelace", made_on=date(2026, 12, 2),
                                       steps=steps, cases=cases)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_fullest_record_prints_on_one_page(paper, tmp_path):
    page_file = tmp_path / "record.html"
    page_file.write_text(completion.render(_fullest()), encoding="utf-8")
    with chromium_page() as page:
        page.goto(page_file.as_uri())
        pdf = page.pdf(format=paper, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
