"""Turns JMH's JSON (sample mode) into the markdown table RESULTS.md quotes."""
import json
import sys

rows = json.load(open(sys.argv[1]))
print("| routes | request | p50 ns | p90 ns | p99 ns | p99.9 ns | mean ns | samples |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
worst = {}
for r in sorted(rows, key=lambda r: (int(r["params"]["routes"]), r["params"]["request"])):
    p = r["primaryMetric"]["scorePercentiles"]
    routes, req = int(r["params"]["routes"]), r["params"]["request"]
    hist = r["primaryMetric"].get("rawDataHistogram", [])
    n = sum(count for fork in hist for it in fork for _, count in it)
    print(f"| {routes} | {req} | {p['50.0']:.0f} | {p['90.0']:.0f} | {p['99.0']:.0f} | {p['99.9']:.0f} | "
          f"{r['primaryMetric']['score']:.0f} | {n} |")
    if routes == 1000:
        worst[req] = p["99.0"]
print()
for req, p99 in worst.items():
    print(f"- Target p99 <= 2 us at 1,000 routes, {req}: {'met' if p99 <= 2000 else 'MISSED'} ({p99 / 1000:.2f} us)")
