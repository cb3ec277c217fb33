"""What the message checker looks for in a drafted apology, as data: each pattern, its words, and why it matters.

Why data and not code: the checklist widget shows the label and the note, grading weighs the
components, and the scenarios (a spam apology, a corrected attachment, a follow-up to a half-written
email) all reuse the same patterns. An author who wants to add a phrasing edits one tuple here and
the tests (``tests/test_message_checker.py`` and its labelled corpus) say whether it helped.

The six components come from Lewicki, Polin & Lount (2016), "An Exploration of the Structure of
Effective Apologies", Negotiation and Conflict Management Research 9(2):177-196:
acknowledgment of responsibility, expression of regret, explanation,
declaration of repentance, offer of repair and request for forgiveness. The study found
acknowledgment of responsibility the most important and an offer of repair next; a request for
forgiveness the least. The weights say what the course teaches from that, as a score rule rather
than a ranking (issue 18): a brief message that owns the mistake in the first person and offers a
concrete repair earns full marks, whatever else it leaves out.

- acknowledgment of responsibility: 0.55, offer of repair: 0.45; the two together are full marks.
- expression of regret, explanation, declaration of repentance: 0.10 each. They help a message that
  lacks one of the two (no message without acknowledgment can pass 0.75), and add nothing to one
  that has both: the score is capped at 1, so more words never earn more.
- request for forgiveness: 0. It is shown on the checklist, as optional; it is never needed.

The red flags each cost the same fixed deduction, ``RED_FLAG_PENALTY``, because no source ranks
them: the anti-patterns of the rubric's "own" step (no excuses, no blame, no minimising; see
``course.rubric``), the classic non-apologies ("sorry if", "sorry, but"), and what the orientation
teaches against: grovelling and self-focus, a sales pitch inside an apology, a rote formula, and
ownership left out by the passive ("mistakes were made").

How a regex here is written (``expand`` turns it into the Python regex the checker compiles):

- a literal space (outside ``[...]``) matches any run of whitespace, so a line break in a message
  does not hide a phrase; write ``\\s`` where exactly one character is meant (inside a
  look-behind, which must have a fixed width);
- a straight apostrophe ``'`` matches straight and curly ones (``'``, ``’``, ``‘``), also inside
  ``[...]``, because phones and word processors curl them;
- matching ignores case, and the checker puts word boundaries around each regex, so "minor" does
  not match "minority". Use ``(?-i:IT)`` where case matters.
- negations ("not my fault", "it wasn't the system") are excluded with fixed-width look-behinds
  such as ``(?<!n't\\s)``, or by anchoring the regex on the verb ("it was", not "it wasn't").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COMPONENT",
    "RED_FLAG",
    "RED_FLAG_PENALTY",
    "DEFAULT_MAX_WORDS",
    "TOO_LONG",
    "Pattern",
    "COMPONENTS",
    "RED_FLAGS",
    "PATTERNS",
    "expand",
    "pattern",
]

COMPONENT = "component"
RED_FLAG = "red_flag"
RED_FLAG_PENALTY = 0.15
DEFAULT_MAX_WORDS = 200
TOO_LONG = "too_long"

_APOSTROPHES = "['‘’]"


@dataclass(frozen=True)
class Pattern:
    """One thing the checker reports: an apology component to credit or a red flag to warn about.

    ``regexes`` are in the notation described in the module docstring; ``why`` is shown to the
    learner beside a finding, so it says in one or two sentences what the reader of the message
    experiences. ``weight`` is the component's rank tier, or for a red flag the score it costs.
    """

    id: str
    kind: str
    label: str
    regexes: tuple[str, ...]
    why: str
    weight: float

    def __post_init__(self) -> None:
        if self.kind not in (COMPONENT, RED_FLAG):
            raise ValueError(f"pattern {self.id!r}: kind must be {COMPONENT!r} or {RED_FLAG!r}, not {self.kind!r}")
        if self.weight < 0:
            raise ValueError(f"pattern {self.id!r}: weight must not be negative")


def expand(source: str) -> str:
    """Turn one regex in this module's notation into a Python regex (spaces and apostrophes widened).

    Inside a character class (``[\\w']``) an apostrophe becomes the three apostrophes and a space
    stays a space, so the notation works there too; escaped characters are copied as they are.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(_APOSTROPHES[1:-1] if c == "'" else c)
        elif c == "[":
            in_class = True
            out.append(c)
            if source[i + 1 : i + 2] == "^":  # "[^]...]" and "[]...]": a leading "]" is a literal
                out.append("^")
                i += 1
            if source[i + 1 : i + 2] == "]":
                out.append("]")
                i += 1
        elif c == "'":
            out.append(_APOSTROPHES)
        elif c == " ":
            out.append(r"\s+")
        else:
            out.append(c)
        i += 1
    return "".join(out)


# Negation guards used by several patterns: "not my fault", "wasn't my error", "isn't the system".
_NOT = r"(?<!not\s)(?<!n't\s)(?<!never\s)(?<!not\sa\s)(?<!n't\sa\s)(?<!not\san\s)(?<!n't\san\s)"

# Who a writer blames, and the verbs that make them the doer of the mistake. People and companies may
# be a few words from their verb ("my colleague was using my laptop and must have hit send"), but
# not across an "I", where the writer takes the action back.
_PEOPLE = (
    r"(?:(?:the|our|my|a|their) (?:(?!your )\S+ ){0,2}?(?:list (?:seller|vendor|provider|broker|company|guy)|vendor|supplier|"
    r"seller|assistant|colleague|intern|(?:finance|sales|marketing|legal|IT|dev|development|billing|accounts|ops|"
    r"operations|design|other|print|data|support|admin) (?:team|department)|agency|contractor|partner|provider|firm|"
    r"third party|analyst|"
    r"bookkeeper|accountant|VA|developer|designer|printer|courier|carrier|manager|boss|rep|company|library|plugin|"
    r"engineer|admin|administrator|predecessor|temp|freelancer|trainee|junior|finance team|hosting provider)"
    r"(?![\w'-])|someone|somebody)"
)
# A colleague by name, the one party whose words need their case ("Priya forgot"); kept apart from the
# party words above, so that those can be searched in the lowered text (course.message_checker._compile).
_NAMED = (
    r"(?!(?:You|We|They|He|She|It|This|That|There|Our|My|Your|Their)\b)(?-i:[A-Z][a-z]+) (?=was supposed|"
    r"were supposed|forgot|didn't|did not|never|failed|approved|saved|overwrote|merged|pushed|named|pressed)"
)
# Software and devices are blamed with their verb right after them ("the system sent", "Outlook sent my
# draft"), which keeps "typing on my phone ... and sent it" from reading as blame.
_MACHINES = (
    r"(?:(?:the|our|my) (?:\w+ ){0,2}?(?:system|software|platform|CRM|mail(?:ing)? tool|email client|app|server|phone|"
    r"laptop|tool|add-in|plugin|script|pipeline|bot|integration)|"
    r"Outlook|Gmail|autocorrect|Dropbox|Google Drive|OneDrive|SharePoint|Excel|Xero|QuickBooks|Mailchimp|Stripe|"
    r"Shopify|WordPress)"
)
_IT = r"(?:our |the )?(?-i:IT)(?: team| department)?"  # the IT team, not the word "it": apart, as _NAMED
_DID_IT = (
    r"(?:assured|told|promised|guaranteed|swore|said|sent|gave|supplied|provided|sold|uploaded|attached|pushed|"
    r"migrated|linked|swapped|changed|mixed|messed|failed|forgot|lost|broke|must have|should have|named|pressed|"
    r"didn't|did not|was supposed|were supposed|has a habit|auto-?sends?|auto-?sent|exported|generated|"
    r"(?:has been|keeps|kept) (?:sending|failing|crashing|breaking|dropping|losing|mixing|messing)|"
    r"(?:has been |was |is |went )?(?:flaky|down|playing up|unreliable|buggy|glitchy)|"
    r"never (?:told|warned|informed|mentioned|said|flagged)|"
    r"lied|messed up|screwed up|dropped the ball|botched|got (?:it|this|that|the \w+) wrong|mixed up|"
    r"made (?:a|the|an) (?:\w+ )?(?:mistake|error|mess)|"
    r"(?:pulled|imported|moved|misconfigured|saved|grabbed|used|picked|took|put|left|overwrote|copied|deleted|"
    r"entered|typed|keyed|filled|set|scheduled|approved|signed off|ran|wrote|prepared|selected|updated|released|"
    r"deployed|merged|shipped|changed|misread|mislabell?ed|mis-?typed|synced|doubled|decided|corrupted|crashed|"
    r"locked|sat on|experienced|had (?:a|an|some) (?:problem|issue|outage|fault|glitch)))"
)
# "My assistant uploaded the wrong list", "the system sent it": blame, and also an account of what
# happened, so these count for the explanation component too (its defect is the blame flag).
# An apology word, then up to 200 characters of its line to where a defence may start (a punctuation mark
# or a word boundary): the start of two excuse_but rules, one with the endings that can be lowered and one
# ending in a capital "But".
_AFTER_THE_APOLOGY = r"(?:sorry|soz|apologi[sz]e[sd]?|apologies|apology|regret)[^\n]{0,200}?(?:[.!;,:)] |\b)"
_BEFORE_THE_ACT = r"(?:(?! I | and | we )[^.!?;:]){0,40}?(?<!been\s)(?<!was\s)(?<!were\s)(?<!is\s)"
_AGENT_VERBS = (
    r"(?:sent|done|caused|made|uploaded|attached|supplied|provided|pushed|distributed|handled|compiled|prepared|"
    r"carried out|performed|approved|reviewed|configured|installed|deployed|written|released|entered) "
    r"(?:out )?by "
)
_OTHERS_DID_IT = (
    _NOT + _PEOPLE + _BEFORE_THE_ACT + _DID_IT,
    _NOT + _NAMED + _BEFORE_THE_ACT + _DID_IT,
    _NOT + _MACHINES + r" (?:\w+ )?" + _DID_IT,
    _NOT + _IT + r" (?:\w+ )?" + _DID_IT,
    # the passive with an agent: "this was sent out by the agency we hired"
    _AGENT_VERBS + _PEOPLE,
    _AGENT_VERBS + _NAMED,
)

# The fault put on the reader or their side ("you should have noticed", "your team approved it"):
# both blame and pushing work back (LABELS.md), so both patterns list these.
_READER_AT_FAULT = (
    r"you should(?:'ve| have) (?:\w+ )?(?:checked|noticed|spotted|seen|read|known|expected|asked|caught|looked|"
    r"realised|realized|opted|unsubscribed|called|phoned|contacted|told|replied|waited|flagged|sent)",
    r"(?:should(?:'ve| have)|ought to have) been (?:obvious|clear|caught|spotted|noticed)",
    r"(?:nobody|no one|no-one|none of you) (?:on|at|from|in) your (?:side|end|team|office)",
    r"(?:nobody|no one|no-one) (?:on|at|from|in) your (?:\w+ )?(?:side|end|team|office)",
    r"your (?:own )?(?:\w+ )?(?:team|office|department|side|colleagues?|staff|procurement|finance|board|people|"
    r"accountant|assistant) (?:had |have |has )?(?:only |also |then )?(?:sent|supplied|asked|requested|resubmitted|"
    r"provided|named|labell?ed|approved|signed|changed|gave|uploaded|insisted|delivered|missed|forgot)",
    r"approved by (?:you|your (?:\w+ )?(?:team|manager|board|side|office|department|people|client)|the client)",
    r"you (?:were|kept) (?:pinging|chasing|rushing|pushing|hounding|messaging|calling)",
    r"(?:we|I) (?:only )?received (?:your|the) [^.!?]{0,30}? only",
    r"you (?:only )?(?:sent|gave|provided|supplied|approved|signed off|changed|confirmed) (?:us |me )?(?:\S+ ){0,4}?"
    r"(?:only|late|(?:two|three|\d+) days? late|after the|the day before)",
    r"(?:the deadline|the date|the timeline|the brief) you (?:gave|set)",
    r"(?:because|since) you (?:asked|wanted|needed|insisted|pushed)",
)

COMPONENTS: tuple[Pattern, ...] = (
    Pattern(
        id="acknowledgment",
        kind=COMPONENT,
        label="Acknowledgment of responsibility",
        regexes=(
            _NOT + r"my (?:own )?(?:mistake|error|fault|doing|oversight|slip|bad)",
            r"(?:(?:that|this|the) (?:mistake|error|fault|one)|that|this|it)(?:'s| was| is) "
            r"(?:all |entirely |completely |wholly )?(?:on me|mine|my (?:decision|call|choice|responsibility))",
            r"(?:that|this|it) (?:was|is) (?:entirely |completely |fully )?my responsibility",
            r"I (?:take|accept|own|bear) (?:full |complete |total |sole )?responsibility",
            r"I(?:'m| am) (?:fully |entirely |solely )?(?:responsible|to blame)",
            r"I (?:should|shouldn't|should not) (?:never )?have",
            r"I (?:simply |just |then |wrongly |stupidly )?(?:sent|attached|emailed|mailed|forwarded|bought|picked|"
            r"chose|pressed|hit|clicked|mixed up)(?= (?:you|him|her|them|it|that|this|these|those|the|my|our|a|an|"
            r"last|every|all|everyone|your|send|out|\d))"
            r"(?! (?:this|that|last|on) (?:morning|afternoon|evening|night|week|month)(?![\w']))",
            r"I (?:messed up|screwed up|slipped up|got (?:it|this|that) wrong)",
            r"I used (?:a|an|the|my|that|last)",
            r"I must have (?:clicked|hit|pressed|sent|attached|picked|opened|used)",
            r"and (?:then )?(?:accidentally )?(?:sent|hit send|pressed send|clicked send)",
            r"I (?:accidentally|mistakenly|wrongly|carelessly) \w+",
            r"I (?:didn't|did not|failed to|forgot to) (?:check|catch|notice|spot|stop|refresh|verify|look|ask)",
            r"(?:I|and) (?:forgot|failed) to",
            r"I did (?:this|that|something)",
            r"I made (?:a|an|the|this|that) (?:\w+ )?(?:mistake|error)",
            r"careless of me",
            r"I had no (?:right|business|reason)",
        ),
        why="The study's most important component: the reader needs to hear that it was your doing, "
        "in the first person, not that 'a mistake was made'.",
        weight=0.55,
    ),
    Pattern(
        id="repair",
        kind=COMPONENT,
        label="Offer of repair",
        regexes=(
            r"I(?:'ve| have) (?:now |also |already |since )*(?:removed|deleted|unsubscribed|taken|attached|"
            r"corrected|fixed|suppressed|replaced|updated|resent|re-sent|written)",
            r"(?:you(?:'ve| have)|your (?:address|details|email|data)) (?:now )?(?:been|is|are) (?:now )?"
            r"(?:removed|deleted|unsubscribed|suppressed)",
            r"(?:you )?(?:won't|will not|will never) (?:hear|receive|get) "
            r"(?:from me|anything|another|any (?:more|further))",
            r"(?:the |a |an )?(?:correct(?:ed)?|right|updated|revised|complete|full|finished|refreshed|final|proper|"
            r"new) (?:\S+ ){0,5}?(?:is|are|follows|will follow) (?:attached|below|here|enclosed)",
            r"(?:the |a |an )?(?:correct(?:ed)?|right|updated|revised|complete|full|finished|refreshed|final|proper|"
            r"new|fixed|real) (?:version|file|copy|report|figures|numbers|data|spreadsheet|document|one|email|message|"
            r"text|reply|proposal) (?:is |are )?"
            r"(?:attached|below|enclosed|coming|to follow|will follow)",
            r"(?:attached|below|here) (?:is|are) the (?:correct|right|complete|full|updated|finished)",
            r"here(?:'s| is| are) the (?:right|correct|full|complete|updated|finished)",
            r"please find attached",
            r"I(?:'ll| will) (?:\w+ )?(?:send|resend|call|phone|ring|walk|follow up|fix|correct|clear|"
            r"put (?:it|this|that) right)",
            r"I can (?:\w+ )?(?:resend|send|call|phone|walk|go through|talk)",
            r"I(?:'d| would|'m| am) (?:be )?(?:happy|glad) to",
            r"let me know (?:if|what|whether|when|how)",
            r"(?:anything|something) (?:at all )?I can do",
            r"it(?:'s| is| has been) (?:now )?(?:fixed|corrected|sorted)",
            r"(?:has|have|had) (?:now )?been (?:\w+ )?(?:removed|deleted|suppressed|unsubscribed|updated|corrected|"
            r"fixed|replaced)",
            r"off (?:my|our|the) (?:\w+ )?list",
            r"(?:use|see|open) the attached",
            r"(?:won't|will not|will never) be (?:contacted|emailed|mailed|sent)",
            r"(?:asked|told|instructed) (?:them|the \w+) to (?:remove|delete|unsubscribe)",
            r"(?:will |to )?re-?send",
            r"(?:version|email|message|text|reply|proposal|file|report|figures) (?:follows|will follow|to follow|"
            r"is coming|coming)",
            r"(?:correct(?:ed)?|right|updated|new) (?:file|version|copy|report) (?:should|will) (?:now )?be "
            r"(?:in|there|available|attached)",
            r"(?:have|get|receive|received) the (?:correct(?:ed)?|right|updated|full|complete) (?:\w+ )?"
            r"(?:file|version|copy|report|figures|email)",
        ),
        why="The study's second most important component: saying what you have done or will do to put it "
        "right shows the apology is more than words. The affected person has the final say on it.",
        weight=0.45,
    ),
    Pattern(
        id="regret",
        kind=COMPONENT,
        label="Expression of regret",
        regexes=(
            r"sorry",
            r"apologi[sz](?:e|es|ed|ing)",
            r"apolog(?:y|ies)",
            r"(?<!n't\s)(?<!not\s)regret(?:s|ted)?",
            r"I feel (?:so |really |absolutely |truly )?(?:terrible|awful|dreadful|bad)",
            r"I(?:'m| am) (?:so |really |truly )?(?:mortified|embarrassed|ashamed)",
            r"mea culpa",
        ),
        why="Saying you are sorry tells the reader you understand it affected them. On its own it is the "
        "weakest kind of apology; it works with the components around it.",
        weight=0.10,
    ),
    Pattern(
        id="explanation",
        kind=COMPONENT,
        label="Explanation",
        regexes=(
            r"because",
            r"what happened (?:was|is)",
            r"(?:this|it|that) happened",
            r"(?:the )?reason (?:was|is)",
            r"due to",
            r"caused by",
            r"I (?:had(?! finished| not| no)|reused|re-used|copied|exported|used|bought|got|assumed|thought|picked|"
            r"started|grabbed|saved|took|put together)",
            r"I(?:'d| had) (?:bought|purchased|started|both|already)",
            r"I was (?:still )?(?:drafting|typing|writing|rushing|working|interrupted|distracted|multitasking|"
            r"excited|called|covering|handling|in a hurry)",
            r"I (?:accidentally|mistakenly) \w+",
            r"(?:while|when) I (?:was|meant|had|copied|put|reused|exported|opened)",
            r"instead of (?:save|saving)",
            r"(?:list|contacts?|addresses|names) (?:that )?(?:I|we) (?:had |'d )?(?:bought|purchased|was given|"
            r"were given|shouldn't have used|should not have used|should never have used)",
            r"(?:buy|bought|buying|purchase|purchased|given|offered|sold) (?:a |the |that )?(?:\S+ ){0,3}?"
            r"(?:list|contacts?|addresses)",
            r"(?:uploaded|used|picked|exported|opened|grabbed|linked|chose|pushed) the "
            r"(?:wrong|old|older|outdated|previous)",
            *_OTHERS_DID_IT,
            r"(?:came|comes) from (?:a|the) (?:\w+ )?list",
            r"(?:assured|told|promised|guaranteed) (?:me|us)",
            r"(?:I|and) (?:didn't|did not) (?:stop|check|think|ask|refresh|realise|realize)",
            r"forgot to",
            r"sent (?:it |my draft )?(?:by mistake|by accident|too early|early)",
            r"(?:templates?|files?|file names|names|versions) (?:look|looked|are|were) (?:almost |nearly |very )?"
            r"(?:identical|the same|alike|similar)",
            r"from the (?:old|wrong|previous|last year's) (?:folder|tab|file|version|drive|workbook)",
        ),
        why="A short, honest account of how it happened helps the reader trust the fix. Keep it to a "
        "sentence: a long one sounds like an excuse.",
        weight=0.10,
    ),
    Pattern(
        id="repentance",
        kind=COMPONENT,
        label="Declaration of repentance",
        regexes=(
            # a habit given up, said casually: "not using that list again", "won't leave it till the last day again"
            r"(?:not|never|won't|wont|will not) (?:be )?(?:using|touching|buying|sending|leaving|doing|making|trusting|"
            r"skipping|rushing|use|touch|buy|send|leave|do|make|trust|skip|rush) (?:\S+ ){0,5}?again",
            # a cause corrected: "we have corrected the retry setting that caused it"
            r"(?:I|we)(?:'ve| have) (?:now |also )?(?:corrected|fixed|changed|removed|disabled|switched off|turned off) the "
            r"(?:\S+ ){0,3}?(?:setting|rule|step|template|process|check|script|option|default) (?:that|which) (?:caused|led to|allowed)",
            r"(?:won't|will not|will never|can't|cannot|can not|doesn't|does not|never) (?:\w+ )?"
            r"(?:happen|occur) again",
            r"(?:won't|will not|doesn't|does not|can't|cannot) recur",
            r"(?:stop|prevent) (?:this|it|that) (?:from )?happening again",
            r"can't be confused again",
            r"from now on",
            r"from (?:here|this point|today) on(?: out| in)?",
            r"from (?:this|next) (?:week|month)",
            r"(?:I|we) (?:won't|will not|will never|'ll never) (?:\S+ ){0,3}?again",
            r"going forward",
            r"(?:won't|will not|never|not) (?:\w+ ){0,4}?(?:anymore|any more)",
            r"(?:it's|it is|this is) not (?:going to )?happen(?:ing)? again",
            r"(?:will|'ll|we|I) only (?:ever )?(?:write|email|send|use|contact|mail|deploy|release|invoice)",
            r"from (?:now|tomorrow|today|next \w+)(?: on)?(?= |,)",
            r"every (?:deploy|invoice|report|release|file|email|send|list|change|order|booking) (?:now )?(?:runs|gets|goes|"
            r"has|is|will|must)",
            r"I(?:'ve| have)? (?:already |now |also )?(?:put|added|booked|blocked|scheduled|set) (?:all |a |an )?(?:the |my )?"
            r"(?:deadlines|reminders?|checks?|dates?|alerts?|tests?|review)",
            r"in (?:the )?future",
            r"next time",
            r"(?:I've|I have|we've|we have) (?:now |since |also |already )*(?:changed|set up|added|started|"
            r"switched on|turned on|introduced|put in place|built|created|enabled|stopped|renamed|archived|"
            r"reorganised|reorganized)",
            r"I(?:'ve| have) since (?:set|spoken|made|moved)",
            r"I now (?:only|add|check|review|open|send|complete|use|email|write)",
            r"I(?:'m| am) now only",
            r"I(?:'ll| will) (?:be )?(?:only|always|never|set up|double-check|check|checking|open|compare|review)",
            r"now gets? a (?:second|double)",
            r"(?:asked|arranged for) \w+ to (?:review|check|double-check|look over)",
        ),
        why="Saying what you have changed so it won't happen again answers the reader's real worry. "
        "'Never again' needs a specific change behind it to be believed.",
        weight=0.10,
    ),
    Pattern(
        id="forgiveness",
        kind=COMPONENT,
        label="Request for forgiveness",
        regexes=(
            r"(?:please|can you|will you|could you) (?:\w+ )?forgive",
            r"hope (?:that )?you(?:'ll| will| can| could| might) (?:\w+ )?(?:forgive|accept my apolog(?:y|ies))",
            r"(?<!to\s)forgive me",
            r"(?:ask|beg) (?:for )?your (?:forgiveness|pardon)",
        ),
        why="Optional: the least important component in the study, never needed for full marks. "
        "Asked sincerely and in your own words, it hands the reader the last word.",
        weight=0.0,
    ),
)

RED_FLAGS: tuple[Pattern, ...] = (
    Pattern(
        id="blame",
        kind=RED_FLAG,
        label="Blaming others",
        regexes=(
            *_OTHERS_DID_IT,
            *_READER_AT_FAULT,
            # a cause whose doer is someone or something else: "because our CRM ignored the opt-out field", "bc the
            # shared drive synced the old version", "after the printers moved our slot" (not across an "I" or "we")
            r"(?:because|bc|cos|since|after) (?:the|our|my|their|your|a|an|his|her) (?:(?!I |we |me |us )\S+ ){0,4}?"
            r"(?<!was\s)(?<!were\s)(?<!been\s)(?<!is\s)(?<!are\s)(?:ignored|sold|shipped|processed|synced|switched|submitted|charged|rejected|overwrote|renamed|published|"
            r"misconfigured|rounded|swapped|assured|promised|returned|delivered|sent|released|pushed|changed|moved|"
            r"updated|approved|signed off|forgot|failed|lost|broke|crashed|dropped|wiped|reset|auto-?sent|"
            r"pulled|picked|built|named|ran|sat on|didn't|did not|never|hadn't|had not)(?![\w'-])",
            r"(?:came|comes|stemmed|resulted) from (?:the|our|their|a|an) (?:\S+ ){0,3}?(?:bank|provider|supplier|vendor|"
            r"partner|agency|contractor|courier|printer|library|platform|system|software|tool|terminal|team|department)(?:'s)?",
            # a defence that names someone else: "to be fair, the file names are identical", "in my defence
            # jake approved the PR", "I would note, however, that the vendor..." (not across an "I" or "we")
            r"(?:to be fair|in (?:all )?fairness|in (?:my|our) defen[cs]e|mind you|tbf|that (?:being )?said|"
            r"I (?:would|should|must) (?:also )?(?:note|point out|add|mention)),?(?:(?! I | I'| we | my own | me )[^.!?;]){0,60}?"
            r"(?:(?:the|your|our|their|his|her|my) (?:\S+ ){0,3}?(?:team|office|department|provider|supplier|vendor|"
            r"broker|company|client|template|system|software|app|tool|process|portal|bank|courier|printer|colleague|"
            r"boss|manager|toddler|kid|son|daughter|file|file name|name|release note|library|data|deadline|auditor|"
            r"engineer|developer|agency|contractor|partner)s?(?![\w'-])|nobody|no one|no-one|"
            r"(?-i:[A-Z][a-z]+) (?:approved|named|saved|sent|changed|pushed|merged|told|said|asked|insisted|forgot))",
            r"(?:they|who) (?:assured|told|promised|guaranteed|swore|gave|sold) (?:me|us)",
            r"who (?:supplied|sold)",
            _NOT + r"(?:error|mistake|fault|glitch|bug|problem) (?:by|of|in|with|on the part of) (?:the |our |my )?"
            r"(?:\w+ )?(?:vendor|seller|supplier|system|software|provider|email client|mail client|tool|app|server|"
            r"platform|CRM|(?-i:IT)|"
            r"assistant|colleague)",
            r"(?<!n't\sthink\s)(?:it|this|that)(?:'s| was| is) (?:all |entirely |really )?(?:the|our|my) (?:\w+ )?"
            r"(?:seller|vendor|supplier|system|software|assistant|colleague|team|(?-i:IT))'s fault",
            r"(?:nobody|no one|no-one) (?:told|warned) (?:me|us)",
            r"(?<!n't\s)(?<!not\s)blame (?:the|my|our|them|it on)",
            r"(?:thanks to|because of|blame lies with|fault lies with) (?:the|our|my|a) (?:\w+ )?(?:seller|vendor|supplier|"
            r"system|software|assistant|colleague|team|intern|contractor|agency|provider|developer|tool|template)",
            r"(?:the|our|my) (?:\w+ )?(?:template|system|tool|interface|spreadsheet|form|process) (?:is|was) "
            r"(?:so |very |really )?(?:confusing|misleading|badly designed|poorly designed|broken|to blame)",
            r"(?:if|had) (?:only )?(?:someone|anyone|they|the \w+) (?:had )?(?:told|warned|checked|flagged)",
            r"(?:wasn't|was not|isn't|is not|not) (?:really |entirely |strictly )?(?:my|our|me|us) fault",
            r"not (?:really )?on (?:us|me)(?![\w'])",
            r"not (?:really )?(?:anyone's|anybody's) fault",
            r"(?:provided|supplied|sold|given|passed) to (?:us|me) as",
            r"(?:by itself|on its own|of its own accord)",
            r"(?:because of|caused by|due to) (?:a |an |the )?(?:\w+ ){0,3}?(?:bug|fault|error|outage|issue|problem|glitch|"
            r"failure) (?:in|at|on|by|from|with) (?:the|our|their|a) (?:\w+ ){0,2}?(?:provider|vendor|library|platform|"
            r"software|system|supplier|partner|bank|courier|carrier|app|plugin|tool|team)",
            r"(?:would never have|wouldn't have|would not have) (?:\w+ )?(?:done|sent|used|bought) (?:it|this|that|them)? ?if",
            r"they (?:clearly |obviously |totally |simply )?(?:lied|messed up|screwed up|got it wrong|dropped the ball)",
            r"(?:caused by|because of|due to) (?:the |a )?(?:late|slow|missing|delayed|incorrect|wrong) (?:\w+ ){0,4}?"
            r"(?:from|by|of) (?:your|the|our|their) (?:\w+ )?(?:team|department|side|supplier|vendor|provider|partner|"
            r"client|office)",
            r"(?:nobody|no one|no-one) (?:had )?(?:ever )?(?:told|warned|suggested|said|mentioned|flagged|noticed|informed)",
            r"(?:caused|triggered|introduced) by (?:an? |the )?(?:\w+ ){0,3}?(?:from|by|of|at|in) (?:our|the|your|their) "
            r"(?:\w+ ){0,2}?(?:provider|partner|supplier|vendor|team|office|bank|courier|carrier|library|system|tool|"
            r"platform|contractor|agency|client)",
            r"beyond (?:our|my) control",
            r"whoever (?:set|named|made|wrote|built|sent|labell?ed|saved)",
            r"(?:signed off on it|had (?:two|\d+) approvals|(?:staging|test) (?:env\w*|server|environment) (?:has been|was|is) "
            r"(?:flaky|broken|down|unreliable))",
            r"(?:anybody|anyone|everybody) would (?:have done|do|have made) (?:it|the same|that)",
            r"(?:data|files?|figures|statements|information|input|comments|images|source files) (?:from|of) (?:the |your |our )?"
            r"(?:\w+ ){0,2}?(?:arrived|reached|came|were|was) (?:\w+ ){0,3}?(?:late|behind|only)",
            r"(?:we|I) (?:only )?received (?:your|the) [^.!?]{0,30}? only",
        ),
        why="Putting the mistake on a seller, a colleague or the software sounds like an excuse, and "
        "leaves the reader wondering who will fix it. Own your part; fix the process separately.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="excuse_but",
        kind=RED_FLAG,
        label="An excuse after 'but'",
        regexes=(
            r"(?:sorry|apologi[sz]e[sd]?|apologies|my apology)"
            r"(?:(?!not (?:just|only))[^.!?;:—–\n]){0,40}?,? but(?! also| more importantly| I want| I'd like)",
            r"(?:sorry|apologi[sz]e[sd]?|apologies|regret the \w+)[^.!?\n]{0,100}?(?:[.;:,] |, )(?:however|though|"
            r"although|that said|in my defen[cs]e|but to be fair|but honestly)",
            r"(?:sorry|apologi[sz]e[sd]?|apologies)(?:(?!not (?:just|only))[^.!?;:—–\n]){0,100}?, but "
            r"(?!also|more importantly|I want|I'd like|I have|I've|I will|I'll|here|the (?:correct|right|full))",
            r"regret the (?:error|mistake|delay)[,;]? (?:but|though|although|however)",
            _AFTER_THE_APOLOGY + r"(?:tbh|tbf|mind you|to be fair|"
            r"in fairness|that being said|it should be said|I would note|in my defen[cs]e|"
            r"honestly,? (?:the|our|your|it|we|they)|"
            r"we had|we were|(?:the|our) \w+ (?:was|were) (?:so |very |really )?(?:late|busy|slow|short|out|sick|down))",
            # a sentence opened with a capital "But" after the apology (apart from the phrases above, so that
            # they can be searched in the lowered text: a regex in which case matters is twice as slow)
            _AFTER_THE_APOLOGY + r"(?-i:But) (?!also|"
            r"more importantly|here|the (?:correct|right|full|good)|I(?:'ve| have| will|'ll| can))",
            r"(?:sorry|apologi[sz]e[sd]?|apologies|regret)[^\n]{0,160}?(?:\bbut (?:tbh|honestly|to be fair|in my defen[cs]e|"
            r"I was|I had|we were|we had|it was|it's|the \w+ (?:was|were|is|are)|our \w+ (?:was|were|is|are))|"
            r"\bI must say(?:,)? however|[;,] however,|\. However, (?:I|we|the|our|your|this|it)|, though,|"
            r"\bthough (?:I|we) (?:was|were|had))",
        ),
        why="A 'but' after an apology takes it back: the reader hears the excuse, not the sorry.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="minimising",
        kind=RED_FLAG,
        label="Minimising",
        regexes=(
            r"only (?:a (?:few|handful|couple)|\d[\d,]* (?:people|recipients|contacts|of|out|tables|lines))",
            r"just a (?:small|little|tiny|minor)",
            r"small thing",
            r"(?:no|not a|not such a|not that big a) big deal",
            r"no harm done",
            r"hardly (?:anyone|anybody|any|worth)",
            r"(?<!not\sa\s)(?<!n't\sa\s)(?<!no\s)(?<!even\sa\s)minor",
            r"these things happen",
            r"(?:tiny|little|small) (?:mistake|slip|error|mix-up|glitch|hiccup|issue|email|message)",
            r"slightly (?:off|wrong|out)",
            r"not (?:a|such a) (?:major|big|huge|serious) (?:issue|problem|deal|thing)",
            r"(?:these|such) (?:mix-ups|mistakes|things|errors|slips) "
            r"(?:happen|are (?:fairly |quite |very )?common)",
            r"(?:most|many) of you (?:\w+ )?didn't mind",
            r"(?:don't|do not|can't) see why (?:people|anyone|you|everyone)",
            r"not sure why (?:\w+ ){0,2}?(?:people|anyone|you|everyone)",
            r"(?:it was|it's|it is|this was) (?:just |only )?one (?:email|message|mail)",
            r"(?:treating|treat|treated) it like",
            r"no biggie",
            r"lol",
            r"haha",
            r"(?:it(?:'s| is| was)|that(?:'s| was)|just) (?:only |just |really )?(?:the wrong tab|a draft|one|a typo|"
            r"the first paragraph|the appendix|last year's stuff|a few|a small|a tiny|a couple)",
            r"(?:easy|quick|simple) fix",
            r"nothing (?:in it |in there |here )?(?:matters|important|confidential|secret|serious)",
            r"(?:a small number|a tiny proportion|a handful|almost no|hardly any|barely any|only a tiny)",
            r"(?:only|just) (?:one|a|\d+|twenty|thirty|ten|five) (?:day|days|hour|hours|minutes?|mins|accounts?|"
            r"customers?|people|pounds?|dollars?|euros?|£\d+)",
            r"(?:only|just) (?:£|\$|€)\d+",
            r"(?:no|not (?:a |much |any )?)(?:big |real |major |serious )?(?:impact|harm|damage)",
            r"like \d+ \w+ max",
            r"(?:in|at) the night,? so",
        ),
        why="Playing down the damage ('only a few', 'no big deal') tells the reader their reaction is "
        "the problem. Let them judge how serious it was.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="conditional",
        kind=RED_FLAG,
        label="Conditional apology",
        regexes=(
            r"(?:sorry|apologi[sz]e|apologies) if",
            r"if (?:anyone|anybody|you|any of you) (?:was|were|felt|has been|have been|got|took|found) "
            r"(?:\w+ )?(?:offended|upset|inconvenienced|confused|annoyed|bothered|hurt|offence|offense)",
            r"if (?:this|that|it|my email|the email|my message) (?:has )?caused[^.!?]{0,40}?(?:I|we) "
            r"(?:apologi[sz]e|am sorry|'m sorry|are sorry|'re sorry|regret)",
            r"to the extent that",
            r"(?:to )?(?:anyone|anybody|those|any of you) who (?:was|were|felt|may|might|found|took|has been) "
            r"(?:\w+ ){0,2}?(?:offended|upset|confused|inconvenienced|annoyed|bothered|hurt|offence|offense)",
            r"(?:this|that|it|which) (?:may|might) have caused",
            r"if [^.!?]{0,80}?,? (?:I|we)(?:'m| am|'re| are)? (?:\w+ )?(?:sorry|apologi[sz]e)",
            r"if [^.!?]{0,80}?, (?:please accept )?(?:my|our) (?:\w+ )?apolog",
            r"if [^.!?]{0,80}?, apologies",
            r"in case [^.!?]{0,60}?(?:sorry|apologi)",
            r"(?:apologi[sz]e|sorry|apologies) to (?:any|those|all)(?: of)? (?:\w+ )?(?:customers?|clients?|users?|you|readers?|"
            r"recipients?|people|colleagues?) (?:who|that)",
        ),
        why="'Sorry if anyone was offended' apologises for the reader's reaction, not for what you did. "
        "Say what you did and that you are sorry for it.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="burden_shift",
        kind=RED_FLAG,
        label="Pushing the burden back",
        regexes=(
            *_READER_AT_FAULT,
            # asking the reader to do the clean-up, however politely: "would you mind deleting it", "I would be
            # grateful if you could reply to each of them", "could I ask you to let Jorge know"
            r"(?:would you mind|(?:I|we)(?:'d| would) be (?:most |very )?grateful if (?:you|your \w+) (?:could|would)|"
            r"could I ask you to|may I ask you to|(?:I|we) (?:would )?(?:kindly )?ask (?:that )?you(?:r \w+)? (?:kindly )?(?:to )?|"
            r"please (?:can|could|would) you|can you please|kindly (?:arrange|ask|let|have)) (?:\w+ ){0,3}?"
            r"(?:delet|destroy|discard|forward|repl|respond|deal|pass|tell|let|inform|check|send|request|cancel|move|"
            r"ask|contact|post|swap|listen|mak|shar|arrang|hunt|track|go through|look through|find|confirm|re-?)\w*",
            r"(?:just |please |simply )?(?:clear (?:your|the|ur) (?:browser(?:'s)? )?(?:cache|cookies)|refresh and (?:re-?book|try)|"
            r"(?:fill|fill in|fill out) (?:the form|it|them) (?:in )?again|(?:make|place|submit) your order (?:once more|again)|"
            r"(?:you(?:'ll)? (?:need to |can |may need to )?|please |just |and )re-?book|re-?enter (?:any|the|your|them|it))",
            r"(?:tell|inform|let|warn) (?:your|ur) (?:boss|customers|clients|team|directors|board|accountant|colleagues|"
            r"followers|staff|manager|members|users)",
            r"(?:mark (?:it|this|them) as spam|bin it|destroy (?:the|it|any|your|all))",
            r"(?:email|send|forward) us (?:your|a|the) (?:\w+ )?(?:bank statement|screenshot|receipt|proof|statement)",
            r"(?:you|u) (?:can|could) (?:just )?(?:work out|fill (?:them|it|those) in|calculate|look (?:it|them) up)",
            r"(?:ring|call|contact) (?:your|ur|their) (?:card issuer|bank|provider|card company)",
            r"if you require it sooner",
            r"(?:can|could) (?:u|you) (?:please |just |also )?(?:deal with|handle|let (?:the|your|them|everyone)|post|tell|"
            r"ask (?:the|your|them)|reply-?all|grab|pass (?:it|this|that) on)",
            r"(?:feel free to|just) (?:block|re-?run|mark|grab|have them|get them to)",
            r"(?:it(?:'d| would) help if you|I(?:'d| would) ask (?:each of )?you(?: all)? to)",
            r"(?:must|will need to|need to|have to) (?:make|send|fill|complete|submit|re-?do|repeat|re-?run|contact|call)"
            r" (?:the |us |a |your |it )?(?:payment|form|request|claim|order|comparison|report)?",
            r"please (?:ask|have) your (?:\w+ )?(?:team|staff|department|manager|colleagues|users|customers|finance|accounts)"
            r"(?: \w+)? (?:to )?(?:delete|destroy|discard|withdraw|replace|re-?run|re-?enter|re-?do|correct|call|contact|"
            r"cancel|resend|forward|check|go through|reissue|re-?issue)",
            r"please (?:re-?run|cross-?check|correct (?:the|them|it)|withdraw|contact our|call (?:our|the)|check which)",
            r"(?:screenshot|copy) (?:of )?(?:ur|your) (?:bank )?statement",
            r"just (?:unsubscribe|click|opt out)",
            r"simply (?:click|unsubscribe|opt out|ignore|reply)",
            r"(?:can|may) (?:always |easily |simply |just )?(?:unsubscribe|opt out|click)",
            r"(?:reply|respond) with (?-i:STOP|REMOVE|UNSUBSCRIBE)",
            r"if you(?:'d| would) (?:prefer|rather) not (?:to )?(?:hear|receive|get)",
            r"feel free to (?:ignore|delete|unsubscribe|opt out)",
            r"you(?:'ll| will) (?:need|have|want) to",
            r"(?:click|use|hit|follow) (?:the |our )?(?:unsubscribe|opt-out|opt out) (?:link|button)",
            r"(?:it's|it is) up to you",
            r"(?:could|can|would|will) (?:you|u) (?:please |just |kindly |also |maybe )*(?:delete|resend|re-send|finish|ping|"
            r"chase|ask (?:them|him|her|the)|forward|fix|re-?upload|go through|complete|fill|submit|download|remove|"
            r"pull|tweak|correct|reissue|re-?issue|redo|re-?do|cancel|ring (?:them|the)|phone (?:them|the)|"
            r"call (?:them|the)|send (?:them|it|the right|the new|the correct)|let (?:them|your|everyone))",
            r"please (?:just |kindly |also )?(?:delete|destroy|complete|fill (?:in|out)|log in|re-?upload|"
            r"download|remove (?:it|the|that)|make sure|forward|resend|re-send|re-?submit|reissue|re-?issue)"
            r"(?! (?:it|this|that)? ?(?:from (?:my|our)))",
            r"(?:if|should) you (?:don't|do not|no longer|would rather not|'d rather not|prefer not to) "
            r"(?:want|wish|like)?[^.!?]{0,40}?(?:reply|unsubscribe|click|let (?:me|us) know|tell (?:me|us)|email|write)",
            r"(?:hit|press|use|click) (?:the |that |our )?(?:unsubscribe|opt-out|remove)",
            r"unsubscribe (?:link|button|option)",
            r"reply (?:with |saying )?['\"“‘]?(?:remove|stop|unsubscribe)",
            r"to (?:receive|get|claim|request) (?:your |a |the )?refund,? (?:please|you)",
            r"you (?:may|might|will|'ll) (?:need|want|have) to",
            r"make sure (?:anyone|everyone|all) (?:you|who|of)",
            r"(?:could|can|would|will) (?:you|u) (?:please |just |kindly |also )*(?:calculate|work out|find|tell|mark|raise|"
            r"contact|refund|check (?:your|the|for)|delete|let (?:me|us) know (?:if|whether) you (?:want|would like) "
            r"(?:to be )?(?:removed|taken off))",
            r"please (?:just |kindly |also )?(?:calculate|work out|pay (?:only|the)|contact your|raise|rearrange|"
            r"reschedule|let your|tell your|inform your|check (?:your|the) (?:own )?)",
            r"(?:just |simply )?(?:pay|refund|fix|correct|update|pull|tweak|rearrange|reschedule) (?:the right|them|it|"
            r"the slides|the numbers|the amount|your|their)[^.!?]{0,30}?(?:yourself|yourselves|on your end|at your end)",
            r"(?:yourself|yourselves)(?=[.!,;]|\s+(?:in|and|from|with|if|before))",
            r"(?:if you need|if you want)[^.!?]{0,30}?(?:just|please|you can|you could)",
            r"(?:manage|update|change) your (?:preferences|subscription|settings)",
            r"(?:links?|options?|buttons?) (?:is|are) (?:included|provided|available)",
            r"kindly (?:you )?(?:can )?(?:delete|confirm|send|return|submit|resubmit|contact|complete|destroy|forward|deduct)",
            r"(?:file a dispute|dispute (?:it|one|the (?:\w+ )?charge))",
            r"(?:can|could) (?:u|you) (?:please |just )?(?:cross|swap|write|reply me|compare|track|change|review|replace)",
            r"(?:you|your team|your office) (?:may|might) (?:wish|want) to",
            r"(?:I|we) would ask (?:that )?you",
            r"you (?:need|must|have) to (?:reject|cancel|delete|return|send|check|contact|call|update|re-?enter|re-?book)",
            r"please (?:visit|update|call|log in|go to|use) (?:your|our) (?:preference|customer|online|account|portal|line|"
            r"self-service|website)",
            r"please (?:compare|track down|change your password|check your (?:\w+ )?(?:logs|records|account|statements?))",
            r"(?:in future|next time),? (?:please )?(?:label|name|send|check|tell|make sure)",
            r"(?:maybe|please) (?:tweak|fix|change|update) (?:it|your|the)",
            r"just (?:delete|pay|read|dispute|ignore the total|re-?enter|reinstall)",
            r"it would be (?:helpful|appreciated|best) if (?:you|your)",
            r"please (?:submit|send|raise|file) (?:a|the|us|your) (?:\w+ )?(?:refund|claim|request|form|dispute)",
            r"(?:dispute it|chargeback|contact your bank)",
            r"please send (?:it|them|this|that) back",
            r"(?:must|will have to|need to|needs to|have to) (?:delete|reinstall|re-install|install|download|re-?enter|"
            r"log in again|reset|re-?order|order again|resubmit|re-?submit)",
        ),
        why="Asking the people you wronged to unsubscribe, ignore or fix things themselves hands your "
        "mistake back to them. Do the work for them.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="self_focus",
        kind=RED_FLAG,
        label="Grovelling, about you",
        regexes=(
            r"I (?:haven't|have not|couldn't|could not|didn't|did not|can't|cannot|barely) "
            r"(?:slept|sleep|eat|eaten|stop thinking|stop crying|focus|concentrate|think straight)",
            r"I(?:'ve| have) been (?:beating myself up|kicking myself|losing sleep|up all night|awake|crying|"
            r"(?:so )?(?:stressed|anxious|sick|miserable)|a (?:wreck|mess))",
            r"I(?:'m| am) (?:such |a complete |an absolute |a total |so |the )?(?:idiot|fool|moron|"
            r"disaster|wreck|failure|hopeless|useless|incompetent|stupid|worst)",
            r"I feel (?:like )?(?:such |a complete |an absolute |a total |so )?(?:an |a )?"
            r"(?:idiot|fool|sick|stupid|failure|like crying|ashamed of myself|small)",
            r"(?:so|very|really|truly|deeply|terribly),? (?:so|very|really|truly|deeply|terribly),? sorry",
            r"sorry,? (?:so )?sorry",
            r"(?:a thousand|a million|a hundred|so many|a thousand million) (?:apologies|sorries|times sorry)",
            r"(?:I(?:'m| am) )?begging (?:you|for)",
            r"I (?:beg|implore) you",
            r"please,? please",
            r"(?:don't|do not|won't|will not) (?:hate|be mad at|be angry with|think less of|be cross with) me",
            r"(?:tell me|say) (?:we(?:'re| are)|that we(?:'re| are)|it(?:'s| is)) (?:still )?(?:ok|okay|good|fine|"
            r"alright|all right|friends)",
            r"I(?:'m| am) (?:so |completely |absolutely )?(?:devastated|beside myself|sick to my stomach|"
            r"heartbroken|distraught|in tears|gutted)",
            r"I (?:can't|cannot|still can't) believe I",
            r"I(?:'ll| will) never forgive myself",
            r"my (?:own )?(?:anxiety|stress levels|nerves|shame)",
            r"(?:makes|made) me (?:feel )?(?:sick|awful|terrible|miserable|want to cry)",
        ),
        why="When the message dwells on how bad you feel, the reader has to look after you. One plain "
        "sorry, then their problem and your fix: that is what they need from you.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="pitch",
        kind=RED_FLAG,
        label="A sales pitch or unrelated ask",
        regexes=(
            r"(?:sign|signing) up (?:for|to|now|today|here|below)",
            r"(?:use|with|enter|apply|quote) (?:the )?(?:code|coupon|promo)",
            r"\d+\s?(?:%|percent|per cent) off",
            r"(?:discount|coupon|promo code|voucher|free trial|free upgrade|free month|early[- ]bird)",
            r"(?:book|reserve|grab|claim|register|secure) (?:your|a|my|the) (?:\w+ )?(?:spot|seat|place|ticket|"
            r"session|demo|slot)",
            r"(?:don't|do not) miss (?:out|the|our|my)",
            r"(?:check out|take a look at|have a look at) (?:our|my) (?:new|latest|upcoming|other)",
            r"(?:leave|write|post|give) (?:us |me )?(?:a )?(?:quick )?(?:\w+ )?(?:review|rating|testimonial)",
            r"refer (?:a|your) (?:friend|colleague)",
            r"while I have you",
            r"(?:upgrade|subscribe|join) (?:to |now|today|our|my|the)",
            r"(?:limited|special|exclusive) (?:offer|time|deal|spots|places)",
            r"(?:if|in case) you(?:'re| are) (?:still )?interested",
            r"(?:seats|spots|places) (?:are )?(?:still )?(?:available|left|filling)",
            r"(?:on|by) the way,? (?:could|can|would|do) you",
            r"while (?:I have you|I(?:'ve| have) got you|we(?:'re| are) in touch|I(?:'m| am) (?:writing|here|at it)|"
            r"you(?:'re| are) here)",
            r"(?:since|as) (?:I have you|I(?:'ve| have) got you|I(?:'m| am) writing anyway)",
            r"would you mind (?:leaving|tagging|sharing|following|writing|posting|recommending|rating)",
            r"(?:opened|open) (?:bookings|registration|registrations|sign-?ups|pre-?orders)",
            r"if you fancy (?:it|one|coming|joining)",
            r"tell (?:all )?your friends|spread the word",
            r"(?:we(?:'re| are)|I(?:'m| am)) (?:now |also |just )?(?:launching|opening|running|hosting) (?:a|an|our|my|the) "
            r"(?:new|second|next|winter|summer|spring|autumn|christmas)",
            r"book your (?:\w+ )?(?:stay|table|place|next|visit|trip|session)",
            r"while (?:we|I) have (?:you|your attention)|while (?:ur|you're|you are) (?:here|at it)|while i have u",
            r"(?:invite|see) you (?:to|at) (?:our|my|the) (?:\w+ ){0,3}?(?:webinar|event|party|session|launch|forum|"
            r"fundraiser|open day|conference|workshop|class|teleclass)",
            r"(?:register|sign up|book|rsvp) (?:at|via|using|through|here|below|today|now)",
            r"(?:rate|review) (?:us|your experience|our \w+) (?:on|in|at)",
            r"(?:leave|left|give|gave) us a (?:\w+ )?(?:rating|review|star)",
            r"(?:a |for a )?referral|(?:know|knows) anyone (?:else )?(?:who|looking)",
            r"(?:as a|to show) (?:valued|loyal) (?:client|customer|member)",
            r"(?:gesture of goodwill|goodwill gesture),? (?:we|I)(?:'d| would)? (?:like to )?offer",
            r"(?:half|50%) price|at a discount|price (?:freeze|lock)|lock in (?:this|the|your) (?:rate|price)",
            r"(?:now available|just launched|new (?:collection|range|season|product|service|menu))",
            r"(?:any chance|could you also|can you also|might I also ask) (?:you |u )?(?:could |can )?"
            r"(?:cover|sign|approve|countersign|send|share|review|look)",
            r"(?:survey|questionnaire) (?:closes|is open|ends)",
            r"(?:launch party|trivia night|open evening|tix|tickets are)",
            r"(?:first|next) session is (?:free|on)|if (?:you're|ur|you are) curious",
            r"(?:also|btw|by the way|p\.?s\.?)[,!:.]* (?:if you know|we(?:'ve| have) got|could you|can you|would you|"
            r"don't forget|do check|our (?:new|latest|upcoming))",
            r"(?:I'd|I would|we'd|we would) love to (?:tell|show|introduce|invite|offer)",
            r"(?:a |one )?(?:free|complimentary) (?:ticket|place|seat|pass|session|upgrade|month|consultation|copy|"
            r"class|workshop|trial|spot|coffee|gift)",
            r"(?:share|post|forward|promote) (?:it|this|the \w+) (?:on|with|to) (?:your|their)",
            r"(?:deal|offer|discount|promotion) on (?:our|my|the|all)",
            r"(?:still live|still open for (?:bookings|registration|sign-?ups))",
            r"(?:our|my) (?:firm|company|team|studio|shop) (?:starts|is starting|launches|is launching|now offers|offers)",
            r"(?:we|I) (?:now |also |just |recently )*(?:offer|launched|have launched|are launching|started offering)",
            r"(?:follow|like|find) us on",
            r"(?:take|may I (?:also )?take) this opportunity to",
            r"(?:as a token of|to thank you for|as a thank[- ]you for|in appreciation of)",
            r"bonus (?:miles|points|credits?)",
            r"(?:want|would you like|shall) (?:me to send|to see|to try|to join|to beta)",
            r"(?:price list|brochure|catalogue|newsletter) (?:is attached|attached|below|here)",
            r"if (?:u|you|anyone) (?:want|wants|fancy|fancies|would like) (?:one|to beta|to try|to join|to sign)",
        ),
        why="A sale or a favour inside an apology tells the reader the apology was a way to get something. "
        "Leave every ask out; if there is one, it can wait for another day.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="formula",
        kind=RED_FLAG,
        label="A rote formula",
        regexes=(
            r"any (?:\w+ )?(?:inconvenience|confusion|trouble|disruption|distress|frustration|issues) "
            r"(?:this|that|it|which|we|I)?(?: \w+)?(?: have| has| may have| might have| may| might)? ?(?:caused|created)",
            r"(?:for|about|regarding) (?:any|the) (?:\w+ )?(?:inconvenience|confusion caused|trouble caused|"
            r"disruption caused)",
            r"we (?:truly |really |greatly )?value (?:your|you|our)",
            r"valued (?:customer|client|partner|member)",
            r"(?:your|customer|client) (?:satisfaction|experience|trust) (?:is|remains) (?:our|my) (?:\w+ )?priority",
            r"(?:we|I) take (?:this|these|such|all|your) (?:\w+ )?(?:matters?|issues?|concerns?|feedback|incidents?) "
            r"(?:very |extremely |incredibly |most |really )?seriously",
            r"thank you for your (?:patience|understanding|continued|ongoing|cooperation|co-operation)",
            r"(?:thanks|thank you) for bringing (?:this|it) to (?:our|my) attention",
            r"rest assured",
            r"(?:it|this) was never (?:our|my) intention",
            r"forgive (?:the|this|my|our) (?:\w+ )?(?:slip|oversight|mix-?up|error|inconvenience|confusion|intrusion|muddle|"
            r"delay|lapse|hiccup|blunder|disruption|trouble|mistake)",
            r"(?:it|this) (?:wasn't|was not|was never|is not|isn't) (?:my|our) intention",
            r"never meant (?:any|to cause (?:any )?)(?:harm|offen[cs]e|upset|trouble|inconvenience)",
            r"(?:we|I) (?:want|wish|would like) to (?:assure|reassure) you",
            r"(?:we|I) understand (?:your|the) (?:frustration|concern|disappointment)",
            r"thank you for (?:reaching out|getting in touch|your email)(?: to us| with us)?(?: regarding| about)?",
            r"(?:transparency|honesty|integrity|trust) is (?:one of )?(?:our|my) (?:core |key )?values?",
            r"(?:we|I) take (?:our|my) (?:relationship|commitments?|responsibilit(?:y|ies)) (?:with you |to you )?"
            r"(?:very |extremely |incredibly |most )?seriously",
            r"(?:please )?(?:do not|don't) hesitate to",
            r"(?:we|I) (?:sincerely |deeply |truly )?(?:regret|apologi[sz]e for) any",
            r"(?:we|I) (?:strive|aim|are committed|remain committed) to (?:provide|providing|deliver|delivering|ensure|"
            r"ensuring|the highest|excellence)",
            r"hope this (?:email|message|note|mail) finds you well",
            r"apologies for any",
            r"(?:we|I) are (?:looking|working) into (?:this|the matter|it) (?:as a matter of )?(?:urgency|priority)",
            r"(?:an|this) (?:unfortunate|regrettable) (?:oversight|incident|error|situation)",
        ),
        why="A stock phrase could be pasted into any apology, so it tells the reader nothing about theirs. "
        "Say in plain words what you got wrong and what you have done about it.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id="passive",
        kind=RED_FLAG,
        label="Ownership left out",
        regexes=(
            r"(?:mistakes?|errors?|oversights?) (?:was|were|have been|has been) made",
            r"(?:an? |the |this |that )?(?:error|mistake|issue|glitch|problem|mix-?up|oversight|bug) "
            r"(?:occurred|happened|has occurred|has happened|crept in|arose|slipped through)",
            r"(?:was|were|got|had been) (?:accidentally |mistakenly |inadvertently |wrongly |incorrectly |"
            r"erroneously |prematurely )?(?:sent|attached|emailed|included|added|uploaded|shared|published|"
            r"released|deployed|pushed|charged|billed|issued|invoiced|missed|overlooked|forwarded|mailed|"
            r"distributed|delivered|used|exported|dispatched)"
            r"(?: out)?(?! by (?:me|us|myself)\b)(?! on (?:time|schedule))",
            r"(?:the|an|this|that|our|my|your|last \w+'s) (?:\w+ ){0,2}?(?:email|e-mail|message|invoice|file|attachment|"
            r"draft|update|deploy|deployment|release|newsletter|report|mailing|mail|note|reply|version|change|"
            r"patch|code|bill|statement) (?:went (?:out|live)|slipped (?:out|through)|got (?:out|through)|"
            r"was sent|got sent|went to|broke|caused|contained|included|had the)",
            r"(?:it|this) (?:went out|slipped (?:out|through)|got (?:sent|out))",
            r"(?:in error|by mistake|by accident)(?=\s*[.,;!]|$)",
        ),
        why="Written without a doer ('mistakes were made', 'the email went out'), the message leaves out who "
        "did it. Say 'I sent', 'I attached': it is the part readers look for first.",
        weight=RED_FLAG_PENALTY,
    ),
    Pattern(
        id=TOO_LONG,
        kind=RED_FLAG,
        label="Far too long",
        regexes=(),  # a rule on the word count, applied by the checker, not a regex
        why="A long message buries the apology and what happens next, and over-explaining makes it "
        "about you. Keep it short enough to read at a glance.",
        weight=RED_FLAG_PENALTY,
    ),
)

PATTERNS: tuple[Pattern, ...] = COMPONENTS + RED_FLAGS

_BY_ID = {p.id: p for p in PATTERNS}


def pattern(pattern_id: str) -> Pattern:
    """Return the pattern with this id; a wrong id names the valid ones, because it is an authoring slip."""
    try:
        return _BY_ID[pattern_id]
    except KeyError:
        raise ValueError(f"unknown message pattern {pattern_id!r}; valid ones: {', '.join(_BY_ID)}") from None
