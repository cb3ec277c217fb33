"""Check a round-15 file: python check.py FILE [first|second]. Prints problems, or OK with counts."""
import json, sys, collections
COMP = ["acknowledgment","regret","explanation","repentance","repair","forgiveness"]
FLAGS = ["blame","excuse_but","minimising","conditional","burden_shift","self_focus","pitch","formula","passive","too_long"]
CASES = ["spam","attachment","premature","deadline","invoice","deploy","other"]
VOICES = ["curt","warm","formal","non-native","long-winded","casual","corporate"]
path = sys.argv[1]; kind = sys.argv[2] if len(sys.argv) > 2 else "first"
bad = []; counts = collections.Counter(); ids = set(); n = 0
for i, line in enumerate(open(path), 1):
    if not line.strip(): continue
    try: m = json.loads(line)
    except Exception as e: bad.append(f"line {i}: not JSON: {e}"); continue
    n += 1
    need = ["id","components","red_flags","note"] + (["case","voice","text"] if kind == "first" else [])
    for k in need:
        if k not in m: bad.append(f"line {i}: missing {k}")
    if m.get("id") in ids: bad.append(f"line {i}: duplicate id {m.get('id')}")
    ids.add(m.get("id"))
    if kind == "first":
        if m.get("case") not in CASES: bad.append(f"line {i}: case {m.get('case')!r}")
        if m.get("voice") not in VOICES: bad.append(f"line {i}: voice {m.get('voice')!r}")
        words = len(str(m.get("text","")).split())
        if (words > 200) != ("too_long" in m.get("red_flags", [])):
            bad.append(f"line {i}: {words} words but too_long is {'missing' if words > 200 else 'set'}")
    for c in m.get("components", []):
        if c not in COMP: bad.append(f"line {i}: unknown component {c!r}")
    for f in m.get("red_flags", []):
        if f not in FLAGS: bad.append(f"line {i}: unknown red flag {f!r}")
    fl = set(m.get("red_flags", [])); co = set(m.get("components", []))
    if "passive" in fl and ("acknowledgment" in co or "blame" in fl):
        bad.append(f"line {i}: passive never goes with acknowledgment or blame")
    counts.update(m.get("components", [])); counts.update(m.get("red_flags", []))
print("\n".join(bad) if bad else f"OK: {n} messages")
print(", ".join(f"{k} {counts[k]}" for k in COMP + FLAGS))
