"""The cohort report: its five parts, charts that are real PNGs with alt text and data tables, the
partial learner's wrong choices among the misconceptions, and learner text escaped."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import pytest
from cohort import ORIENTATION, SPAM

from course.instructor import exports, report

# the tests that take graded_cohort (the session's graded course) are marked slow by conftest.py

REPO = Path(__file__).resolve().parents[1]
SECTIONS = ("steps", "hardest", "misconceptions", "needs-help")


@pytest.fixture(scope="module")
def pages(graded_cohort) -> dict[str, str]:
    paths = {a: report.build_report(root=graded_cohort.root, assignment=a) for a in (ORIENTATION, SPAM)}
    assert paths[ORIENTATION] == graded_cohort.root / "grading" / "reports" / f"{ORIENTATION}.html"
    return {a: p.read_text(encoding="utf-8") for a, p in paths.items()}


def _section(page: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', page, flags=re.S)
    assert match, f"no section {section_id!r}"
    return match.group(1)


def test_the_report_has_a_header_and_the_four_analyses(pages):
    page = pages[ORIENTATION]
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Cohort report: 00-orientation</h1>" in page
    assert "<dt>Learners</dt><dd>3</dd>" in page, "the learners who submitted, not spam-only"
    # (39 + 21.6 + 0) / 3 = 20.2, 52% of 39 (the partial learner's 21.6: tests/worked_answers.py)
    assert "<dt>Mean total</dt><dd>20.2 of 39 (52%)</dd>" in page
    assert re.search(r"<dt>Generated</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d</dd>", page)
    for section_id in SECTIONS:
        _section(page, section_id)
    assert "4 learner(s) still have cells waiting for manual grading" in pages[SPAM]


def test_each_chart_is_an_inline_png_with_alt_text_and_a_data_table_beside_it(pages):
    from PIL import Image

    for page in pages.values():
        figures = re.findall(r'<div class="chart-and-data">(.*?)</div>', page, flags=re.S)
        assert len(figures) == 2
        for block in figures:
            img = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)">', block)
            assert img and len(img.group(2)) > 40, "every chart says in words what it shows"
            data = base64.b64decode(img.group(1), validate=True)
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            assert 300 < Image.open(io.BytesIO(data)).size[0] < 1000
            assert "<table>" in block and "<caption>" in block
        assert len(re.findall(r"<img ", page)) == 2
        assert not re.search(r'(src|href)="(https?:)?//', page), "self-contained: nothing fetched"


def test_the_report_prints_on_a4_without_dark_backgrounds(pages):
    page = pages[ORIENTATION]
    assert "@media print" in page and "size: A4" in page
    assert "page-break-inside: avoid" in page and "break-inside: avoid" in page
    assert "background: #fff" in page


def test_the_steps_table_spreads_each_steps_score_across_the_cohort(pages):
    steps = _section(pages[ORIENTATION], "steps")
    # assess: perfect 100%, partial 4 of 6 = 67%, blank 0%; the mean (0 + 67 + 100) / 3 = 56%
    assert re.search(r"1 Assess the damage</th><td class=\"num\">6</td><td class=\"num\">0%</td>"
                     r"<td class=\"num\">67%</td><td class=\"num\">56%</td><td class=\"num\">100%</td>", steps)


def test_the_hardest_exercises_are_those_with_the_lowest_mean(pages):
    hardest = _section(pages[ORIENTATION], "hardest")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', hardest)
    # only the perfect learner scored on these four: a mean of a third
    assert set(rows[:4]) == {"orient-most-important", "orient-apology-parts", "orient-earn-trust",
                             "orient-team-guide"}
    # (0 + 1 + 3) / 3 of 3 points: 44%; the next, orient-who-hears and others, have 50%
    assert rows[4:] == ["orient-assess-questions"]
    assert hardest.count('<td class="num">33%</td>') == 4 and hardest.count('<td class="num">44%</td>') == 1
    assert "you have time for one sentence before he has to go" in hardest


def test_the_misconceptions_list_the_partial_learners_wrong_choices(pages):
    wrong = _section(pages[ORIENTATION], "misconceptions")
    for choice in ("I'm so sorry about the report this morning, truly.",
                   "Whose fault was it, and who else touched the file?",
                   "Offer next month's report free to make up for it",
                   "“Human error: I'll just be more careful.” → a root cause to act on",
                   # an ordering's misconception is a pair it reverses (issue 15; by place it was
                   # "“Take responsibility: it was your mistake” in place 1")
                   "“Take responsibility: it was your mistake” before “Say plainly what happened: the report had "
                   "last year's numbers”"):
        assert html.escape(choice) in wrong, choice
    for right in ("Who received it, and did they forward it?", "I sent you last year's figures, and that was my mistake.",
                  "“That was my error.” → helps"):
        assert html.escape(right) not in wrong, f"{right!r} is a right choice"
    assert "orient-team-guide" not in wrong, "a hand-edited answer of the wrong shape is no misconception"
    spam = _section(pages[SPAM], "misconceptions")
    for choice in ("Report it to the regulator within 72 hours under GDPR art. 33",  # the partial learner's
                   "Only to those who neither complained nor unsubscribed"):  # (tests/worked_answers.py)
        assert html.escape(choice) in spam, choice


def test_learners_below_the_thresholds_are_listed_with_their_weakest_step(pages):
    needs_help = _section(pages[ORIENTATION], "needs-help")
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>[^<]*</td><td>([^<]+)</td>', needs_help))
    assert set(rows) == {"blank", "partial"}  # partial: 21.6 of 39 is 55%, but one step is under 40%
    assert rows["partial"] == "5 Earn trust back through actions (0%)"  # 0 of 6 points
    assert "perfect" not in needs_help


def test_learner_text_is_escaped(monkeypatch, tmp_path):
    hostile = '<script>alert("x")</script>'
    learner = exports.LearnerScores(
        student_id=hostile, total=1.0, max_total=33.0,
        per_step={"assess": 1.0, "own": 0.0, "fix": 0.0, "reflect": 0.0, "rebuild": 0.0},
        per_step_max={"assess": 5.0, "own": 11.0, "fix": 5.0, "reflect": 6.0, "rebuild": 6.0},
        per_exercise={"orient-first-move": 1.0}, needs_manual_grade=False)
    monkeypatch.setattr(exports, "cohort_scores", lambda **_: [learner])
    page = report.build_report(root=REPO, assignment=ORIENTATION, path=tmp_path / "r.html").read_text()
    assert hostile not in page and html.escape(hostile) in page


def test_a_report_before_any_grading_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "cohort_scores", lambda **_: [])
    page = report.build_report(root=REPO, assignment=ORIENTATION, path=tmp_path / "r.html").read_text()
    assert "<dt>Learners</dt><dd>0</dd>" in page and "No graded submissions yet" in page
