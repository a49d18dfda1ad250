#!/usr/bin/env python3
"""csc-summarize.py <csc-cost output>: per set the medians, and the medians of the paired (same round) differences to 'none', by wall and CPU."""
import re, sys, statistics as st
rows = re.findall(r"round=(\d+) set=(\w+) wall_ms=(\d+) cpu_ms=(\d+) rss_mb=(\d+) warnings=(\d+)", open(sys.argv[1]).read())
by = {}
for r, s, w, c, m, n in rows:
    by.setdefault(s, {})[int(r)] = (int(w), int(c), int(m), int(n))
none = by["none"]
def added(s, i):
    return {r: v[i] - none[r][i] for r, v in by[s].items() if r in none}
print("| set | wall ms (median) | CPU ms (median) | peak RSS MB | added wall ms (paired median, range) | added CPU ms (paired median, range) | warnings |")
print("|---|---|---|---|---|---|---|")
for s, rs in by.items():
    w = st.median(v[0] for v in rs.values()); c = st.median(v[1] for v in rs.values()); m = st.median(v[2] for v in rs.values())
    if s == "none":
        print(f"| {s} | {w:.0f} | {c:.0f} | {m:.0f} | – | – | 0 |"); continue
    aw, ac = added(s, 0), added(s, 1)
    print(f"| {s} | {w:.0f} | {c:.0f} | {m:.0f} | {st.median(aw.values()):.0f} ({min(aw.values())}–{max(aw.values())}) | {st.median(ac.values()):.0f} ({min(ac.values())}–{max(ac.values())}) | {list(rs.values())[0][3]} |")
for mem in ("memrules", "other"):
    if mem not in by: continue
    for p in ("idisp", "ca", "other"):
        if p not in by or p == mem: continue
        for i, name in ((0, "wall"), (1, "CPU")):
            a, b = added(mem, i), added(p, i)
            ratios = [a[r] / b[r] for r in a if r in b and b[r] > 0]
            print(f"- {mem} / {p} by added {name}: ratio of medians {st.median(a.values()) / st.median(b.values()) * 100:.0f}%; per round {', '.join(f'{x*100:.0f}%' for x in ratios)} (median {st.median(ratios)*100:.0f}%)")
    w = added(mem, 0); print(f"- {mem} added wall / compile alone: {st.median(w.values()) / st.median(v[0] for v in none.values()) * 100:.1f}%")
