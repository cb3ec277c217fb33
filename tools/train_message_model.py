"""Train the message checker's model on the development part of the corpus, and write what it learned.

Run: ``make model`` (``.venv/bin/python tools/train_message_model.py``; about fifteen minutes on 2 cores;
needs scikit-learn, a test extra). It writes ``course/message_model.json`` (the weights the checker
ships with) and ``docs/message-checker.md`` (for instructors: how each finding is decided, the
evidence for that choice, and the words that weigh most). Running it again on the same corpus writes
the same bytes; ``tests/test_message_model.py`` checks that the shipped model is exactly what this
script makes (quickly in every ``make test``, wholly in ``make check-model``).

What it fits to, and what it never sees: only ``tests/messages/development/``. The held-out
writers (``tests/messages/held_out/``) are read by ``benchmarks/message_checker.py`` and the tests,
never here.

How each finding is decided, chosen here by evidence rather than taste: for every finding, three
ways are scored by leave-one-writer-out cross-validation on the development part (train on every
writer but one, predict that one, once per writer):

- ``rules``: the phrase rules of ``course.message_patterns`` alone;
- ``model``: a logistic regression over the message's features (words, word pairs, negation
  marks, and the rules' hits as features; ``course.message_model``);
- ``either``: the finding is reported if the rule or the model finds it;
- for "ownership left out" only, ``unowned``: reported whenever the message neither owns the
  mistake (acknowledgment) nor puts it on someone (blame). The checker reports that finding only
  then in every way, so the cross-validation applies the same gate to the other three.

The simplest way within 0.01 of the best pooled F1 is kept (rules, then either, then model: a
smaller difference is noise, and a way with the rules always finds the phrases the course teaches).
Among that way's settings (the regularisation strength, the threshold), the one with the best F1 is
kept, and on a tie the one that errs in the learner's favour: the best recall for a component, the best
precision for a red flag. (Until round 18 the learner's favour came first among all settings within
0.01; for a red flag that chose a higher threshold, and on new writers the messages the model is less
sure of are the ones a higher threshold loses: blame's held-out recall stayed below its precision for
five rounds, 0.72 against 0.92 in round 17; ``tests/messages/ROUNDS.md``.) Leaving a whole writer out
mirrors how the checker is measured: on writers it never learned from.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

# One thread per process for numpy's BLAS, set before numpy loads: the fits are liblinear's and run
# one per core, and BLAS's idle threads spin beside them (each forked worker had one eating half a
# core, and the cross-validation took four times as long).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # the corpus loader, shared with the tests (tests/ is not a package)

from course.message_checker import UNOWNED, rule_matches  # noqa: E402
from course.message_model import (  # noqa: E402
    MODEL_PATH, combined, features, message_wide, milli, probability, reads_alone, sentence_features, sentences)
from course.message_patterns import PATTERNS, pattern  # noqa: E402
from message_corpus import precision_recall_f1  # noqa: E402

DOC_PATH = ROOT / "docs" / "message-checker.md"
C_VALUES = (0.1, 0.3, 1.0, 3.0)
MIN_MESSAGES = 2  # a feature seen in fewer development messages is left out: it cannot generalise
KEEP = 0.05  # smaller weights are dropped, in cross-validation as in the shipped table: a readable, small model
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)  # the model's probability needed to report a finding, chosen per finding
MODES = ("rules", "unowned", "either", "model")  # in order of preference on a tie
# Cross-validated F1s this close are a tie: one message of one writer moves a finding's pooled F1 by
# about that much. On a tie the simpler way wins, so that where the evidence allows, the phrases the
# rules list (those the course teaches: "the email went out", "sorry if") are always found.
TIE = 0.01
# the findings that weigh the class and clause features (``fit``): those that turn on who did what
WHO = frozenset({"acknowledgment", "explanation", "blame", "excuse_but", "burden_shift", "passive"})
TOP = 12
# The findings with a sentence part (``course.message_model.sentence_features``), and the sentence's share
# of their logit. In cross-validation (leave one writer out) the message model and a sentence model, half
# each, gave blame 0.837 against 0.817 for the message model alone (round 13), where two message models
# with different C, averaged the same way, gave 0.818 (no gain from averaging as such); and excuse_but,
# whose excuse sits in the clause after the apology's "but", 0.917 against 0.899 (round 14, with round 13
# in development and the contrast features, ``@but...``); and burden shifting, whose task left to the
# reader is asked in one sentence, 0.897 against 0.878 (round 15, with round 14 in development and the
# request features read in each sentence).
SENTENCE_PARTS = {"blame": 0.5, "excuse_but": 0.5, "burden_shift": 0.5}
# A message's label says that some sentence has the finding, not which: the sentence model is first
# fitted with every sentence of a message that has it as an instance of it, then, each round, with only
# that message's sentence it scores highest (the "witness"; Andrews, Tsochantaridis & Hofmann 2003,
# multiple-instance learning), beside every sentence of the messages without it.
WITNESS_ROUNDS = 2
# A sentence part's feature must be seen in the sentences of at least this many writers: fitted without
# it, blame's sentence part weighed the names in one writer's greetings ("Hi Sarah") most of all.
MIN_WRITERS = 3




def findings_to_learn() -> list[str]:
    """Every finding with rules (too_long is a word count, not something to learn)."""
    return [p.id for p in PATTERNS if p.regexes]


def vectorise(rows: list[set[str]]):
    """Every feature of some messages as one binary matrix, columns in sorted order, and their names."""
    import numpy as np
    from scipy.sparse import csr_matrix

    names = sorted(set().union(*rows))
    column = {f: j for j, f in enumerate(names)}
    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted(column[f] for f in row))
        indptr.append(len(indices))
    return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(names))), names


def select(matrix, rows: list[int] | None = None):
    """Some messages' rows of a ``vectorise``d matrix, without the features seen in fewer than
    ``MIN_MESSAGES`` of them (a rule's hit is kept if seen at all): the training matrix of one fold,
    cut from the whole corpus's once instead of built again for every fold."""
    x, names = matrix
    if rows is not None:
        x = x[rows]
    counts = x.getnnz(axis=0)
    return _columns(x, names, [j for j, name in enumerate(names)
                               if counts[j] >= MIN_MESSAGES or (counts[j] and name.startswith("rule:"))])


def _columns(x, names: list[str], keep: list[int]):
    """Some columns of a matrix and their names, as liblinear takes them."""
    x = x[:, keep].tocsr()
    # the matrix's indices sorted, so that liblinear sees the same input in every process
    x.sort_indices()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear takes 32-bit indices only
    return x, [names[j] for j in keep]


def design(rows: list[set[str]]):
    """The binary feature matrix of some messages and its column names (features seen in fewer than
    ``MIN_MESSAGES`` of them left out). Built once per training set and shared by every finding."""
    return select(vectorise(rows))


def weighs(feature: str, finding: str) -> bool:
    """Whether a finding's model may weigh a feature: words and rules always; the pitch features
    (``@pitch:...``) for a sales pitch only; the conditional features (``@if:...``) for a conditional
    apology only; the minimising features (``@small...``) for minimising only; the request features
    (``@ask...``, ``@order...``) for burden shifting only; the forgiveness features (``@forgive...``)
    for a request for forgiveness only; the other class and clause features for
    the findings that turn on who did it (``WHO``)."""
    if feature.startswith("@pitch:"):
        return finding == "pitch"
    if feature.startswith("@if:"):
        return finding == "conditional"
    if feature.startswith("@small"):
        return finding == "minimising"
    if feature.startswith(("@ask", "@order")):
        return finding == "burden_shift"
    if feature.startswith("@forgive"):
        return finding == "forgiveness"
    return not feature.startswith("@") or finding in WHO


def fit(matrix, y: list[int], c: float, finding: str) -> tuple[float, dict[str, float]]:
    """A logistic regression on a ``design``; returns the bias and the kept weights by feature.

    The class and clause features (``@...``: who did what) are for the findings that turn on who did
    it (``WHO``); the others learn from words alone, so that "another party's slip" cannot become
    evidence of, say, a repair because the corpus's blaming messages often offer one."""
    from sklearn.linear_model import LogisticRegression

    if len(set(y)) < 2:  # a fold with no instance at all: the model can only say "never"
        return -10.0, {}
    x, names = matrix
    kept = [i for i, name in enumerate(names) if weighs(name, finding)]
    if len(kept) < len(names):
        x, names = x[:, kept], [names[i] for i in kept]
    classifier = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=0, max_iter=1000)
    classifier.fit(x, y)
    weights = {name: round(float(w), 3) for name, w in zip(names, classifier.coef_[0]) if abs(w) >= KEEP}
    return round(float(classifier.intercept_[0]), 3), weights


def logit(bias: float, weights: dict[str, float], row: set[str]) -> int:
    """A message's logit in thousandths, summed exactly as the checker sums it (``milli``)."""
    return milli(bias) + sum(milli(weights[f]) for f in row if f in weights)


def reaches(z: int, threshold: float) -> bool:
    """Whether a logit in thousandths reaches a probability threshold (compared as probabilities, as
    the checker does)."""
    return probability(z) >= threshold


def f1(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of (predicted, true) pairs, counted as the tests and the benchmark count."""
    row = [sum(1 for p, t in pairs if p and t), sum(1 for p, t in pairs if p and not t),
           sum(1 for p, t in pairs if t and not p)]
    return tuple(round(x, 3) for x in precision_recall_f1(row))


def sentence_inputs(messages, rows) -> tuple[list[set[str]], list[int]]:
    """Every development sentence's features for a sentence part (those it reads, ``reads_alone``), and
    the message each is from."""
    instances, owner = [], []
    for i, (m, row) in enumerate(zip(messages, rows)):
        wide = message_wide(row)
        for s in filter(reads_alone, sentences(m["text"])):
            instances.append(sentence_features(m["text"], s, wide))
            owner.append(i)
    return instances, owner


def _common(whole, use: list[int], writers: list[str]):
    """``select`` of some sentences' rows, without the features seen in fewer than ``MIN_WRITERS``
    writers' sentences among them (a rule's hit is kept)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    x, names = select(whole, use)
    index = {w: k for k, w in enumerate(sorted(set(writers)))}
    by_writer = csr_matrix((np.ones(len(use)), ([index[w] for w in writers], range(len(use)))), shape=(len(index), len(use)))
    seen = ((by_writer @ x) > 0).sum(axis=0).A1
    return _columns(x, names, [j for j, name in enumerate(names) if seen[j] >= MIN_WRITERS or name.startswith("M:rule:")])


def fit_sentences(data, train: set[int], y: list[int], c: float, finding: str):
    """A sentence part fitted on the messages ``train`` (``data``: ``sentence_data``): first on all their
    sentences, each labelled as its message, then ``WITNESS_ROUNDS`` times on each labelled message's
    highest-scoring sentence and every sentence of the others."""
    instances, owner, whole, writer = data
    use = [k for k, i in enumerate(owner) if i in train]
    for _ in range(WITNESS_ROUNDS):
        bias, weights = fit(_common(whole, use, [writer[owner[k]] for k in use]), [y[owner[k]] for k in use], c, finding)
        witness: dict[int, tuple[int, int]] = {}  # message -> (its best sentence's logit, that sentence)
        for k in (k for k, i in enumerate(owner) if i in train and y[i]):
            z = logit(bias, weights, instances[k])
            if owner[k] not in witness or z > witness[owner[k]][0]:
                witness[owner[k]] = (z, k)
        chosen = {k for _, k in witness.values()}
        use = [k for k, i in enumerate(owner) if i in train and (not y[i] or k in chosen)]
    return fit(_common(whole, use, [writer[owner[k]] for k in use]), [y[owner[k]] for k in use], c, finding)


_SHARED: dict = {}  # what every cross-validation task reads, inherited by the forked workers


def _held_out_logits(task: tuple) -> list:
    """One finding's and one C's cross-validated logits: for each writer, a model fitted on all the
    others predicts that writer's messages (for a task ``(finding, c, "sentences")``, its sentence
    part predicts each message's sentences, and the strongest one's logit is kept; None for a message
    with no sentence)."""
    if len(task) == 3:
        return _held_out_sentence_logits(task[:2])
    finding, c = task
    messages, rows, truth, folds, designs = (_SHARED[k] for k in ("messages", "rows", "truth", "folds", "designs"))
    y = truth[finding]
    z = [0] * len(messages)
    for w, train in folds.items():
        bias, weights = fit(designs[w], [int(y[i]) for i in train], c, finding)
        for i, m in enumerate(messages):
            if m["writer"] == w:
                z[i] = logit(bias, weights, rows[i])
    return z


def _held_out_sentence_logits(task: tuple[str, float]) -> list[int | None]:
    finding, c = task
    messages, truth, folds = (_SHARED[k] for k in ("messages", "truth", "folds"))
    instances, owner, _, _ = _SHARED["sentences"]
    y = [int(v) for v in truth[finding]]
    best: list[int | None] = [None] * len(messages)
    for w, train in folds.items():
        bias, weights = fit_sentences(_SHARED["sentences"], set(train), y, c, finding)
        for k, i in enumerate(owner):
            if messages[i]["writer"] == w:
                z = logit(bias, weights, instances[k])
                best[i] = z if best[i] is None else max(best[i], z)
    return best


def cross_validated_logits(messages, rows, truth, folds, designs) -> dict[tuple, list]:
    """Every (finding, C)'s cross-validated logits, the fits spread over the machine's cores.

    The fits are independent of each other and each is deterministic, so the result is the same on one
    core or many; only the wall time changes (this script runs in the test suite)."""
    import multiprocessing

    _SHARED.update(messages=messages, rows=rows, truth=truth, folds=folds, designs=designs,
                   sentences=sentence_data(messages, rows))
    tasks = [(finding, c, "sentences") for finding in SENTENCE_PARTS for c in C_VALUES]  # the longest first
    tasks += [(finding, c) for finding in findings_to_learn() for c in C_VALUES]
    processes = min(len(tasks), len(os.sched_getaffinity(0)))
    if processes < 2:
        return {task: _held_out_logits(task) for task in tasks}
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return dict(zip(tasks, pool.map(_held_out_logits, tasks, chunksize=1)))


def corpus_inputs():
    """The development messages, each one's rule hits and features, and each finding's truth: all
    that training reads."""
    import message_corpus as corpus
    messages = corpus.DEVELOPMENT
    hits = [rule_matches(m["text"]) for m in messages]
    rows = [features(m["text"], h) for m, h in zip(messages, hits)]
    truth = {finding: [finding in (m["components"] | m["red_flags"]) for m in messages] for finding in findings_to_learn()}
    return messages, hits, rows, truth


def made_from(messages, hits, rows) -> dict[str, str]:
    """Digests of what the cross-validation's choices depend on besides the corpus files: this script
    (how the ways are scored and chosen) and every development message's rule hits and features (what
    ``course.message_checker`` and ``course.message_model`` make of it). The quick test recomputes both
    and refits the chosen ways, so that a change to the rules, the features or this script fails at
    once, without the ten-minute cross-validation (``make check-model`` runs the whole of it)."""
    inputs = hashlib.sha256()
    for m, h, row in zip(messages, hits, rows):
        inputs.update(json.dumps([m["writer"], m["id"], sorted(h), sorted(row)], ensure_ascii=False).encode("utf-8"))
    return {"trainer": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), "inputs": inputs.hexdigest()}


def final_fit(matrix, y: list[bool], mode: str, c: float | None, finding: str, every_sentence=None) -> dict:
    """One finding's shipped part, given the way and C the cross-validation chose: fitted on every
    development message (``matrix``: their ``design``, built once for all the findings), and, for a
    finding with a sentence part, on every development sentence (``every_sentence``: the
    ``sentence_inputs`` and their ``vectorise``d matrix)."""
    if mode in ("rules", "unowned"):
        return {"C": None, "bias": -10.0, "weights": {}}
    bias, weights = fit(matrix, [int(v) for v in y], c, finding)
    entry = {"C": c, "bias": bias, "weights": dict(sorted(weights.items()))}
    if finding in SENTENCE_PARTS:
        s_bias, s_weights = fit_sentences(every_sentence, set(range(len(y))), [int(v) for v in y], c, finding)
        entry["sentences"] = {"share": SENTENCE_PARTS[finding], "bias": s_bias, "weights": dict(sorted(s_weights.items()))}
    return entry


def sentence_data(messages, rows):
    """What the sentence parts are fitted on: every development sentence's features, its message,
    their matrix, and each message's writer."""
    instances, owner = sentence_inputs(messages, rows)
    return instances, owner, vectorise(instances), [m["writer"] for m in messages]


def main(out: Path | None = None) -> None:
    """Train and write the model and its document: into the package and ``docs/``, or, given ``out``
    (``--out DIR``), into that folder, leaving the working tree alone (the reproduction test does so,
    while other tests in other processes read the shipped model)."""
    import message_corpus as corpus
    messages, hits, rows, truth = corpus_inputs()
    writers = sorted({m["writer"] for m in messages})

    folds = {w: [i for i, m in enumerate(messages) if m["writer"] != w] for w in writers}
    whole = vectorise(rows)
    designs = {w: select(whole, train) for w, train in folds.items()}
    logits = cross_validated_logits(messages, rows, truth, folds, designs)
    for (finding, c, *part), z in list(logits.items()):
        if part:  # a finding with a sentence part: its logit is the message model's and the sentences'
            share = SENTENCE_PARTS[finding]
            logits[(finding, c)] = [combined(zm, [] if zs is None else [zs], share)
                                    for zm, zs in zip(logits[(finding, c)], z)]
    everything = design(rows)  # every development message's matrix, for each finding's final fit
    every_sentence = sentence_data(messages, rows)
    result = {}
    chosen: dict[str, list[bool]] = {}  # each finding's cross-validated predictions, in the way chosen for it
    for finding in findings_to_learn():
        y = truth[finding]
        # the checker's one rule after both parts: "ownership left out" only where nothing owns or blames
        gate = ([not (chosen["acknowledgment"][i] or chosen["blame"][i]) for i in range(len(messages))]
                if finding == UNOWNED else [True] * len(messages))
        rule = [finding in h and g for h, g in zip(hits, gate)]
        scored: dict[tuple[str, float], tuple[float, float, float]] = {("rules", 0.0): f1(list(zip(rule, y)))}
        predictions: dict[tuple[str, float], list[bool]] = {("rules", 0.0): rule}
        if finding == UNOWNED:
            predictions[("unowned", 0.0)] = gate
            scored[("unowned", 0.0)] = f1(list(zip(gate, y)))
        for c in C_VALUES:
            z = logits[(finding, c)]
            for t in THRESHOLDS:
                model_pred = [reaches(zi, t) and g for zi, g in zip(z, gate)]
                predictions[("model", c, t)] = model_pred
                predictions[("either", c, t)] = [a or b for a, b in zip(rule, model_pred)]
                scored[("model", c, t)] = f1(list(zip(model_pred, y)))
                scored[("either", c, t)] = f1(list(zip(predictions[("either", c, t)], y)))
        # the simplest way within TIE of the best F1; within it, the setting with the best F1, and on a tie
        # the one that errs in the learner's favour (a component missed and a red flag wrongly raised both
        # cost a learner marks they earned): the best recall for a component, the best precision for a red flag
        top = max(v[2] for v in scored.values())
        near = [k for k in scored if scored[k][2] >= top - TIE]
        way = max(near, key=lambda k: -MODES.index(k[0]))[0]
        favour = 1 if pattern(finding).kind == "component" else 0  # index of recall, or of precision
        best = max((k for k in scored if k[0] == way), key=lambda k: (scored[k][2], scored[k][favour], -k[1]))
        chosen[finding] = predictions[best]
        mode, c, threshold = best if len(best) > 2 else (*best, 1.0)
        entry = {"mode": mode, "threshold": threshold, "cross_validation": {
            "rules": scored[("rules", 0.0)],
            **{f"{m_} C={c_:g} p>={t_:g}": scored[(m_, c_, t_)] for m_ in ("model", "either") for c_ in C_VALUES
               for t_ in THRESHOLDS},
            **({"unowned": scored[("unowned", 0.0)]} if finding == UNOWNED else {}),
        }}
        entry.update(final_fit(everything, y, mode, c, finding, every_sentence))
        entry["instances"] = sum(y)
        result[finding] = entry
        print(f"{finding:<16} {mode:<7} C={c:<4g} p>={threshold:<4g} cv F1 {scored[best][2]:.3f} (rules alone {scored[('rules', 0.0)][2]:.3f})")

    files = sorted((corpus.MESSAGES / "development").glob("*.jsonl"))
    data = {
        "about": "The message checker's learned part; made by tools/train_message_model.py from the development "
                 "corpus only. Per finding: how it is decided, its bias, threshold and feature weights.",
        "trained_on": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files},
        "made_from": made_from(messages, hits, rows),
        "messages": len(messages),
        "findings": result,
    }
    model_path, doc_path = (MODEL_PATH, DOC_PATH) if out is None else (out / MODEL_PATH.name, out / DOC_PATH.name)
    model_path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    doc_path.write_text(document(data), encoding="utf-8")
    print(f"wrote {model_path} and {doc_path}")


def _strongest(weights: dict[str, float]) -> tuple[list[str], list[str]]:
    """The instructor's page's lists: the ``TOP`` strongest features for a finding, and six against."""
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    positive = [f"`{f}` {w:+.2f}" for f, w in ranked[:TOP] if w > 0]
    negative = [f"`{f}` {w:+.2f}" for f, w in sorted(weights.items(), key=lambda kv: kv[1])[:6] if w < 0]
    return positive, negative


def document(data: dict) -> str:
    """The instructor's page: per finding, how it is decided, the evidence, and the strongest words."""
    lines = [
        "# How the message checker decides",
        "",
        "Generated by `tools/train_message_model.py` from the development part of the labelled corpus",
        f"({data['messages']} messages by writers {', '.join(sorted(n.removesuffix('.jsonl') for n in data['trained_on']))};",
        "labelling rules in `tests/messages/LABELS.md`). Do not edit by hand: run the script.",
        "",
        "Each finding is decided by its phrase rules (`course/message_patterns.py`), by a linear model over",
        "the message's words and word pairs (`course/message_model.py`, weights in",
        "`course/message_model.json`), or by either. The choice was made by leave-one-writer-out",
        "cross-validation on the development part; the table gives F1 for each way. How the checker then",
        "does on the held-out writers, to which nothing was fitted, is printed by",
        "`benchmarks/message_checker.py`.",
        "",
        "A feature `not_x` is the word x after a negation (\"not your fault\"); `rule:x` is finding x's rule",
        "matching; `~x` is a crude stem. `@other` marks a sentence that names someone or something other",
        "than the writer (a vendor, the system, \"they\", the reader's side); `@other+slip` one that also has a",
        "verb of a slip (sold, changed, forgot...), and `-self` when it has no \"I\" or \"we\"; `@defence+other`",
        "and `@cause+other` one with \"to be fair\", \"though\"... or \"because\", \"after\"... besides",
        "(`course/message_model.py` lists the words of each class). Clause features say who did what:",
        "`@subj:other+past` a clause whose subject is another party with a past verb (\"legal sat on the",
        "summary\"), `@subj:self+past` the writer (\"I sent it\"), `@subj:thing+past` the thing that went",
        "wrong (\"the email went out\"), `+neg` a negated verb; `@by:other` \"sent by Jiahui\"; `@cause:other`",
        "\"caused by our provider's update\"; `@counterfactual+other` \"had the provider's failover worked\";",
        "`@but:...` an apology, then \"but\" or \"however\" and a clause of another's act, a thing's or the",
        "writer's state (`@but:turn` when it turns to the repair instead); `@reader+past` and `@reader:side`",
        "the fault or the task put on the reader (\"your office never sent the reminder\");",
        "and, over the message, `@msg:other-then-owned` when another party's act is followed by the writer",
        "taking the fault (\"I should have checked\"), `@msg:other-unowned` when it never is. These weigh only",
        "in the findings that turn on who did it. For a sales pitch only, `@pitch:promo` marks a sentence",
        "offering something to buy, book or join and `@pitch:favour` one asking a favour that serves the",
        "writer (a review, a survey, a referral), with `turn+` when a turn away from the mistake opens it",
        "(\"PS\", \"by the way\"), `after-repair+` when it comes after the repair and `end+` in the last two",
        "sentences; `@pitch:ask+us` is a request whose benefit is the writer's (\"would really help us\").",
        "For minimising only, `@small` marks a word that makes the mistake small (\"a blip\", \"only\"), not",
        "negated; for burden shifting only, `@ask+task` and `@order+task` a task asked of the reader (\"can you",
        "let Hallworth know\") and `@ask+light` one that only takes up the correction (\"please ignore the",
        "earlier one\"); for a conditional apology only, `@if:...` an \"if\" with or without an apology in it;",
        "for a request for forgiveness only, `@forgive` a word that asks to be let off (forgive, pardon,",
        "overlook, \"hold it against\"), not negated, and `@forgive+you` one asked of the reader. Another",
        "party is a listed one (vendor, courier, billing...) or a word shaped like one who does something",
        "(\"the fabricator\", \"our pharmacist\").",
        "",
        "| finding | decided by | rules alone | best model | best either | instances |",
        "|---|---|---|---|---|---|",
    ]
    for finding, e in data["findings"].items():
        cv = e["cross_validation"]
        best_model = max(v[2] for k, v in cv.items() if k.startswith("model"))
        best_either = max(v[2] for k, v in cv.items() if k.startswith("either"))
        lines.append(f"| {finding} | {e['mode']} | {cv['rules'][2]:.2f} | {best_model:.2f} | {best_either:.2f} "
                     f"| {e['instances']} |")
    lines.append("")
    for finding, e in data["findings"].items():
        lines += [f"## {pattern(finding).label} (`{finding}`)", ""]
        if not e["weights"]:
            lines += ["Decided by its phrase rules alone.", ""]
            continue
        positive, negative = _strongest(e["weights"])
        lines += [f"Decided by: {e['mode']}. Strongest for: " + ", ".join(positive) + ".", ""]
        if negative:
            lines += ["Strongest against: " + ", ".join(negative) + ".", ""]
        if e.get("sentences"):
            part = e["sentences"]
            positive, negative = _strongest(part["weights"])
            lines += [f"Each sentence is also read on its own, with the message's rule hits and `@msg:` features "
                      f"as `M:...`; the strongest sentence gives {part['share']:.0%} of the finding's logit. "
                      "Strongest for, in a sentence: " + ", ".join(positive) + ".", ""]
            if negative:
                lines += ["Strongest against, in a sentence: " + ", ".join(negative) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the model and its document into this folder instead")
    main(parser.parse_args().out)
