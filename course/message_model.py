"""The learned part of the message checker: per finding, a linear model over the message's words.

Why a model beside the rules: phrase rules recognise the phrasings their authors thought of; on
messages written later they missed most red flags put in new words (issue 18). A linear model
trained on many writers' messages (``tools/train_message_model.py``, on the corpus's development
part only) weighs words and word pairs, including the rules' own hits, and carries over better.
Which of the two decides each finding (the rules alone, the model, or either) was chosen on the
development part by cross-validation across writers; the figures are in ``docs/message-checker.md``.

Why plain data and no scikit-learn at run time: the checklist runs in the learner's kernel on every
keystroke, and the model is a table of weights. ``course/message_model.json`` holds, per finding,
its bias, its threshold and its feature weights, readable by an instructor (``docs/message-checker.md``
lists the strongest), safe to load (JSON, never pickle), and shipped inside the package, so nothing
is fetched at run time. A check is a few hundred dictionary look-ups.

How a message becomes features (the same code at training and at run time, so they cannot drift):

- curly apostrophes are straightened and the text is lower-cased;
- it is cut into sentences (at ``. ! ? ;`` and line breaks), each into word tokens, commas kept;
- negation is marked: after "not", "never", "no", "isn't", "wasn't" and the like, every word up to
  the next comma or "but" gets a ``not_`` prefix, so "not your fault" and "your fault" are different
  features (Das & Chen 2001; Pang, Lee & Vaithyanathan 2002);
- each sentence gives its words and its pairs of neighbouring words, and class features
  (``@other+slip``: it names someone else and a slip; ``-self`` when no "I" or "we" is in it);
- each clause says who did what (``@subj:other+past``: "legal sat on the summary"; ``@by:other``:
  "sent by Jiahui"; ``@cause:other``: "caused by our provider's update"), and the whole message
  whether another party's act is taken back in the writer's own words (``@msg:other-then-owned``:
  "... I should have checked") or not (``@msg:other-unowned``), the question blame turns on;
- a contrast after an apology says what its clause does (``@but:other+past``: "sorry, but the courier
  lost it"; ``@but:turn``: "sorry, but here is what I changed"), the question an excuse after "but"
  turns on; and the fault put on the reader (``@reader+past``: "your details reached me at 4pm"),
  which is both blame and burden shifting;
- a few word classes are weighed for one finding only: what a pitch is made of (``@pitch:...``),
  whether an "if" carries an apology (``@if:...``), a word that makes the mistake small
  (``@small...``, minimising), a task left to the reader (``@ask...``, burden shifting), and a word
  that asks to be let off (``@forgive...``, a request for forgiveness); who "another party" is: a
  listed party or department, or a word shaped like one who does something ("the fabricator");
- the message's features are those of all its sentences and clauses, plus one ``rule:<finding>``
  feature for each rule that matched;
- for blame, an excuse after "but" and burden shifting, a sentence part also reads each sentence alone
  (not greetings or sign-offs), and the finding's logit is half the message model's and half the
  strongest sentence's (``sentence_features``).

Each finding the model reports quotes the words that weighed most for it: the strongest word of the
strongest sentence, with a few words either side.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

__all__ = ["Sentence", "sentences", "features", "message_wide", "reads_alone", "sentence_features", "combined",
           "only_offers", "Model", "model", "MODEL_PATH", "QUOTE_CONTEXT"]

MODEL_PATH = Path(__file__).with_name("message_model.json")
QUOTE_CONTEXT = 4  # words either side of the strongest one in a model finding's quote

_SENTENCE = re.compile(r"[^.!?;\n]+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|,|[%£$€]")
_NEGATORS = frozenset({
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "cannot",
    "isn't", "wasn't", "weren't", "aren't", "don't", "doesn't", "didn't", "won't", "can't", "couldn't",
    "shouldn't", "wouldn't", "hasn't", "haven't", "hadn't", "ain't", "isnt", "wasnt", "dont", "didnt", "wont", "cant",
})
_SCOPE_ENDS = frozenset({",", "but", "however", "though", "although", "instead", "rather"})


@dataclass(frozen=True)
class Sentence:
    """One sentence of a message: its tokens as features, and where each token is in the text."""

    tokens: tuple[str, ...]  # lower-cased, negation-marked
    spans: tuple[tuple[int, int], ...]  # character offsets in the original text, one per token

    @cached_property
    def words(self) -> frozenset[str]:
        """The sentence's words without their negation marks, for the word classes (built once: the
        class features and the pitch features both ask of them)."""
        return frozenset(t.removeprefix("not_") for t in self.tokens)

    @cached_property
    def _where(self) -> tuple[list[int], list[tuple[int, str]], list[int]]:
        """Which tokens give a feature, decided once for ``names`` and ``grams`` alike: the words that
        count alone, the tokens with a stem of their own (and it), and the first token of each pair."""
        tokens = self.tokens
        alone = [i for i, t in enumerate(tokens) if t != "," and t not in _FUNCTION_WORDS]
        stems = [(i, s) for i, t in enumerate(tokens) if t != "," and (s := stem(t)) != t]
        pairs = [i for i in range(len(tokens) - 1) if tokens[i] != "," and tokens[i + 1] != ","]
        return alone, stems, pairs

    @cached_property
    def names(self) -> list[str]:
        """The sentence's features (words, their stems, then pairs of neighbours): what ``features``
        needs on every keystroke, without the tokens each covers, which only quotes need (``grams``)."""
        tokens = self.tokens
        alone, stems, pairs = self._where
        return ([tokens[i] for i in alone] + [f"~{s}" for _, s in stems]
                + [f"{tokens[i]} {tokens[i + 1]}" for i in pairs])

    @cached_property
    def grams(self) -> list[tuple[str, int, int]]:
        """Each feature of ``names`` with the first and last token it covers."""
        alone, stems, pairs = self._where
        covers = [(i, i) for i in alone] + [(i, i) for i, _ in stems] + [(i, i + 1) for i in pairs]
        return [(name, first, last) for name, (first, last) in zip(self.names, covers)]


# Words that mean nothing alone, so they count only in pairs ("went out", "on me", "I sent", "my
# mistake"). Pronouns and auxiliaries are among them: nearly every apology has "I", "my" and "sorry",
# and a model that weighed them alone learned that any message in the first person "offers a repair".
_FUNCTION_WORDS = frozenset(
    "a an the to of in on at by for from with and or as is are was were be been it its this that these those "
    "there here out up into over about than then so i me my myself we us our you your i'm i've i'll i'd we're "
    "we've we'll you're you'll he she they them their will would can could shall should have has had do does did "
    "just very really sorry".split()
)
_SUFFIXES = ("ingly", "ing", "edly", "ed", "ies", "es", "s", "ly", "ment", "ers", "er")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stem, so "blamed", "blames" and "blaming" share a feature: the longest listed suffix off a long word."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def sentences(text: str) -> list[Sentence]:
    """Cut a message into sentences of negation-marked tokens (offsets index the original text)."""
    # same length as text, so offsets still hold (three replaces are much faster than str.translate)
    lowered = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'").lower()
    out = []
    for chunk in _SENTENCE.finditer(lowered):
        matches = list(_TOKEN.finditer(lowered, chunk.start(), chunk.end()))
        if not matches:
            continue
        words = [m.group() for m in matches]
        spans = tuple(m.span() for m in matches)
        if "n't" not in chunk.group() and _NEGATORS.isdisjoint(words):  # most sentences: nothing to mark
            out.append(Sentence(tuple(words), spans))
            continue
        tokens, negated = [], False
        for word in words:
            if word in _SCOPE_ENDS:
                negated = False
            tokens.append(f"not_{word}" if negated and word != "," else word)
            if word in _NEGATORS or word.endswith("n't"):
                negated = True
        out.append(Sentence(tuple(tokens), spans))
    return out


# Word classes, so that what one writer says of "the vendor" carries over to another's "the printers":
# who blame can land on (someone or something other than the writer, the reader's side included),
# the writer themselves, verbs of a slip, and the words that open a defence or give a cause. A
# sentence that names another party together with a slip, and no "I" or "we", is how blame is
# usually put ("the courier lost the parcel"); the same with an "I" is often the writer owning it.
_OTHERS = frozenset(
    "vendor vendors supplier suppliers seller sellers broker brokers provider providers bank printer printers "
    "courier couriers carrier agency contractor contractors partner partners library platform system systems software "
    "app template tool plugin server crm outlook gmail colleague colleagues assistant intern team department "
    "auditor auditors engineer engineers developer developers client clients company firm manager boss office legal "
    "finance hr warehouse mill terminal portal host hosting they their them he she his her someone somebody nobody "
    "whoever your you bookkeeper accountant designer freelancer agent agents staff "
    # round 6: more of the parties writers fault, people and tools ("our web guy", "the payment gateway")
    "gateway update updates migration artist artists freight carriers architect architects subcontractor "
    "subcontractors consultant consultants guy guys folks integration extension council league funder funders "
    "landlord ops qa tester testers reviewer reviewers sales marketing headquarters hq management board director "
    "excel slack teams zoom salesforce hubspot mailchimp quickbooks xero stripe paypal shopify aws azure google "
    "microsoft script bot autocorrect autocomplete autofill scheduler cron cache network internet wifi laptop computer "
    "phone keyboard touchpad "
    # round 9: departments, trades and outside bodies writers fault ("design never sent the flows",
    # "the lab's data reached us late", "the processor ran it twice")
    "designers lab labs laboratory processor processors cdn isp telco authority regulator distributor "
    "wholesaler manufacturer factory dispatch procurement purchasing payroll receptionist admin secretary "
    "temp trainee apprentice predecessor coworker coworkers teammate teammates installer installers crew builder "
    "builders electrician plumber surveyor venue caterer caterers airline translator photographer editor editors "
    "publisher printshop dhl fedex "
    # round 10: departments and professions ("billing pulled the retainer twice", "design never sent the mocks")
    "billing accounting accounts engineering devops dev devs support compliance logistics operations production "
    "editorial pharmacy doctor doctors nurse nurses design".split()
)
# A party in the possessive is the same party ("the vendor's data", "our printer's proofs").
_PARTIES = _OTHERS | frozenset(f"{w}'s" for w in _OTHERS - set("it he she you they them their his her your".split()))
# Round 10: no list names every trade, so a word shaped like one who does something ("fabricator",
# "reporter", "pharmacist", "technician") counts as another party too, unless it is one of the
# common words of that shape that are not people or firms ("order", "number", "error", "however").
_AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ician", "icians")
_NOT_AGENTS = frozenset(
    "other others another never ever however whenever whatever whether rather order orders number numbers letter "
    "letters later earlier paper papers together either neither further after under over error errors color colour "
    "colors colours floor door doors factor factors major minor folder folders filter filters header headers footer "
    "register summer winter quarter quarters corner offer offers answer answers transfer transfers character matter "
    "matters power water better november october september december poster posters banner voucher vouchers "
    "reminder reminders trailer flyer flyers counter cover border layer layers chapter master parameter meter "
    "centre center monitor sector mirror honor honour favor favour labor labour behavior behaviour anchor ledger "
    "container scanner router adapter charger sticker marker timer buffer pointer barrier manner cluster computer "
    "newsletter newer older bigger smaller longer shorter faster slower higher lower larger wider sooner "
    "proper super cancer dinner mister sister brother mother father daughter whatsoever tracker tracking "
    "deliver delivers prefer consider remember bother gather wonder recover discover differ differs refers insists "
    "assist easier brighter harder quicker calmer happier clearer smarter broader lighter stronger greater cheers "
    "handover tender retainer retainers placeholder placeholders covers chapters hamper hampers timber career "
    "careers ledgers boiler larder clutter cylinder registers banners altogether whichever wherever senior junior "
    "juniors former inferior premier danger fingers flower flowers towers borders gutter supper".split()
)


def _agent(word: str) -> bool:
    """Whether a word is another party: listed, or shaped like one who does something (see above)."""
    return word in _PARTIES or (
        len(word) > 5 and word.endswith(_AGENT_ENDINGS) and not word.endswith(("list", "lists"))
        and word not in _NOT_AGENTS and word.isalpha()
    )


_SELF = frozenset("i i'm i've i'd i'll me my myself we we're we've we'd we'll us our ours".split())
_SLIPS = frozenset(
    "sold sent shipped changed updated ignored failed forgot lost broke crashed synced switched pushed approved "
    "signed returned delivered promised assured told swore lied misread mislabelled mislabeled overwrote renamed "
    "rejected processed charged submitted published released moved supplied provided gave uploaded exported picked "
    "pulled deleted wiped reset merged named asked insisted missed late sat".split()
)
_DEFENCE = frozenset("fair fairness defence defense tbf honestly though however although mind".split())
_CAUSE = frozenset("because bc cos since after due caused thanks".split())


def _classes(s: Sentence) -> set[str]:
    """A sentence's class features (``@other``, ``@other+slip``, ``@other+slip-self``, ...): see above."""
    words = s.words
    if words.isdisjoint(_PARTIES):
        return set()
    found = {"@other"}
    if not words.isdisjoint(_SLIPS):
        found.add("@other+slip")
        if words.isdisjoint(_SELF):
            found.add("@other+slip-self")
        if not words.isdisjoint(_CAUSE):
            found.add("@cause+other+slip")
    if not words.isdisjoint(_DEFENCE):
        found.add("@defence+other")
    if not words.isdisjoint(_CAUSE):
        found.add("@cause+other")
    return found


# Pitch features (round 7; ``@pitch:...``, weighed only for a sales pitch or unrelated ask): what most
# pitches are made of, whatever their words. A sentence that offers something to buy, book or join
# (``@pitch:promo``: "our spring range is live", "two Saturdays left in June"), one that asks a favour
# that serves the writer (``@pitch:favour``: a review, a survey, a referral, a share), either one
# opened by a turn away from the mistake (``@pitch:turn+...``: "PS", "by the way", "oh and", "while
# you're there") or coming after the repair (``@pitch:after-repair+...``), and a request whose benefit
# is the writer's (``@pitch:ask+us``: "would really help us", "would mean the world to a small studio").
_TURNS = frozenset("ps p also oh anyway incidentally btw meantime meanwhile plus way while since and".split())
_PROMO = frozenset(
    "newest latest launch launching launched range collection season seasonal premium upgrade upgrading pro "
    "promotion promo sale deal deals discount coupon voucher trial places seats spots available booking bookings "
    "signups subscribe subscription membership members follow wishlist listen ep album hiring vacancy tickets ticket "
    "annual pricing addon products package packages menu shop store programme program demo beta linkedin instagram "
    "facebook fb newsletter module".split()
)
_FAVOURS = frozenset(
    "review reviews rating ratings rate stars star survey questionnaire feedback recommend recommending "
    "recommendation refer referral referrals mention testimonial nominate nominations share sharing like vote "
    "endorse introduce introduction intro podcast deck".split()
)
_REQUESTS = frozenset("could would please fancy love mind welcome chance why consider interested worth".split())
_FOR_US = frozenset("us me our my small help helps helping grateful thankful world amazing".split())
_APOLOGY = frozenset("sorry apologise apologize apologies apology regret mistake error fault".split())
_REPAIRING = frozenset(
    "refund refunded refunding corrected correct correction replacement replaced fixed fix credited reversed resent "
    "attached waived restored rolled deleted removed".split()
)


def _pitch_features(parts: list[Sentence]) -> set[str]:
    """The message's pitch features (``@pitch:...``): see above."""
    found: set[str] = set()
    repaired = False
    last = len(parts) - 1
    for n, s in enumerate(parts):
        words = s.words
        kinds = [k for k, vocabulary in (("promo", _PROMO), ("favour", _FAVOURS))
                 if not words.isdisjoint(vocabulary) and words.isdisjoint(_APOLOGY)]
        turned = not _TURNS.isdisjoint(s.tokens[:3])
        for kind in kinds:
            found.add(f"@pitch:{kind}")
            if turned:
                found.add(f"@pitch:turn+{kind}")
            if repaired and words.isdisjoint(_REPAIRING):
                found.add(f"@pitch:after-repair+{kind}")
            if n >= last - 1:
                found.add(f"@pitch:end+{kind}")
        if not words.isdisjoint(_REQUESTS) and not words.isdisjoint(_FOR_US) and words.isdisjoint(_REPAIRING):
            found.add("@pitch:ask+us")
        repaired = repaired or not words.isdisjoint(_REPAIRING)
    return found


# Clause features: who did what, clause by clause. A sentence is cut into clauses at commas and
# joining words; a clause's subject is its first party word within five tokens (past a determiner:
# "our web guy" is another party, "our" alone is the writer), a capitalised name, the writer, or
# the thing that went wrong; with a past verb after it, the clause gives ``@subj:other+past``
# ("legal sat on the summary"), ``@subj:self+past`` ("I sent it") or ``@subj:thing+past`` ("the
# email went out"), ``+neg`` when the verb is negated ("the broker never checked"). A past verb
# with "by" and a party after it gives ``@by:other`` ("it was sent by Jiahui"); a cause phrase
# ("caused by", "due to", "because of") with a party after it ``@cause:other``, with the writer
# ``@cause:self``; "had the provider's failover worked", "if the template hadn't" with a party
# ``@counterfactual+other``; "I'd blame the cat, but" ``@blame-hedged``. Then, over the whole
# message, whether another party's act is taken back in the writer's words ("I should have
# checked", "that's on me"): ``@msg:other-then-owned`` after it, ``@msg:owned-then-other``
# before only, ``@msg:other-unowned`` not at all: the question LABELS.md asks of blame.
# Conditional features (round 8; ``@if:...``, weighed only for a conditional apology): a sentence with
# "if" (or "whether", "to anyone who") and an apology in it (``@if:any+apology``: "if this caused any
# confusion, I apologise", "sorry to anyone who was offended") or without one (``@if:any-apology``: "if
# this caused you extra work, let me know", an offer, not a hedged apology; ``@if:offer`` when it
# offers something). The word "if" alone is in most conditional apologies and in many honest offers;
# these say which.
_IF = frozenset("if whether anyone anybody whoever".split())
_APOLOGISING = frozenset("sorry apologise apologize apologies apology apologised apologized regret".split())
# round 9: an "if" sentence that offers something ("if this caused you extra work, let me know and I'll
# sort it out") is an offer, whatever harm it names (``@if:offer``)
_OFFERING = frozenset("let know tell shout happy glad i'll we'll call ring reply give".split())


# Minimising features (round 9; ``@small...``, weighed only for minimising): a word that makes the
# mistake or its effect small, not negated ("a blip", "a brief issue", "basically done", "only two
# hours"; not "it's not a small thing"), alone (``@small``), beside a measure of the effect (people,
# hours, a day, one email: ``@small+scale``, "only for about 2 hours", "literally one day") or beside
# the slip itself (``@small+slip``, "a short delay", "a minor glitch"). One writer's "blip" and
# another's "hiccup" then carry the same weight, though the corpus has few of each.
_SMALL = frozenset(
    "only just merely mere simply basically literally barely hardly little bit slight slightly minor small tiny "
    "brief briefly short quick blip blips hiccup hiccups few handful couple teeny wee".split()
)
_SCALE = frozenset(
    "people users customers clients recipients contacts students applicants accounts orders invoices one two three "
    "few handful minutes mins minute hours hour day days email emails message page pages figure figures number "
    "numbers line lines percent % pounds dollars euros rand".split()
)
_SLIP_NOUNS = frozenset(
    "delay issue issues error errors mistake mistakes slip glitch problem problems mix-up mixup outage interruption "
    "disruption draft typo hiccup blip wobble".split()
)


def _small_features(parts: list[Sentence]) -> set[str]:
    """The message's minimising features (see above)."""
    found: set[str] = set()
    for s in parts:
        if s.words.isdisjoint(_SMALL):
            continue
        if any(t in _SMALL for t in s.tokens):  # not negated: "not_small" is not small
            found.add("@small")
            words = s.words
            if not words.isdisjoint(_SCALE):
                found.add("@small+scale")
            if not words.isdisjoint(_SLIP_NOUNS):
                found.add("@small+slip")
    return found


# Request features (round 9; ``@ask...``, weighed only for burden shifting): a sentence that asks the
# reader for something ("please", "could you", "can you", "kindly", "you'll need to", "are requested
# to", or a task verb first, as an order), and what: a task the writer could do, for the reader or
# someone else ("cancel 7719 on your system", "can you let Hallworth know", "please discard and
# replace it": ``@ask+task``, ``@order+task``), or one that only takes up the writer's correction
# ("please ignore the earlier one", "pay the new one only": ``@ask+light``). Which words ask is the
# same for every case; which tasks the reader is left with is what burden shifting turns on.
_ASKING = frozenset("please pls kindly could can would requested asked ask need needs must should".split())
_TASKS = frozenset(
    "inform tell let notify cancel delete discard remove replace resend forward chase contact call ring check reissue "
    "update fill dispute handle deduct swap unsubscribe reply click bin redo adjust recalculate rebook reschedule "
    "print mark send pass fix correct amend re-enter reenter reconcile resubmit submit change destroy refresh restart "
    "rerun upload reupload verify review sign approve complete".split()
)
_LIGHT = frozenset("ignore disregard use pay keep".split())


def _ask_features(parts: list[Sentence]) -> set[str]:
    """The message's request features (see above)."""
    found: set[str] = set()
    for s in parts:
        tokens = s.tokens
        if not tokens:
            continue
        first = tokens[0]
        if first not in _TASKS and first not in _LIGHT and s.words.isdisjoint(_ASKING):
            continue
        words = s.words
        if not words.isdisjoint(_TASKS):
            found.add("@order+task" if first in _TASKS else "@ask+task")
        if not words.isdisjoint(_LIGHT):
            found.add("@ask+light")
    return found


# Forgiveness features (round 10; ``@forgive...``, weighed only for a request for forgiveness): a word
# that asks to be let off, not negated ("forgive", "pardon", "overlook", "excuse me", "hold it against",
# "another chance", "accept my apology"), alone (``@forgive``) or addressed to the reader
# (``@forgive+you``: "I hope you can overlook it", "will you pardon us", "I hope you'll accept my
# apology"; "please accept my apologies" is regret only, and gives neither). Writers ask in many words
# and each word is rare in the corpus; the class carries what one writer's "pardon" taught to
# another's "overlook". "I don't expect you to forgive me" is negated, so it asks nothing.
_FORGIVING = frozenset(
    "forgive forgives forgiven forgiving forgiveness forgivable pardon pardoned overlook overlooking excuse excused".split()
)
_FORGIVING_PAIRS = frozenset({
    ("against", "me"), ("against", "us"), ("another", "chance"), ("second", "chance"), ("clean", "slate"),
    ("no", "hard"), ("bygones", "be"),
})
_YOU = frozenset("you you'll you'd u".split())
# a sentence with none of these words asks no forgiveness (looked up first: most sentences have none)
_ASKING_PARDON = _FORGIVING | {a for a, _ in _FORGIVING_PAIRS} | {"accept"}


def _forgive_features(parts: list[Sentence]) -> set[str]:
    """The message's forgiveness features (see above)."""
    found: set[str] = set()
    for s in parts:
        if s.words.isdisjoint(_ASKING_PARDON):
            continue
        tokens = s.tokens
        to_you = not _YOU.isdisjoint(tokens)
        # the pairs are read without their negation marks: "I hope you won't hold it against me" asks
        plain = [t.removeprefix("not_") for t in tokens]
        asks = not _FORGIVING.isdisjoint(tokens) or any(
            pair in _FORGIVING_PAIRS for pair in zip(plain, plain[1:]))
        # "I hope you'll accept my apology" asks; "please accept my apologies" is only regret
        accepts = to_you and "accept" in tokens and not _APOLOGISING.isdisjoint(tokens)
        if asks or accepts:
            found.add("@forgive")
            if to_you:
                found.add("@forgive+you")
    return found


def only_offers(parts: list[Sentence]) -> bool:
    """Whether the message's "if" sentences are all offers with no apology in them ("If this caused you
    extra work, let me know and I'll sort it out"): then none of them makes the apology conditional, and
    the checker does not report the model's conditional finding (a rule's match still counts)."""
    ifs = [s for s in parts if not s.words.isdisjoint(_IF)]
    return bool(ifs) and all(s.words.isdisjoint(_APOLOGISING) and not s.words.isdisjoint(_OFFERING) for s in ifs)


def _conditional_features(parts: list[Sentence]) -> set[str]:
    """The message's conditional features (see above)."""
    found = set()
    for s in parts:
        if s.words.isdisjoint(_IF):
            continue
        if not s.words.isdisjoint(_APOLOGISING):
            found.add("@if:any+apology")
        else:
            found.add("@if:any-apology")
            if not s.words.isdisjoint(_OFFERING):
                found.add("@if:offer")
    return found


_PAST_IRREGULAR = frozenset(
    "built bought dealt sent went sold lost broke forgot told swore gave took made put ran got left hit fell came knew "
    "thought said did had was were wrote read brought caught chose drew drove ate fed felt found flew froze hung kept "
    "led lent let meant met paid quit rang rose saw sought set shook shut sang sank sat slept slid spent spoke stood "
    "stole stuck struck swept swung taught tore threw understood woke wore won withdrew overrode overwrote mistook "
    "misread mislaid forgave".split()
)
_THINGS = frozenset(
    "email emails mail message file files report attachment figures numbers invoice invoices list draft newsletter "
    "promo promotion announcement spreadsheet document version release deploy deployment app site website page order "
    "delivery payment charge amount rate it this that "
    # round 9: more of the work products told as the subject ("the forecast's not done", "your address
    # came off a bought list", "the sheet slipped past Friday")
    "forecast sheet plan budget summary statement contract proposal quote quotation slides deck data link letter "
    "notice bill receipt reminder schedule agenda minutes transcript scripts batch campaign blast sms text note "
    "booking reservation shipment parcel feature build patch change address addresses details".split()
)
_DETERMINERS = frozenset("our my your their the a an this that".split())
_CLAUSE_BREAKS = frozenset(
    ", and but so because though although when which who after since while as".split()
)
_CAUSE_PHRASES = frozenset({
    ("caused", "by"), ("due", "to"), ("owing", "to"), ("because", "of"), ("thanks", "to"), ("came", "from"),
    ("down", "to"), ("result", "of"), ("fault", "of"), ("cause", "was"), ("blame", "for"), ("responsible", "for"),
})
_OWNING = frozenset({
    ("should", "have"), ("my", "job"), ("my", "responsibility"), ("on", "me"), ("my", "fault"), ("my", "mistake"),
    ("my", "error"), ("the", "one"), ("i", "didn't"), ("i", "did"), ("i", "failed"), ("my", "doing"), ("i", "missed"),
    ("my", "call"), ("i", "own"), ("i", "take"), ("we", "should"), ("our", "fault"), ("our", "mistake"), ("on", "us"),
})
_SELF_AFTER_BY = frozenset("me us myself ourselves i we".split())
# a capitalised first word is a name only if it is none of these and a past verb follows it ("Jules built it")
_OPENERS = frozenset(
    "sorry yesterday today tonight unfortunately please thanks thank hi hey dear hello our the this that it we "
    "apologies apologize apologise so also and but then once when after before last earlier as just again however my "
    "your i'm i've regarding re about following further ok okay oh ugh good great no yes".split()
)
_I_WORDS = frozenset({"I", "I'm", "I've", "I'd", "I'll"})
# What a party failed to do is its act too (round 8): "Pieter didn't update it", "the contractor never
# came", "finance did not send the file" (``@subj:other+past+neg``).
_FAILED = frozenset("didn't didnt never hadn't wasn't weren't couldn't wouldn't won't".split())


def _past(word: str) -> bool:
    word = word.removeprefix("not_")
    return word in _PAST_IRREGULAR or word in _SLIPS or (word.endswith("ed") and len(word) > 4)


# Capitalised words ending in 's that are contractions or times, not a party's possessive ("It's",
# "Today's update"); any other ("Cloudwick's CDN served a stale build") opens a sentence with a name.
_NOT_POSSESSORS = frozenset(
    "it that here there what let who he she where how today yesterday tomorrow tonight everyone everybody nobody "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december week month year last next one".split()
)


def _possessive_name(token: str) -> bool:
    return token.endswith("'s") and token[:-2] not in _NOT_POSSESSORS and token[:-2] not in _FUNCTION_WORDS


def _names(text: str, s: Sentence) -> set[int]:
    """Which tokens are capitalised names: not "I", and the first word only before a past verb or when
    it is a possessive ("Cloudwick's CDN")."""
    found = set()
    for i, (a, b) in enumerate(s.spans):
        word = text[a:b]
        if word == "IT":  # the department, not the pronoun
            found.add(i)
            continue
        if not word[:1].isupper() or word in _I_WORDS or word.isupper():
            continue
        if i == 0 and (s.tokens[0] in _OPENERS or s.tokens[0] in _FUNCTION_WORDS or len(s.tokens) < 2
                       or not (_past(s.tokens[1]) or _possessive_name(s.tokens[0]))):
            continue
        found.add(i)
    return found


def _clauses(words: list[str]) -> list[tuple[int, int]]:
    """A sentence's clauses as (start, end) word positions, cut at commas and joining words
    (``_CLAUSE_BREAKS``), the break itself in neither."""
    ends = [i for i, t in enumerate(words) if t in _CLAUSE_BREAKS] + [len(words)]
    return list(zip([0] + [e + 1 for e in ends[:-1]], ends))


def _clause_features(text: str, parts: list[Sentence]) -> set[str]:
    """The message's clause features (see above)."""
    found: set[str] = set()
    other_acts, owned = [], []
    for k, s in enumerate(parts):
        words = [t.removeprefix("not_") for t in s.tokens]
        names = _names(text, s)
        for start, end in _clauses(words):
            head = None
            for i in range(start, min(end, start + 5)):
                if words[i] in _PARTIES or i in names or (
                        _agent(words[i]) and not _DETERMINERS.isdisjoint(words[max(start, i - 2):i])):
                    head = "other", i
                    break
                if words[i] in _DETERMINERS:
                    continue
                if words[i] in _SELF:
                    head = "self", i
                    break
                if words[i] in _THINGS:
                    head = "thing", i
                    break
            if head is not None:
                kind, i = head
                verb = next((j for j in range(i + 1, min(end, i + 5)) if _past(words[j]) or words[j] in _FAILED), None)
                if verb is not None:
                    negated = (s.tokens[verb].startswith("not_") or words[verb - 1] in ("never", "not", "didn't")
                               or words[verb] in _FAILED or words[verb + 1: verb + 2] == ["not"])
                    found.add(f"@subj:{kind}+past" + ("+neg" if negated else ""))
                    if kind == "other":
                        other_acts.append(k)
        for i, (a, b) in enumerate(zip(words, words[1:])):
            if a == "by" and i > 0 and (_past(words[i - 1]) or (i > 1 and _past(words[i - 2]))):
                for j in range(i + 1, min(len(words), i + 5)):
                    if _agent(words[j]) or j in names:
                        found.add("@by:other")
                        break
                    if words[j] in _SELF_AFTER_BY:
                        found.add("@by:self")
                        break
            if (a, b) in _CAUSE_PHRASES:
                after = range(i + 2, min(len(words), i + 6))
                if any(words[j] in _SELF for j in after):
                    found.add("@cause:self")
                elif any(_agent(words[j]) or j in names for j in after):
                    found.add("@cause:other")
                else:
                    found.add("@cause:unnamed")
        if (words and words[0] == "had") or ("if" in words and ("hadn't" in words or "had" in words)):
            if names or any(_agent(w) for w in words):
                found.add("@counterfactual+other")
        if "mine" in words or any(pair in _OWNING for pair in zip(words, words[1:])):
            owned.append(k)
        if "blame" in words and not {"i'd", "could", "not", "won't"}.isdisjoint(words):
            found.add("@blame-hedged")
    if other_acts:
        if any(k >= other_acts[0] for k in owned):
            found.add("@msg:other-then-owned")
        elif owned:
            found.add("@msg:owned-then-other")
        else:
            found.add("@msg:other-unowned")
    return found


# Contrast features (round 14; ``@but...``, weighed like the class features): an apology, then a
# contrast ("but", "however", "though") and what the clause after it does. "Sorry, but my laptop died",
# "my mistake, however our system was changed", "Sorry for this. But the packing list came late": the
# clause after the turn gives another party's or a thing's act, or the writer's own state ("I was
# told"), and takes the apology back (``@but:other+past``, ``@but:thing+past``, ``@but:self+past``).
# "Sorry, but I will fix it today", "I apologise, but more than that", "no excuse, but here is what I
# changed" turn to the repair instead (``@but:turn``). ``@but`` alone: some contrast after an apology.
_CONTRASTS = frozenset("but however though although tho".split())
_APOLOGISING = frozenset(
    "sorry soz apologise apologize apologies apologised apologized apology regret mistake fault error".split()
)
_TURNING = frozenset(
    "will i'll we'll want wanted here now more also promise going let excuse excuses fix fixing fixed "
    "sort sorting".split()
)
_STATES = frozenset(
    "was were had thought believed assumed understood told didn't couldn't wasn't weren't died came went got "
    "is are".split()
)
_APOLOGY_BEFORE = re.compile(r"\b(?:sorry|soz|apologi[sz]e|apologies|apology|regret)", re.IGNORECASE)


def _but_features(parts: list[Sentence], apologised: bool = False) -> set[str]:
    """The contrast features (``@but...``): see above. ``apologised``: an earlier sentence apologised."""
    found: set[str] = set()
    for s in parts:
        words = [t.removeprefix("not_") for t in s.tokens]
        for i, w in enumerate(words):
            if w in _APOLOGISING:
                apologised = True
            elif w in _CONTRASTS and apologised and i + 1 < len(words):
                after = words[i + 1:i + 9]
                if after[0] == ",":
                    after = after[1:]
                found.add("@but")
                if not _TURNING.isdisjoint(after[:4]):
                    found.add("@but:turn")
                    continue
                # the clause's subject: the first word of a class among its first four, or a noun after a
                # determiner ("my laptop", "the courier")
                kind, determined = None, False
                for k, a in enumerate(after[:4]):
                    if a in _DETERMINERS:
                        determined = True
                        continue
                    kind = ("other" if _agent(a) else "self" if a in _SELF else "thing" if a in _THINGS
                            or a in ("there", "it's", "that's", "nobody") or determined else None)
                    if kind:
                        break
                if kind is None:
                    continue
                rest = after[k + 1:k + 6]
                found.add(f"@but:{kind}" + ("+past" if any(_past(r) or r in _STATES for r in rest) else ""))
    return found


# Reader-fault features (round 15; ``@reader...``, weighed like the class features): the fault put on
# the reader or their side, which LABELS.md counts as both blame and burden shifting: a clause whose
# subject is the reader with a past verb ("your details reached me at 4pm", "you cancelled it only by
# phone": ``@reader+past``), or the reader's side named ("from your side", "your office":
# ``@reader:side``).
_READER = frozenset("you your you've you'd yours".split())
_SIDES = frozenset("side end office team department folder records people staff".split())


def _reader_features(parts: list[Sentence]) -> set[str]:
    """The reader-fault features (``@reader...``): see above."""
    found: set[str] = set()
    for s in parts:
        words = [t.removeprefix("not_") for t in s.tokens]
        for start, end in _clauses(words):
            for i in range(start, min(end, start + 4)):
                if words[i] in _READER:
                    if any(_past(w) for w in words[i + 1:min(end, i + 6)]):
                        found.add("@reader+past")
                    break
        for a, b in zip(words, words[1:]):
            if a == "your" and b in _SIDES:
                found.add("@reader:side")
    return found


def features(text: str, rule_hits: Iterable[str] = (), parts: list[Sentence] | None = None) -> set[str]:
    """The message's features: every sentence's words and neighbouring pairs and its class features
    (``_classes``), the clause features (``_clause_features``), and the rules that matched.

    ``parts`` are the message's ``sentences`` when the caller already has them."""
    found: set[str] = set()
    parts = sentences(text) if parts is None else parts
    for s in parts:
        found.update(s.names)
        found |= _classes(s)
    found |= _clause_features(text, parts)
    found |= _pitch_features(parts)
    found |= _conditional_features(parts)
    found |= _small_features(parts)
    found |= _ask_features(parts)
    found |= _forgive_features(parts)
    found |= _but_features(parts)
    found |= _reader_features(parts)
    found.update(f"rule:{finding}" for finding in rule_hits)
    return found


# A sentence part (round 13 for blame, round 14 for excuse_but, round 15 for burden shifting; chosen in
# ``tools/train_message_model.py``): a second linear
# model that reads each sentence on its own, with the few features that belong to the whole message
# (the rules' hits and whether another party's act is taken back, prefixed ``M:``). Blame is usually
# said in one sentence ("our web guy pushed it without testing"); over the whole message its words are
# diluted by every other sentence's, and the model learned the writers' other habits instead. So is an
# excuse after "but" ("Sorry for this. But the packing list came late"), and so is a task left to the
# reader ("Could you resubmit it through the portal?"). The finding's logit is the message model's and
# the strongest sentence's, half each (``combined``).
_MESSAGE_WIDE = ("@msg:", "rule:")


# Greetings and sign-offs are not read alone: they say nothing of who did what, and in training the
# sentence part learned the names in them ("Hi Sabine", "Best, Josh") from the writers who blamed most.
_SALUTATIONS = frozenset(
    "hi hello hey dear hiya morning afternoon evening good greetings best regards kind warm warmly warmest "
    "thanks thank cheers sincerely yours respectfully faithfully ciao love many all with".split()
)


def reads_alone(s: Sentence) -> bool:
    """Whether a sentence is read by the sentence parts: not a greeting or a sign-off (a line of fewer
    than three words, or one of at most five that opens with a salutation: "Kind regards, Stefan")."""
    words = [t for t in s.tokens if t != ","]
    return len(words) >= 3 and not (len(words) <= 5 and words[0] in _SALUTATIONS)


def message_wide(message_features: set[str]) -> set[str]:
    """The message's features that every one of its sentences carries in a sentence part, as ``M:...``
    (found once per message: a message has hundreds of features, and this runs on every keystroke)."""
    return {f"M:{f}" for f in message_features if f.startswith(_MESSAGE_WIDE)}


def sentence_features(text: str, s: Sentence, wide: set[str]) -> set[str]:
    """One sentence's features for a sentence part: its words and pairs, its class and clause features
    as if it stood alone, its contrast features (after an apology in it or in an earlier sentence: "Sorry
    for this. But the list came late"), its reader-fault and request features, and the message's
    ``message_wide`` ones."""
    earlier = bool(s.spans) and _APOLOGY_BEFORE.search(text, 0, s.spans[0][0]) is not None
    return (set(s.names) | _classes(s) | _clause_features(text, [s]) | _but_features([s], earlier)
            | _reader_features([s]) | _ask_features([s]) | wide)


def combined(message_logit: int, sentence_logits: list[int], share: float) -> int:
    """A finding's logit, in thousandths, from its message model's and its strongest sentence's
    (``share`` of it the sentence's); a message with no sentence read alone (``reads_alone``) has the
    message model's alone."""
    if not sentence_logits:
        return message_logit
    return round((1 - share) * message_logit + share * max(sentence_logits))


def milli(weight: float) -> int:
    """A weight in thousandths, as an integer: the model's weights are kept to three decimals, and
    summed as integers a message's logit is exact, whatever order its features come in. Summed as
    floats, a message whose weights cancel exactly (a logit of 0 against a threshold of 0.5) fired or
    not with Python's string hashing, which changes from one process to the next."""
    return round(weight * 1000)


def probability(logit_milli: int) -> float:
    """The probability of a logit given in thousandths (``milli``)."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit_milli / 1000))))


@dataclass(frozen=True)
class Model:
    """Per finding: how it is decided (``rules``, ``model`` or ``either``), the bias, threshold and weights."""

    modes: dict[str, str]
    bias: dict[str, float]
    threshold: dict[str, float]
    weights: dict[str, dict[str, float]]  # finding -> feature -> weight
    # finding -> its sentence part: (bias, feature -> weight, both in thousandths, and the sentence's share)
    sentence_parts: dict[str, tuple[int, dict[str, int], float]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        findings = data["findings"]
        return cls(
            modes={f: v["mode"] for f, v in findings.items()},
            bias={f: float(v["bias"]) for f, v in findings.items()},
            threshold={f: float(v["threshold"]) for f, v in findings.items()},
            weights={f: {k: float(w) for k, w in v["weights"].items()} for f, v in findings.items()},
            sentence_parts={f: (milli(v["sentences"]["bias"]), {k: milli(w) for k, w in v["sentences"]["weights"].items()},
                                float(v["sentences"]["share"]))
                            for f, v in findings.items() if v.get("sentences")},
        )

    def scores(self, message_features: set[str], text: str = "", parts: list[Sentence] = ()) -> dict[str, float]:
        """The model's probability of each finding it decides, for a message with these features
        (``text`` and its ``parts``, its sentences, for the findings with a sentence part).

        The checker runs on every keystroke, so this is done in C as far as it can be: the features the
        model weighs are found by one set intersection (most of a message's features weigh nothing), and
        each has its weights for every finding as one row of integers (``_rows``), which ``zip`` turns
        into one column per finding for ``sum``. Integers, so the sum is exact in any order (``milli``).
        """
        findings, bias, rows = self._rows
        weighed = [rows[f] for f in message_features & rows.keys()]
        totals = [sum(column) for column in zip(*weighed)] if weighed else [0] * len(findings)
        logits = {finding: b + t for finding, b, t in zip(findings, bias, totals)}
        if self.sentence_parts:
            wide = message_wide(message_features)
            each = [sentence_features(text, s, wide) for s in parts if reads_alone(s)]
            for finding, (b, weights, share) in self.sentence_parts.items():
                logits[finding] = combined(logits[finding], [b + sum(weights[f] for f in row & weights.keys())
                                                             for row in each], share)
        return {finding: probability(z) for finding, z in logits.items()}

    def fires(self, finding: str, scores: dict[str, float]) -> bool:
        """Whether the model reports ``finding``, given the message's ``scores``."""
        return scores.get(finding, 0.0) >= self.threshold[finding]

    @cached_property
    def _rows(self) -> tuple[tuple[str, ...], tuple[int, ...], dict[str, tuple[int, ...]]]:
        """The findings in order, their biases, and each weighed feature's weights for all of them, in
        thousandths (``milli``; 0 where a finding does not weigh it): built once per model, not per
        keystroke (a frozen dataclass's ``__dict__`` still takes a cached property)."""
        findings = tuple(self.bias)
        rows: dict[str, list[int]] = {}
        for k, finding in enumerate(findings):
            for f, w in self.weights.get(finding, {}).items():
                rows.setdefault(f, [0] * len(findings))[k] = milli(w)
        return findings, tuple(milli(self.bias[f]) for f in findings), {f: tuple(r) for f, r in rows.items()}

    def quote(self, finding: str, text: str, parts: list[Sentence]) -> tuple[int, str] | None:
        """The words that weighed most for ``finding``, with their position: the strongest token of the strongest sentence.

        A sentence's strength is the sum of its features' weights, for and against (so the sentence
        that alone carries the most evidence wins, not the longest); each feature's weight is shared
        by the tokens it covers. ``None`` if no sentence weighs in favour.
        """
        weights = self.weights[finding]
        best: tuple[float, Sentence, int] | None = None
        for s in parts:
            per_token = [0.0] * len(s.tokens)
            for gram, first, last in s.grams:
                w = weights.get(gram, 0.0)
                if w:
                    for i in range(first, last + 1):
                        per_token[i] += w / (last - first + 1)
            strength = sum(per_token)
            if strength > 0 and (best is None or strength > best[0]):
                best = (strength, s, max(range(len(per_token)), key=per_token.__getitem__))
        if best is None:
            return None
        _, s, top = best
        first, last = max(0, top - QUOTE_CONTEXT), min(len(s.spans) - 1, top + QUOTE_CONTEXT)
        while first < top and s.tokens[first] == ",":
            first += 1
        while last > top and s.tokens[last] == ",":
            last -= 1
        return s.spans[first][0], text[s.spans[first][0]: s.spans[last][1]]


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model, read once per process."""
    if not MODEL_PATH.exists():  # a packaging slip: the checker must not quietly fall back to its rules alone
        raise FileNotFoundError(f"the message checker's model is missing ({MODEL_PATH}); reinstall the course")
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
