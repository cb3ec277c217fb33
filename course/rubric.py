"""The recovery-step rubric: the five steps every exercise, grade and report is scored against.

Why data and not prose: notebooks quote it, grading totals points per step, and reports chart
per step. If each kept its own copy the titles and ids would drift, so all of them read this
module. The ids are stable: they appear in grade ids, exports and reports, so never rename one.

Sources: the five steps come from an Inc. article, "top 5 strategies" for handling the aftermath
of a mistake, enriched by a Personal Branding Magazine blog post (November 2007) on a bulk email
to 10,000 bought contacts, the Google SRE book (ch. 15, "Postmortem Culture: Learning from
Failure") and Lewicki, Polin & Lount (2016) on apologies.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Step", "AntiPattern", "STEPS", "STEP_IDS", "ANTI_PATTERNS", "step", "anti_pattern"]


@dataclass(frozen=True)
class Step:
    """One step of the rubric: what it is called and what doing it well looks like."""

    id: str
    number: int
    title: str
    question: str
    good_practice: tuple[str, ...]
    source: str

    def label(self) -> str:
        """The short form used on chart axes and in reviews: "1 Assess the damage"."""
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class AntiPattern:
    """A tempting wrong move that scenarios offer as a distractor, with why it backfires."""

    id: str
    name: str
    looks_like: str
    why_it_backfires: str
    undermines: str  # the id of the step it works against


_INC = "Inc. article, 'top 5 strategies' for handling the aftermath of a mistake"
_BLOG = "Personal Branding Magazine blog post, November 2007"

STEPS: tuple[Step, ...] = (
    Step(
        id="assess",
        number=1,
        title="Assess the damage",
        question="How serious is this really, and is there still a quick fix?",
        good_practice=(
            "Pause before reacting: keep a level head while your emotions scream panic.",
            "Gather the facts before you act on them.",
            "Scope it: who is affected, how many, how seriously.",
            "Decide whether a quick fix still exists or the damage is done.",
        ),
        source=_INC,
    ),
    Step(
        id="own",
        number=2,
        title="Speak with the relevant parties",
        question="Who needs to hear it from you, and what do you say first?",
        good_practice=(
            "Speak up promptly, once you have assessed and calmed down.",
            "Admit the mistake fully and take responsibility: it was yours.",
            "No excuses, no blame, no minimising.",
            "Tell them what happened, that you understand how serious it is, and what comes next.",
        ),
        source=_INC + "; Lewicki, Polin & Lount (2016)",
    ),
    Step(
        id="fix",
        number=3,
        title="Fix it, and show it won't happen again",
        question="What repair will they accept, and what stops a repeat?",
        good_practice=(
            "Offer a concrete repair, knowing the affected party has the final call.",
            "Back 'never again' with a specific plan, not a promise.",
            "Start the recovery plan immediately.",
        ),
        source=_INC + "; " + _BLOG,
    ),
    Step(
        id="reflect",
        number=4,
        title="Self-reflect",
        question="Why did it happen, and is it a one-off or a pattern?",
        good_practice=(
            "Look for the root cause you can act on; 'human error' is where to start asking, not to stop.",
            "Ask whether this was a one-off or part of a pattern.",
            "Change systems and habits, not just resolve to try harder.",
        ),
        source=_INC + "; Google SRE book, ch. 15 'Postmortem Culture'",
    ),
    Step(
        id="rebuild",
        number=5,
        title="Earn trust back through actions",
        question="How will people see, over time, that it is fixed?",
        good_practice=(
            "Follow through on every promise, visibly and on time.",
            "Deliver consistently: excellent work is the best remedy for a tarnished reputation.",
            "Share the lesson so that nobody who works with you repeats it.",
        ),
        source=_INC + "; " + _BLOG,
    ),
)

STEP_IDS: tuple[str, ...] = tuple(s.id for s in STEPS)

ANTI_PATTERNS: tuple[AntiPattern, ...] = (
    AntiPattern(
        id="bury",
        name="Bury the bad news",
        looks_like="Say nothing and hope nobody notices.",
        why_it_backfires="They find out anyway, later and from someone else, and now it is a trust problem too.",
        undermines="own",
    ),
    AntiPattern(
        id="deflect",
        name="Deflect the blame",
        looks_like="It was the list seller's fault; the recipients are oversensitive.",
        why_it_backfires="People hear an excuse, not an apology, and nothing you control gets fixed.",
        undermines="own",
    ),
    AntiPattern(
        id="panic",
        name="Panic-react",
        looks_like="Fire off another mass email to everyone before knowing the facts.",
        why_it_backfires="A second rushed action repeats or widens the first mistake.",
        undermines="assess",
    ),
    AntiPattern(
        id="grovel",
        name="Grovel or over-explain",
        looks_like="A long, emotional message about how terrible you feel.",
        why_it_backfires="It makes the apology about you and buries what the reader needs to know.",
        undermines="own",
    ),
    AntiPattern(
        id="empty-promise",
        name="Promise 'never again' with no plan",
        looks_like="'It will never happen again', and nothing changes.",
        why_it_backfires="Without a specific change the promise is not believable, and the mistake recurs.",
        undermines="fix",
    ),
    AntiPattern(
        id="recall-only",
        name="Recall as the only plan",
        looks_like="Hit 'recall' and consider it handled.",
        why_it_backfires="Recall rarely reaches an external recipient; the message has usually been read.",
        undermines="fix",
    ),
)

_STEPS_BY_ID = {s.id: s for s in STEPS}
_ANTI_BY_ID = {a.id: a for a in ANTI_PATTERNS}


def step(step_id: str) -> Step:
    """Return the step with this id; a wrong id names the valid ones, because it is an authoring slip."""
    try:
        return _STEPS_BY_ID[step_id]
    except KeyError:
        raise ValueError(f"unknown rubric step {step_id!r}; valid steps: {', '.join(STEP_IDS)}") from None


def anti_pattern(pattern_id: str) -> AntiPattern:
    """Return the anti-pattern with this id."""
    try:
        return _ANTI_BY_ID[pattern_id]
    except KeyError:
        valid = ", ".join(_ANTI_BY_ID)
        raise ValueError(f"unknown anti-pattern {pattern_id!r}; valid ones: {valid}") from None
