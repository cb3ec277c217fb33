"""python3 compare.py w63 w64 ...: agreement.txt and disputes.jsonl for the third reader (texts, both labels, both notes)."""
import json, sys
LABELS = ["acknowledgment","regret","explanation","repentance","repair","forgiveness","blame","excuse_but","minimising","conditional","burden_shift","self_focus","pitch","formula","passive","too_long"]
ws = sys.argv[1:]
stats = {l: [0, 0, 0, 0] for l in LABELS}  # both, only1, only2, neither
disputes = []
for w in ws:
    first = {m["id"]: m for m in map(json.loads, open(f"/work/round19/{w}-first.jsonl"))}
    second = {m["id"]: m for m in map(json.loads, open(f"/work/round19/{w}-second.jsonl"))}
    assert set(first) == set(second), w
    for i, a in first.items():
        b = second[i]
        la = set(a["components"]) | set(a["red_flags"]); lb = set(b["components"]) | set(b["red_flags"])
        diff = []
        for l in LABELS:
            x, y = l in la, l in lb
            stats[l][0 if x and y else 1 if x else 2 if y else 3] += 1
            if x != y: diff.append(l)
        if diff:
            one = {"labels": sorted(la & set(diff)), "note": a["note"]}
            two = {"labels": sorted(lb & set(diff)), "note": b["note"]}
            if int(i.split("-")[1]) % 2:  # which reader is "a" alternates, so the writer is not always the same one
                one, two = two, one
            disputes.append({"id": i, "text": a["text"], "disputed": diff, "reader_a": one, "reader_b": two})
with open("/work/round19/agreement.txt", "w") as out:
    out.write(f"{'label':16} both 1 only 2 only  agreement F1  kappa\n")
    for l, (bo, o1, o2, ne) in stats.items():
        n = bo + o1 + o2 + ne
        f1 = 2 * bo / (2 * bo + o1 + o2) if bo + o1 + o2 else 1.0
        po = (bo + ne) / n; p1 = (bo + o1) / n; p2 = (bo + o2) / n
        pe = p1 * p2 + (1 - p1) * (1 - p2)
        k = (po - pe) / (1 - pe) if pe < 1 else 1.0
        out.write(f"{l:16} {bo:5} {o1:6} {o2:6} {f1:13.2f} {k:6.2f}\n")
with open("/work/round19/disputes.jsonl", "w") as out:
    for d in disputes: out.write(json.dumps(d) + "\n")
print(len(disputes), "messages in dispute,", sum(len(d["disputed"]) for d in disputes), "labels")
