"""The message checker: each pattern on its own words, the score rule, the word limit, the HTML, and the corpus.

The corpus test measures the rules against messages labelled by a careful reader
(``tests/message_corpus.py``); its floors are what the rules really achieve, not targets the labels
were bent to meet.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from course.message_checker import QUOTE_WORDS, Finding, Report, check_message, checklist_html
from course.message_patterns import (
    COMPONENT,
    COMPONENTS,
    PATTERNS,
    RED_FLAG,
    RED_FLAG_PENALTY,
    RED_FLAGS,
    TOO_LONG,
    Pattern,
    expand,
    pattern,
)

from message_corpus import CORPUS, DEVELOPMENT, HOLDOUT, tally

COMPONENT_IDS = ["acknowledgment", "repair", "regret", "explanation", "repentance", "forgiveness"]
RED_FLAG_IDS = ["blame", "excuse_but", "minimising", "conditional", "burden_shift", "too_long"]


def quote_of(text: str, finding_id: str) -> str | None:
    """The quote of the finding with this id, or None when the checker did not report it."""
    return next((f.quote for f in check_message(text).findings if f.id == finding_id), None)


# -- the patterns as data -------------------------------------------------------------------------


def test_the_ids_are_the_six_components_and_six_red_flags():
    assert [p.id for p in COMPONENTS] == COMPONENT_IDS
    assert [p.id for p in RED_FLAGS] == RED_FLAG_IDS
    assert all(p.kind == COMPONENT for p in COMPONENTS) and all(p.kind == RED_FLAG for p in RED_FLAGS)
    assert len({p.id for p in PATTERNS}) == len(PATTERNS)


def test_weights_encode_only_the_studys_ranking():
    """Lewicki et al. 2016: acknowledgment first, repair second, forgiveness last, the middle three equal."""
    w = {p.id: p.weight for p in COMPONENTS}
    assert w["acknowledgment"] > w["repair"] > w["regret"] > w["forgiveness"]
    assert w["regret"] == w["explanation"] == w["repentance"]
    assert all(p.weight == RED_FLAG_PENALTY == 0.15 for p in RED_FLAGS)


def test_every_pattern_explains_itself_and_every_regex_compiles():
    for p in PATTERNS:
        assert p.label and len(p.why) > 40, p.id
        for source in p.regexes:
            re.compile(expand(source), re.IGNORECASE)
    assert pattern(TOO_LONG).regexes == ()  # a rule on the word count, not a regex


def test_a_pattern_must_have_a_known_kind():
    with pytest.raises(ValueError, match="kind"):
        Pattern("x", "praise", "X", (), "why", 1.0)
    with pytest.raises(ValueError, match="unknown message pattern 'nope'"):
        pattern("nope")


def test_expand_widens_spaces_and_apostrophes_outside_and_inside_classes():
    assert expand("won't happen") == r"won['‘’]t\s+happen"
    assert expand(r"[\w'] x") == r"[\w'‘’]\s+x"
    assert expand(r"(?<!n't\s)a") == r"(?<!n['‘’]t\s)a"  # stays fixed-width for look-behinds


# -- each pattern on its own words: (text, finding id, the exact quote) ---------------------------

POSITIVES = [
    # acknowledgment
    ("That was my mistake.", "acknowledgment", "my mistake"),
    ("I sent you last year's figures.", "acknowledgment", "I sent"),
    ("That was my error, nobody else's.", "acknowledgment", "my error"),
    ("I take full responsibility for this.", "acknowledgment", "I take full responsibility"),
    ("It's entirely my fault.", "acknowledgment", "my fault"),
    ("I should have checked the list.", "acknowledgment", "I should have"),
    ("This was not your fault, it was mine.", "acknowledgment", "it was mine"),
    ("That’s on me.", "acknowledgment", "That’s on me"),
    # regret
    ("I'm sorry for the intrusion.", "regret", "sorry"),
    ("I apologise for the email.", "regret", "apologise"),
    ("I apologize for the email.", "regret", "apologize"),
    ("I regret sending it.", "regret", "regret"),
    ("Please accept my apologies.", "regret", "apologies"),
    # explanation
    ("This happened because I reused last year's folder.", "explanation", "This happened"),
    ("You got it because you were on a list.", "explanation", "because"),
    ("I reused last year's folder.", "explanation", "I reused"),
    ("I had both files open.", "explanation", "I had"),
    ("What happened was simple.", "explanation", "What happened was"),
    ("I used a contact list I'd bought.", "explanation", "I used"),
    # repentance
    ("It won't happen again.", "repentance", "won't happen again"),
    ("It won’t happen again.", "repentance", "won’t happen again"),
    ("I've set up a second check.", "repentance", "I've set up"),
    ("I've added a date check.", "repentance", "I've added"),
    ("From now on I only email people who opted in.", "repentance", "From now on"),
    ("We'll look at dates in future.", "repentance", "in future"),
    ("I will check the year on every file.", "repentance", "I will check"),
    # repair
    ("I've removed you from my list.", "repair", "I've removed"),
    ("You won't hear from me again.", "repair", "You won't hear from me"),
    ("The corrected report is attached.", "repair", "The corrected report is attached"),
    ("I'll send the full version by 3pm.", "repair", "I'll send"),
    ("I can call you tomorrow.", "repair", "I can call"),
    ("Let me know if you have questions.", "repair", "Let me know if"),
    ("Let me know what would help.", "repair", "Let me know what"),
    ("I will call you this afternoon.", "repair", "I will call"),
    # forgiveness
    ("Please forgive me.", "forgiveness", "Please forgive"),
    ("I hope you can forgive the muddle.", "forgiveness", "hope you can forgive"),
    ("I hope you'll accept my apology.", "forgiveness", "hope you'll accept my apology"),
    # blame
    ("The list seller assured me they had opted in.", "blame", "The list seller assured"),
    ("My assistant attached the wrong file.", "blame", "My assistant attached"),
    ("The system sent it twice.", "blame", "The system sent"),
    ("IT migrated the drive.", "blame", "IT migrated"),
    ("Our vendor supplied old data.", "blame", "Our vendor supplied"),
    ("They gave me the wrong file.", "blame", "They gave me"),
    # excuse_but
    ("I'm sorry, but the list was supposed to be clean.", "excuse_but", "sorry, but"),
    ("I apologise but I was rushing.", "excuse_but", "apologise but"),
    ("Sorry for the mix-up but the templates look alike.", "excuse_but", "Sorry for the mix-up but"),
    # minimising
    ("Only a few people complained.", "minimising", "Only a few"),
    ("It was just a small promotion.", "minimising", "just a small"),
    ("It's no big deal.", "minimising", "no big deal"),
    ("Hardly anyone noticed.", "minimising", "Hardly anyone"),
    ("A minor mix-up.", "minimising", "minor"),
    # conditional
    ("Sorry if anyone was offended.", "conditional", "Sorry if"),
    ("We're sorry to anyone who was offended.", "conditional", "to anyone who was offended"),
    ("I apologise to anyone who may have been upset.", "conditional", "to anyone who may have been upset"),
    ("If this caused confusion, I apologise.", "conditional", "If this caused confusion, I apologise"),
    ("We regret any inconvenience this may have caused.", "conditional", "this may have caused"),
    # burden_shift
    ("To stop these emails, just unsubscribe below.", "burden_shift", "just unsubscribe"),
    ("Simply click the link.", "burden_shift", "Simply click"),
    ("You can unsubscribe at any time.", "burden_shift", "can unsubscribe"),
    ("Feel free to ignore it.", "burden_shift", "Feel free to ignore"),
    ("You should have noticed the dates.", "burden_shift", "You should have noticed"),
]


@pytest.mark.parametrize("text,finding_id,quote", POSITIVES, ids=[f"{p[1]}:{p[0][:30]}" for p in POSITIVES])
def test_pattern_finds_its_words_and_quotes_them_exactly(text, finding_id, quote):
    assert quote_of(text, finding_id) == quote
    assert quote in text


NEGATIVES = [
    ("It wasn't my fault.", "acknowledgment"),  # a denial
    ("The wrong file was attached.", "acknowledgment"),  # passive: nobody owns it
    ("The report I sent had last year's numbers.", "acknowledgment"),  # a relative clause, not an admission
    ("I'm not regretful, I'm annoyed.", "regret"),
    ("You didn't ask for my email.", "explanation"),
    ("I hope it never happens to you.", "repentance"),
    ("I'll be honest with you.", "repair"),
    ("I can't believe it.", "repair"),
    ("I don't expect you to forgive me.", "forgiveness"),
    ("Please accept my apologies.", "forgiveness"),  # the formula for "I apologise"
    ("It wasn't the reporting system's fault; I picked the wrong export.", "blame"),
    ("This wasn't a glitch in the system.", "blame"),
    ("It was my decision to buy the list.", "blame"),  # "It" is not IT
    ("I'm typing on my phone on the train and sent it.", "blame"),
    ("I bought the list from a list seller, which I should never have done.", "blame"),
    ("I'm sorry not only for the file but for your time.", "excuse_but"),
    ("I'm sorry. But here is what I changed.", "excuse_but"),
    ("I know this was no minor slip.", "minimising"),
    ("Even a minor error matters.", "minimising"),
    ("The minority of recipients had opted in.", "minimising"),  # word boundaries
    ("I've written to anyone who replied to complain.", "conditional"),
    ("If this caused you extra work, let me know and I'll sort it out.", "conditional"),  # an offer
    ("You shouldn't have to unsubscribe, so I removed you.", "burden_shift"),
    ("You should have the corrected file now.", "burden_shift"),
    ("Please ignore my previous email; the complete one is below.", "burden_shift"),
]


@pytest.mark.parametrize("text,finding_id", NEGATIVES, ids=[f"{n[1]}:{n[0][:30]}" for n in NEGATIVES])
def test_pattern_stays_quiet_on_near_misses(text, finding_id):
    assert quote_of(text, finding_id) is None


def test_curly_and_straight_apostrophes_match_alike():
    for straight in ["That's on me.", "It won't happen again.", "I hope you'll accept my apology.", "I'm sorry, but"]:
        curly = straight.replace("'", "’")
        straight_ids = {f.id for f in check_message(straight).findings}
        assert straight_ids and straight_ids == {f.id for f in check_message(curly).findings}


def test_case_is_ignored_except_for_IT():
    assert quote_of("I TAKE FULL RESPONSIBILITY.", "acknowledgment") == "I TAKE FULL RESPONSIBILITY"
    assert quote_of("it migrated overnight.", "blame") is None


def test_a_phrase_split_across_lines_still_matches():
    assert quote_of("It won't\nhappen again.", "repentance") == "won't\nhappen again"


def test_one_finding_per_id_the_first_match_in_text_order():
    text = "Sorry, but the vendor sent it. I'm sorry. It was my mistake, my fault. It won't happen again."
    report = check_message(text)
    ids = [f.id for f in report.findings]
    assert len(ids) == len(set(ids))
    # "the vendor sent" is both an account (explanation) and blame; at one position components come first
    assert ids == ["regret", "excuse_but", "explanation", "blame", "acknowledgment", "repentance"]
    assert report.findings[0].quote == "Sorry"
    assert next(f for f in report.findings if f.id == "acknowledgment").quote == "my mistake"
    starts = [text.index(f.quote) for f in report.findings]
    assert starts == sorted(starts)


def test_a_finding_carries_its_patterns_label_why_and_weight():
    f = check_message("My mistake.").findings[0]
    p = pattern("acknowledgment")
    assert (f.id, f.kind, f.label, f.why, f.weight, f.quote) == (p.id, p.kind, p.label, p.why, p.weight, "My mistake")


def test_an_empty_message_has_nothing_and_misses_everything():
    report = check_message("")
    assert report.findings == () and report.word_count == 0 and report.score == 0.0
    assert report.missing == tuple(COMPONENT_IDS)


# -- the score rule -------------------------------------------------------------------------------


def _report(*ids: str) -> Report:
    """A report with exactly these findings, to test the score rule apart from the regexes."""
    findings = tuple(Finding(i, pattern(i).kind, pattern(i).label, "q", pattern(i).why, pattern(i).weight) for i in ids)
    return Report(findings=findings, word_count=10)


def test_score_is_the_share_of_component_weight_minus_015_per_red_flag_clamped():
    assert _report(*COMPONENT_IDS).score == pytest.approx(1.0)
    assert _report("acknowledgment").score == pytest.approx(4 / 14)
    assert _report("forgiveness").score == pytest.approx(1 / 14)
    assert _report("acknowledgment", "repair", "blame").score == pytest.approx(7 / 14 - 0.15)
    assert _report("acknowledgment", "repair", "blame", "too_long").score == pytest.approx(7 / 14 - 0.30)
    assert _report("regret", "conditional", "minimising").score == 0.0  # clamped at 0
    assert _report().score == 0.0


def test_missing_lists_absent_components_most_important_first():
    assert _report("regret").missing == ("acknowledgment", "repair", "explanation", "repentance", "forgiveness")
    assert _report("acknowledgment", "forgiveness").missing == ("repair", "regret", "explanation", "repentance")
    assert _report("blame").components == set() and _report("blame").red_flags == {"blame"}


def test_a_full_apology_outscores_a_deflecting_one():
    good = ("I sent you last year's figures; that was my mistake and I'm sorry. I had both files open. "
            "The corrected report is attached, and I've added a date check so it won't happen again. "
            "I hope you can forgive the confusion.")
    bad = "I'm sorry, but the vendor sent us old data. Feel free to ignore the first file."
    assert check_message(good).score == pytest.approx(1.0)
    assert check_message(bad).score < 0.2


# -- the word limit -------------------------------------------------------------------------------


def _words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(1, n + 1))


def test_exactly_the_limit_is_not_too_long_one_more_is():
    assert "too_long" not in check_message(_words(200)).red_flags
    report = check_message(_words(201))
    assert report.word_count == 201 and "too_long" in report.red_flags
    assert next(f.quote for f in report.findings if f.id == "too_long") == "w201"


def test_too_long_quotes_the_first_words_beyond_the_limit_as_written():
    text = _words(10) + "\n\nand then   I went on\tand on " + _words(5)
    quote = next(f.quote for f in check_message(text, max_words=10).findings if f.id == "too_long")
    assert quote == "and then   I went on\tand on w1"  # QUOTE_WORDS words, spacing as in the message
    assert len(quote.split()) == QUOTE_WORDS and quote in text


def test_the_limit_is_configurable_and_kept_on_the_report():
    report = check_message(_words(50), max_words=40)
    assert "too_long" in report.red_flags and report.max_words == 40
    assert "too_long" not in check_message(_words(50), max_words=50).red_flags
    with pytest.raises(ValueError):
        check_message("hi", max_words=0)


# -- the checklist HTML ---------------------------------------------------------------------------


def test_checklist_lists_components_by_importance_with_ticks_crosses_and_words():
    out = checklist_html(check_message("I'm sorry, it was my mistake. Just unsubscribe below."))
    labels = [pattern(i).label for i in COMPONENT_IDS]
    positions = [out.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "✔</span> <strong>Acknowledgment of responsibility</strong>: present, “my mistake”" in out
    assert "✘</span> <strong>Offer of repair</strong>: missing." in out  # a cross plus the word, never colour alone
    assert "“Just unsubscribe”" in out and pattern("burden_shift").why in out
    assert "style=" not in out and "color" not in out


def test_checklist_escapes_the_learners_words():
    out = checklist_html(check_message('I\'m sorry <b onclick="x()">really</b> & truly, but the vendor sent it.'))
    assert "<b" not in out.replace("<br", "")
    assert "“sorry &lt;b onclick=&quot;x()&quot;&gt;really&lt;/b&gt; &amp; truly, but”" in out
    report = Report((Finding("blame", RED_FLAG, "Blaming others", '<img src=x onerror="evil()">', "w", 0.15),), 3)
    out = checklist_html(report)
    assert "<img" not in out and "&lt;img src=x onerror=&quot;evil()&quot;&gt;" in out


def test_checklist_says_when_no_red_flags_were_found_and_gives_the_count():
    out = checklist_html(check_message("My mistake, and I'm sorry."))
    assert "No red flags found" in out and "5 words (limit 200)" in out


def test_no_widget_library_is_imported():
    code = "import sys, course.message_checker; sys.exit('ipywidgets' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


# -- the corpus -----------------------------------------------------------------------------------

# Precision and recall over the whole corpus (development and held-out messages). The default
# floors are 0.85 precision and 0.8 recall; a lower one below is what the rules really achieve, with
# the reason. The figures are printed by benchmarks/message_checker.py.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.8
RECALL_FLOORS = {
    # 15/20: every held-out miss pushes work back in words no rule lists ("with the deadline you gave
    # us", "Unsubscribe links are included in every message", "you may need to download it again").
    # Burden shifting has no fixed vocabulary; a rule general enough to catch these ("you may need to")
    # would flag ordinary offers of help.
    "burden_shift": 0.75,
}


def test_the_corpus_is_large_labelled_and_covers_all_three_cases():
    assert len(CORPUS) >= 60 and len(HOLDOUT) >= 20
    known = set(COMPONENT_IDS) | set(RED_FLAG_IDS)
    for m in CORPUS:
        assert m["case"] in {"spam", "attachment", "premature"} and m["label"] in {"good", "bad", "borderline"}
        assert m["components"] | m["red_flags"] <= known
        # too_long is a count, so its label can be checked against the text itself
        assert ("too_long" in m["red_flags"]) == (len(m["text"].split()) > 200), m["text"][:60]
    for case in ("spam", "attachment", "premature"):
        assert {m["label"] for m in CORPUS if m["case"] == case} == {"good", "bad", "borderline"}


def test_every_quote_in_the_corpus_is_the_exact_text_it_came_from():
    for m in CORPUS:
        for f in check_message(m["text"]).findings:
            assert f.quote and f.quote in m["text"]


@pytest.mark.parametrize("finding_id", COMPONENT_IDS + RED_FLAG_IDS)
def test_precision_and_recall_per_finding_over_the_corpus(finding_id):
    tp, fp, fn = tally(CORPUS, check_message).get(finding_id, [0, 0, 0])
    assert tp + fn > 0, "the corpus must contain instances of every finding"
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn)
    assert precision >= PRECISION_FLOOR, f"{finding_id}: precision {precision:.2f} ({tp} right, {fp} wrong)"
    assert recall >= RECALL_FLOORS.get(finding_id, RECALL_FLOOR), f"{finding_id}: recall {recall:.2f} ({fn} missed)"


# On messages written after the rules were fixed (HOLDOUT), what really carries over: the components
# mostly do; red flags in new words mostly do not (recall 0 of 14 there), so no recall floor is set
# for them. What must hold is that the rules raise no false alarms on new writing.
HOLDOUT_RECALL_FLOORS = {"acknowledgment": 0.85, "regret": 0.95, "repair": 0.75, "repentance": 0.85,
                         "explanation": 0.5}


def test_on_held_out_messages_components_carry_over_and_red_flags_raise_no_false_alarms():
    counts = tally(HOLDOUT, check_message)
    for finding_id, floor in HOLDOUT_RECALL_FLOORS.items():
        tp, fp, fn = counts[finding_id]
        assert tp / (tp + fn) >= floor, finding_id
    for finding_id in RED_FLAG_IDS:
        tp, fp, fn = counts.get(finding_id, [0, 0, 0])
        assert fp == 0, finding_id


def test_the_development_messages_are_nearly_all_right():
    """A regression guard: the messages the rules were built on should keep passing."""
    counts = tally(DEVELOPMENT, check_message)
    wrong = sum(fp + fn for _, fp, fn in counts.values())
    total = sum(len(m["components"] | m["red_flags"]) for m in DEVELOPMENT)
    assert wrong <= 5, f"{wrong} wrong findings of {total}"


@pytest.mark.parametrize("case", ["spam", "attachment", "premature"])
def test_every_good_message_scores_higher_than_every_bad_one_of_its_case(case):
    scores = {label: [check_message(m["text"]).score for m in CORPUS if m["case"] == case and m["label"] == label]
              for label in ("good", "borderline", "bad")}
    assert min(scores["good"]) > max(scores["bad"])
    mean = {label: sum(s) / len(s) for label, s in scores.items()}
    assert mean["good"] > mean["borderline"] > mean["bad"]
