"""Flips one route between monolith and service mode, FLIPS times through the route file (atomic
move) and FLIPS times through the admin API, and after each change polls the gateway as fast as it
can until a response comes from the new target. Prints one JSON document with the timings."""
import http.client
import json
import os
import statistics
import sys
import time

gateway_port, admin_port = int(sys.argv[1]), int(sys.argv[2])
template = open(sys.argv[3]).read()  # the route file with MODE in place of the mode
route_file, token, flips = sys.argv[4], sys.argv[5], int(sys.argv[6])
PATH = "/api/products/1"
TIMEOUT = 5.0

gw = http.client.HTTPConnection("127.0.0.1", gateway_port, timeout=5)
polls = 0
non2xx = 0


def served_by():
    global polls, non2xx
    gw.request("GET", PATH)
    r = gw.getresponse()
    body = r.read().decode().strip()
    polls += 1
    if not 200 <= r.status < 300:
        non2xx += 1
        return None
    return body


def wait_for(target, since):
    """Seconds from `since` to the first response from `target`, then checks the next 20 stay there."""
    deadline = since + TIMEOUT
    while time.monotonic() < deadline:
        if served_by() == target:
            took = time.monotonic() - since
            stale = sum(1 for _ in range(20) if served_by() != target)
            return took, stale
    return None, 0


def write_file(mode, n):
    tmp = route_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(template.replace("MODE", mode) + f"# flip {n}\n")
    os.replace(tmp, route_file)


def admin(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=5)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    text = r.read().decode()
    c.close()
    if not 200 <= r.status < 300:
        raise SystemExit(f"admin {method} {path} answered {r.status}: {text}")


def mode_of(i):
    return "service" if i % 2 == 1 else "monolith"


result = {"file": [], "api": [], "file_timeouts": 0, "api_timeouts": 0, "stale_after_switch": 0}
assert served_by() == "monolith", "the route should start in monolith mode"
for i in range(1, flips + 1):
    mode = mode_of(i)
    t0 = time.monotonic()
    write_file(mode, i)
    took, stale = wait_for(mode, t0)
    result["stale_after_switch"] += stale
    if took is None:
        result["file_timeouts"] += 1
    else:
        result["file"].append(took)
# The file now says monolith; the admin overrides take over from here.
for i in range(1, flips + 1):
    mode = mode_of(i)
    t0 = time.monotonic()
    admin("PUT", "/admin/routes/products", {"mode": mode, "reason": f"flip test {i}"})
    took, stale = wait_for(mode, t0)
    result["stale_after_switch"] += stale
    if took is None:
        result["api_timeouts"] += 1
    else:
        result["api"].append(took)
admin("DELETE", "/admin/routes/products/override?reason=flip-test-done")


def summary(xs):
    if not xs:
        return {}
    xs = sorted(xs)
    return {"n": len(xs), "p50_ms": round(statistics.median(xs) * 1000, 1),
            "p90_ms": round(xs[int(0.9 * (len(xs) - 1))] * 1000, 1), "max_ms": round(xs[-1] * 1000, 1)}


print(json.dumps({"file": summary(result["file"]), "api": summary(result["api"]),
                  "file_timeouts": result["file_timeouts"], "api_timeouts": result["api_timeouts"],
                  "stale_after_switch": result["stale_after_switch"], "poll_requests": polls, "poll_non2xx": non2xx}))
