#!/usr/bin/env python3
"""Text summary of a JFR recording's CPU samples (jdk.ExecutionSample): share of samples per thread
group, per top frame (self time) and per Homeward frame anywhere on the stack (inclusive time).
Usage: scripts/jfr-summary.py recording.jfr [top_n]"""
import collections, json, re, subprocess, sys

path = sys.argv[1]
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]

def frame_name(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]

def group(thread):
    name = (thread or {}).get("javaName") or (thread or {}).get("osName") or "?"
    return re.sub(r"[-#]?\d+$", "", re.sub(r"-\d+-\d+$", "", name))

threads, self_t, incl = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    v = e["values"]
    frames = (v.get("stackTrace") or {}).get("frames") or []
    threads[group(v.get("sampledThread"))] += 1
    if frames:
        self_t[frame_name(frames[0])] += 1
    seen = set()
    for f in frames:
        n = frame_name(f)
        if n.startswith("org.homeward") and "$$Lambda" not in n and n not in seen:
            seen.add(n)
            incl[n] += 1
total = max(1, len(events))
print(f"{len(events)} CPU samples")
for title, c in (("threads", threads), ("top frames (self)", self_t), ("Homeward frames (inclusive)", incl)):
    print(f"\n## {title}")
    for name, k in c.most_common(top_n):
        print(f"{100.0 * k / total:5.1f} %  {name}")
