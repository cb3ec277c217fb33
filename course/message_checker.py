"""The message checker: which apology components a drafted message has, and which red flags, each with its words.

How it decides (issue 18): two readable parts. Phrase rules (``course.message_patterns``) match
known phrasings, with negations excluded; a linear model over the message's words and word pairs
(``course.message_model``, its weights in ``course/message_model.json``) carries the findings over
to words the rules do not list. For each finding, the shipped model says which part decides it (the
rules, the model, or either), as chosen on the development part of the labelled corpus
(``tests/messages/``); ``benchmarks/message_checker.py`` measures the result on the held-out part,
written by other writers, to which nothing was fitted. Every finding quotes the words that
triggered it: a rule's match, or the words that weighed most in the model.

One rule is applied after both: "ownership left out" (the passive, "the email went out") is a red
flag only when the message nowhere owns the mistake in the first person and puts it on no one
else (that is the blame flag).

The same check serves the live checklist widget (it runs on every keystroke: a few milliseconds
for a 200-word message, ``benchmarks/message_checker.py``) and grading (``Report.score``). It imports no widget code and nothing
heavier than the standard library, so test cells and the grading pipeline can use it freely.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, replace

try:  # re's parser and compiler, to compile the rules as tries (_as_trie)
    from re import _compiler, _parser
    from re import _constants as _c
except ImportError:  # a later Python: the rules are compiled as written
    _compiler = _parser = _c = None

from course.message_model import features, model, only_offers, sentences
from course.message_patterns import (
    COMPONENT,
    COMPONENTS,
    DEFAULT_MAX_WORDS,
    PATTERNS,
    RED_FLAG,
    TOO_LONG,
    Pattern,
    expand,
    pattern,
)

__all__ = ["Finding", "Report", "check_message", "rule_matches", "checklist_html", "show", "QUOTE_WORDS"]

# How many words beyond the limit the too_long finding quotes: enough to find the place, short
# enough for a checklist line.
QUOTE_WORDS = 8

_WORD = re.compile(r"\S+")


def _first_characters(items, fold: bool = True) -> tuple[set[str] | None, bool]:
    """The characters a match of these parsed regex items can start with, and whether they can match nothing.

    ``None`` means "any character" (the analysis gives up: a dot, a negated set, ``\\w``). Zero-width
    items (look-arounds, anchors) are passed over, which can only make the set larger than it needs
    to be, never smaller: the set is a safe filter. ``fold``: the items match either case, so each
    character stands for its upper and lower case too; a ``(?-i:...)`` group turns that off inside
    it, so "a capitalised name" (``(?-i:[A-Z][a-z]+)``) admits the capitals, not every letter.
    """
    from re import _constants as c  # the parser's own opcodes

    found: set[str] = set()
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL:
            found.update(_cases(chr(av), fold))
            return found, False
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    found.update(_cases(chr(value), fold))
                elif kind is c.RANGE and value[1] - value[0] < 128:
                    found.update(ch for i in range(value[0], value[1] + 1) for ch in _cases(chr(i), fold))
                elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                    found.update(" \t\n\r\f\v")
                elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                    found.update("0123456789")
                else:
                    return None, False
            return found, False
        if op is c.SUBPATTERN:  # (group, flags added, flags removed, items)
            inner = (fold or bool(av[1] & re.IGNORECASE)) and not av[2] & re.IGNORECASE
            first, empty = _first_characters(av[-1], inner)
        elif op is c.BRANCH:
            first, empty = set(), False
            for alternative in av[1]:
                one, one_empty = _first_characters(alternative, fold)
                if one is None:
                    return None, False
                first |= one
                empty = empty or one_empty
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            first, empty = _first_characters(av[2], fold)
            empty = empty or av[0] == 0
        else:  # a dot, a negated character, a back-reference: anything may come first
            return None, False
        if first is None:
            return None, False
        found |= first
        if not empty:
            return found, False
    return found, True


def _cases(ch: str, fold: bool) -> tuple[str, ...]:
    """A character as a case-insensitive regex matches it (itself, upper, lower, casefolded), or itself alone."""
    return (ch, ch.lower(), ch.upper(), ch.casefold()) if fold else (ch,)


def _compile(p: Pattern, lowered: bool = False) -> re.Pattern[str]:
    """One regex per pattern, its alternatives fenced by word boundaries, so one search finds the first match.

    The match is group 1, after one consumed non-word character; ``check_message`` searches the
    text with a space put in front. That is a word boundary before the phrase whatever character
    it starts with, and it is fast: a pattern that begins with a character set lets ``re`` skip
    every position inside a word, which made the check about four times faster than a leading
    ``(?<!\\w)`` (case-insensitive alternations get no such skip). ``(?!\\w)`` closes each one.
    A look-ahead for the characters the pattern's phrases can start with, worked out from the parsed
    regex, then turns away many word starts before any alternative is tried: the check runs on
    every keystroke, and this takes about a sixth off the rules' time without changing a match.

    ``lowered``: the regex is written in lower case and searched, case-sensitively, in the lowered
    text (``_lower``). That matches what the case-insensitive regex matches and takes about half the
    time: ``re`` compares every character of a case-insensitive regex in both cases. Only regexes
    with no ``(?-i:...)`` part (a capitalised name, "IT") can be lowered.
    """
    from re import _parser

    alternatives = _unrepeated("|".join(rf"(?:{expand(r)})(?!\w)" for r in p.regexes))
    flags = 0 if lowered else re.IGNORECASE
    if lowered:
        alternatives = _lowered(alternatives)
    first, empty = _first_characters(_parser.parse(alternatives, flags), fold=not lowered)
    guard = ""
    if first is not None and not empty:
        guard = "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])"
        if not lowered:
            guard = f"(?-i:{guard})"
    return _as_trie(rf"[^\w]{guard}({alternatives})", flags)


def _as_trie(regex: str, flags: int) -> re.Pattern[str]:
    """``regex`` compiled with its phrase group's alternatives arranged as a trie of first letters.

    Why: ``re`` tries a group's alternatives one after another at every word start. One that begins
    with a letter is turned away at once when the letter differs; one that begins with a group
    ("(?:sent|emailed) ...") is entered and tried in full. So each alternative that begins with a
    group is written out as one alternative per choice of the group, in the same order, and
    neighbouring alternatives that begin with the same letter share it ("s(?:ent ...|orry ...)"), down
    three letters. A trie tries, at each place, the same alternatives in the same order as the regex,
    so it matches exactly what the regex matches; the rules take about a fifth less time. It is
    built on ``re``'s parsed form and compiled from it (``re._parser``, ``re._compiler``); should a
    later Python change those, the regex is compiled as written.
    """
    try:
        tree = _parser.parse(regex, flags)
        tree.data = [(op, (av[0], av[1], av[2], _parser.SubPattern(tree.state, _alternation(
                         [list(av[3])], tree.state, _TRIE_DEPTH)))) if op is _c.SUBPATTERN and av[0] == 1 else (op, av)
                     for op, av in tree.data]
        return _compiler.compile(tree, flags)
    except Exception:  # noqa: BLE001 - the regex as written matches the same, only slower
        return re.compile(regex, flags)


_TRIE_DEPTH = 3  # letters shared: the fourth would save no measurable time


def _written_out(items: list) -> list[list]:
    """An alternative as the alternatives it stands for that do not begin with a choice, in order:
    "(?:a|b)c" is "ac", then "bc" (a group that captures or sets flags is kept as it is)."""
    if items and items[0][0] is _c.BRANCH:
        return [alt for choice in items[0][1][1] for alt in _written_out(list(choice) + items[1:])]
    if items and items[0][0] is _c.SUBPATTERN and items[0][1][:3] == (None, 0, 0):
        return _written_out(list(items[0][1][3]) + items[1:])
    return [items]


def _alternation(alternatives: list[list], state, depth: int) -> list:
    """Parsed items matching what ``alternatives`` (parsed, in order) match as a choice, as a trie."""
    written = [alt for items in alternatives for alt in _written_out(items)]
    if depth > 0:
        groups: list[tuple[int | None, list[list]]] = []  # (first letter, the rests) or (None, [alternative])
        for alt in written:
            letter = alt[0][1] if alt and alt[0][0] is _c.LITERAL else None
            # join the latest group of the same letter only if nothing else can match in between
            same = next((g for g in reversed(groups) if g[0] is None or g[0] == letter), None)
            if letter is not None and same is not None and same[0] == letter:
                same[1].append(alt[1:])
            else:
                groups.append((letter, [alt[1:] if letter is not None else alt]))
        written = [rests[0] if letter is None else
                   [(_c.LITERAL, letter)] + (rests[0] if len(rests) == 1 else _alternation(rests, state, depth - 1))
                   for letter, rests in groups]
    if len(written) == 1:
        return written[0]
    return [(_c.BRANCH, (None, [_parser.SubPattern(state, alt) for alt in written]))]


def _unrepeated(regex: str) -> str:
    """A regex with each optional group ``(?:...)?`` written as ``(?:...|)``: the same choice in the
    same order (the group if it matches, else nothing), so the same matches.

    Why: ``re`` compiles an optional group of more than one character to a general repeat, which keeps
    its own bookkeeping each time it is tried, and the rules try their alternatives at every word
    start on every keystroke; a branch with an empty alternative needs none (rules about 5% faster,
    every corpus message's matches unchanged). Lazy ``??`` and possessive ``?+`` groups are left alone."""
    out = list(regex)
    opened: list[bool] = []  # for each open group: whether it is a plain (?:...)
    i, in_set = 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
            i += 1
            if regex[i: i + 1] == "^":
                i += 1
            if regex[i: i + 1] == "]":  # a "]" first in a set is a character, not its end
                i += 1
            continue
        elif ch == "(":
            opened.append(regex.startswith("(?:", i))
        elif ch == ")":
            if opened.pop() and regex[i + 1: i + 2] == "?" and regex[i + 2: i + 3] not in ("?", "+"):
                out[i], out[i + 1] = "|)", ""
        i += 1
    return "".join(out)


def _lowered(regex: str) -> str:
    """A regex with its letters in lower case, its escapes (``\\S``, ``\\W``, ``\\B``) as they are."""
    out, i = [], 0
    while i < len(regex):
        if regex[i] == "\\":
            out.append(regex[i : i + 2])
            i += 2
        else:
            out.append(regex[i].lower())
            i += 1
    return "".join(out)


def _cased(regex: str) -> bool:
    """Whether a regex (this module's notation) has a part where case matters: it cannot be lowered."""
    return "(?-i:" in regex


def _lower(text: str) -> str:
    """The text in lower case, the same length, so a match's offsets index the text itself
    (a character whose lower case is longer, such as "İ", is kept as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _segments(p: Pattern) -> tuple[tuple[tuple[str, ...] | None, bool, re.Pattern[str]], ...]:
    """A pattern's regexes as runs, in order: each run of regexes that another pattern uses too (the
    blame phrases that also tell how it happened, ``_OTHERS_DID_IT``) is compiled apart, under its
    strings as a key, so that ``rule_matches`` searches a text for it once, not once per pattern;
    the runs between are compiled as they are. A run is cut where a regex in which case matters
    (``_cased``) meets one in which it does not, so that the rest can be lowered (``_compile``)."""
    runs: list[tuple[tuple[bool, bool], list[str]]] = []
    for regex in p.regexes:
        kind = (_USES[regex] > 1, _cased(regex))
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(regex)
        else:
            runs.append((kind, [regex]))
    return tuple(
        (tuple(run) if shared else None, not cased, _compile(replace(p, regexes=tuple(run)), lowered=not cased))
        for (shared, cased), run in runs
    )


# Compiled once at import: the widget calls check_message on every keystroke.
_USES = Counter(regex for p in PATTERNS for regex in set(p.regexes))
_COMPILED = tuple((p, _segments(p)) for p in PATTERNS if p.regexes)
UNOWNED = "passive"  # "ownership left out": reported only where nothing owns the mistake or blames anyone
_COMPONENTS_BY_IMPORTANCE = tuple(p.id for p in sorted(COMPONENTS, key=lambda p: -p.weight))  # stable: ties keep order


@dataclass(frozen=True)
class Finding:
    """One component found or one red flag raised, with the exact words of the message that triggered it."""

    id: str
    kind: str
    label: str
    quote: str
    why: str
    weight: float


@dataclass(frozen=True)
class Report:
    """What the checker found in one message, in text order, and the score grading takes from it.

    ``max_words`` is the limit the too_long rule used, kept so the checklist can say "limit 200".
    """

    findings: tuple[Finding, ...]
    word_count: int
    max_words: int = DEFAULT_MAX_WORDS

    @property
    def components(self) -> set[str]:
        """The ids of the apology components present."""
        return {f.id for f in self.findings if f.kind == COMPONENT}

    @property
    def red_flags(self) -> set[str]:
        """The ids of the red flags raised."""
        return {f.id for f in self.findings if f.kind == RED_FLAG}

    @property
    def present(self) -> tuple[str, ...]:
        """The component ids found, most important first (the order reviews list them in)."""
        return tuple(c for c in _COMPONENTS_BY_IMPORTANCE if c in self.components)

    @property
    def missing(self) -> tuple[str, ...]:
        """The component ids absent, most important first: the order in which the learner should add them."""
        present = self.components
        return tuple(c for c in _COMPONENTS_BY_IMPORTANCE if c not in present)

    @property
    def score(self) -> float:
        """The automated score, 0 to 1.

        The rule (issue 18; weights in ``course.message_patterns``): the weights of the components
        present, capped at 1, minus each red flag's weight (0.15 apiece), clamped to [0, 1].
        Acknowledgment (0.55) and repair (0.45) together are full marks; regret, explanation and
        repentance (0.10 each) help only a message missing one of those two; a request for
        forgiveness weighs 0. The cap comes before the deduction, so a red flag costs a full
        message as much as a weak one, and more words never earn more. Each red flag is counted
        once however often its words appear.
        """
        earned = sum(f.weight for f in self.findings if f.kind == COMPONENT)
        penalty = sum(f.weight for f in self.findings if f.kind == RED_FLAG)
        return min(1.0, max(0.0, min(1.0, earned) - penalty))


def _finding(p: Pattern, quote: str) -> Finding:
    return Finding(id=p.id, kind=p.kind, label=p.label, quote=quote, why=p.why, weight=p.weight)


# A red flag's words are taken back by a negation earlier in the same clause: "I'm not going to say
# it was a small thing", "no discount code, no sales pitch", "I won't blame the vendor". The clause
# starts after the last punctuation mark or "but" before the match.
_CLAUSE_START = re.compile(r"(?:[.!?;:,()\n—–]|\bbut\b)(?!.*(?:[.!?;:,()\n—–]|\bbut\b))", re.IGNORECASE | re.DOTALL)
_NEGATION = re.compile(r"\b(?:not|no|never|without|nothing|nobody|cannot)\b|n['’]t\b", re.IGNORECASE)


_INTERJECTIONS = frozenset({"lol", "haha", "no biggie"})  # a laugh is not negated by a "won't" before it
_RELATIVE = re.compile(r"\b(?:who|that|which|if|when|whether)\b", re.IGNORECASE)


def _negated(text: str, start: int) -> bool:
    """Whether a negation comes before ``start`` in its clause, within eight words, and not inside a relative clause.

    "Recipients who do not wish to be contacted can opt out" still pushes the work back: its "not"
    belongs to "who do not wish", not to "can opt out".
    """
    before = text[max(0, start - 80):start]
    clause = _CLAUSE_START.search(before)
    clause_text = before[clause.end():] if clause else before
    negations = list(_NEGATION.finditer(clause_text))
    if not negations:
        return False
    last = negations[-1]
    if len(clause_text[last.end():].split()) > 8:
        return False
    return not _RELATIVE.search(clause_text[:last.start()])


def rule_matches(text: str) -> dict[str, tuple[int, str]]:
    """Each rule's first match in ``text``, by finding id: its position and its exact words.

    A red flag's match is skipped when a negation comes before it in its clause (and the next match
    is tried): denying a red flag is not raising it. Components guard their own negations in their
    regexes, because there a negation can be part of the phrase ("I didn't check").
    """
    found: dict[str, tuple[int, str]] = {}
    padded = " " + text  # see _compile: the space is the boundary before a phrase at the very start
    lowered = " " + _lower(text)  # for the lowered regexes (_compile): the same offsets
    shared: dict[tuple[str, ...], list[re.Match[str]]] = {}  # a run two patterns use, searched once
    for p, segments in _COMPILED:
        best: tuple[int, str] | None = None
        for key, low, regex in segments:  # in the pattern's order: at the same place, the earlier run wins
            searched = lowered if low else padded
            if key is None:
                matches = regex.finditer(searched)
            elif (matches := shared.get(key)) is None:
                matches = shared[key] = list(regex.finditer(searched))
            for m in matches:
                if best is not None and m.start(1) >= best[0]:
                    break
                words = padded[m.start(1): m.end(1)]  # the learner's own words, in their own case
                if p.kind == RED_FLAG and words.lower() not in _INTERJECTIONS and _negated(text, m.start(1) - 1):
                    continue
                best = (m.start(1), words)
                break
        if best is not None:
            found[p.id] = (best[0] - 1, best[1])
    return found


def check_message(text: str, *, max_words: int = DEFAULT_MAX_WORDS) -> Report:
    """Check a drafted message: at most one finding per pattern, in the order they occur in the text.

    ``max_words`` is the too_long limit; a message of exactly ``max_words`` words is not too long.
    Its finding quotes the first few words beyond the limit, so the learner sees where to cut.
    """
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, not {max_words}")
    rules = rule_matches(text)
    learned = model()
    parts = sentences(text)
    scores = learned.scores(features(text, rules, parts), text, parts) if learned.modes else {}
    located: list[tuple[int, Finding]] = []
    for p in PATTERNS:
        if not p.regexes:
            continue
        mode = learned.modes.get(p.id, "rules")
        if mode == "unowned":  # decided below, once acknowledgment and blame are known
            continue
        rule = rules.get(p.id)
        fires = mode != "rules" and learned.fires(p.id, scores)
        if fires and p.id == "conditional" and only_offers(parts):  # an offer, not a condition on the apology
            fires = False
        if mode == "model" and not fires:
            continue
        if rule is not None and (mode != "model" or fires):
            located.append((rule[0], _finding(p, rule[1])))
        elif fires:
            quote = learned.quote(p.id, text, parts)
            if quote is not None:
                located.append((quote[0], _finding(p, quote[1])))
    if any(f.id in ("acknowledgment", "blame") for _, f in located):  # owned, or put on someone: not left out
        located = [(at, f) for at, f in located if f.id != UNOWNED]
    elif learned.modes.get(UNOWNED) == "unowned" and (located or UNOWNED in rules) and parts:
        # a message about the mistake that neither owns it nor blames anyone leaves the ownership out;
        # the quote is the rule's words if it matched, else the message's first sentence
        rule = rules.get(UNOWNED)
        if rule is None:
            first = parts[0]
            rule = (first.spans[0][0], text[first.spans[0][0]: first.spans[min(len(first.spans), QUOTE_WORDS) - 1][1]])
        located.append((rule[0], _finding(pattern(UNOWNED), rule[1])))
    words = list(_WORD.finditer(text))
    if len(words) > max_words:
        beyond = words[max_words : max_words + QUOTE_WORDS]
        start, end = beyond[0].start(), beyond[-1].end()
        located.append((start, _finding(pattern(TOO_LONG), text[start:end])))
    located.sort(key=lambda pair: pair[0])  # stable: at one position, components before red flags
    return Report(findings=tuple(f for _, f in located), word_count=len(words), max_words=max_words)


def checklist_html(report: Report) -> str:
    """The checklist as accessible HTML: a tick or a cross plus words on every line, never colour alone.

    Components come in order of importance, each found one with its quote; red flags come with
    their quote and why they matter. Every piece of learner text is escaped: a message may contain
    anything, including markup.
    """
    esc = html.escape
    found = {f.id: f for f in report.findings}
    lines = ['<div class="message-checklist" role="group" aria-label="Message checklist">']
    lines.append("<h4>Apology components</h4>")
    lines.append("<ul>")
    for component_id in _COMPONENTS_BY_IMPORTANCE:
        p = pattern(component_id)
        f = found.get(component_id)
        if f is not None:
            lines.append(
                f'<li class="present"><span aria-hidden="true">✔</span> <strong>{esc(p.label)}</strong>: '
                f"present, “{esc(f.quote)}”</li>"
            )
        else:
            lines.append(
                f'<li class="missing"><span aria-hidden="true">✘</span> <strong>{esc(p.label)}</strong>: '
                f"missing. {esc(p.why)}</li>"
            )
    lines.append("</ul>")
    lines.append("<h4>Red flags</h4>")
    lines.append("<ul>")
    flags = [f for f in report.findings if f.kind == RED_FLAG]
    for f in flags:
        lines.append(
            f'<li class="red-flag"><span aria-hidden="true">✘</span> <strong>{esc(f.label)}</strong>: '
            f"“{esc(f.quote)}”. {esc(f.why)}</li>"
        )
    if not flags:
        # Worded modestly on purpose: on new writers' messages the checker still misses some red flags
        # (tests/messages/ROUNDS.md), blame most of all.
        lines.append(
            '<li class="no-red-flags"><span aria-hidden="true">✔</span> No red flags found. The checker misses '
            "some, so read it once more as the person who receives it.</li>"
        )
    lines.append("</ul>")
    lines.append(f"<p>{report.word_count} words (limit {report.max_words}).</p>")
    lines.append("</div>")
    return "\n".join(lines)



def show(text: str, *, max_words: int = DEFAULT_MAX_WORDS) -> Report:
    """Display the checklist for a message written in a code cell (the widget shows it by itself).

    For messages a learner writes as text in code, such as a complete email; returns the report."""
    from IPython.display import HTML, display

    report = check_message(text, max_words=max_words)
    display(HTML(checklist_html(report)))
    return report
