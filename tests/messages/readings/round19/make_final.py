"""python3 make_final.py w67 w68 ...: final/wNN.jsonl, the labels both readers gave, the third reader's where they disagreed."""
import json, sys, os
COMP = ["acknowledgment","regret","explanation","repentance","repair","forgiveness"]
FLAGS = ["blame","excuse_but","minimising","conditional","burden_shift","self_focus","pitch","formula","passive","too_long"]
settled = {d["id"]: d for d in map(json.loads, open("/work/round19/settled.jsonl"))} if os.path.exists("/work/round19/settled.jsonl") else {}
os.makedirs("/work/round19/final", exist_ok=True)
for w in sys.argv[1:]:
    first = [json.loads(l) for l in open(f"/work/round19/{w}-first.jsonl") if l.strip()]
    second = {m["id"]: m for m in map(json.loads, open(f"/work/round19/{w}-second.jsonl"))}
    with open(f"/work/round19/final/{w}.jsonl", "w") as out:
        for a in first:
            b = second[a["id"]]
            la = set(a["components"]) | set(a["red_flags"]); lb = set(b["components"]) | set(b["red_flags"])
            labels = la & lb
            note = a["note"]
            if la != lb:
                d = settled[a["id"]]
                assert set(d["decisions"]) == la ^ lb, (a["id"], d["decisions"], la ^ lb)
                labels |= {l for l, v in d["decisions"].items() if v}
                note = (note + " " if note else "") + "Settled by a third reader: " + d["note"]
            m = {"id": a["id"], "case": a["case"], "voice": a["voice"], "text": a["text"],
                 "components": [c for c in COMP if c in labels], "red_flags": [f for f in FLAGS if f in labels], "note": note}
            out.write(json.dumps(m, ensure_ascii=False) + "\n")
    print(w, len(first))
