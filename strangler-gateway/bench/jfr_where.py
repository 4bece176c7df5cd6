#!/usr/bin/env python3
"""Where a JVM's CPU time went, from the execution samples of a flight recording, side by side for several JVMs.

  jfr_where.py NAME=FILE.jfr [NAME=FILE.jfr ...]   -> Markdown on stdout

For each recording: the share of samples by the library the sampled (top) frame is in (self time), the share of
samples with a frame of a library anywhere on the stack (inclusive time), and the methods most often on top.
Reads `jfr print --events jdk.ExecutionSample` (the JDK's own tool), so it needs nothing else.
"""
import collections
import re
import subprocess
import sys

# First match wins: the most specific prefixes first.
LIBRARIES = [
    ("strangler gateway", ("dev.strangler.",)),
    ("Spring Cloud Gateway", ("org.springframework.cloud.gateway.",)),
    ("Micrometer (metrics, observations)", ("io.micrometer.",)),
    ("Spring (web, http, core)", ("org.springframework.",)),
    ("Reactor Netty", ("reactor.netty.",)),
    ("Reactor core", ("reactor.",)),
    ("Netty", ("io.netty.",)),
    ("Jackson", ("tools.jackson.", "com.fasterxml.jackson.")),
    ("Resilience4j", ("io.github.resilience4j.",)),
    ("JDK", ("java.", "javax.", "jdk.", "sun.", "com.sun.")),
]
FRAME = re.compile(r"^\s+([\w$.<>/]+)\.([\w$<>]+)\(")


def library(frame_class):
    for name, prefixes in LIBRARIES:
        if frame_class.startswith(prefixes):
            return name
    return "other"


def samples(path):
    text = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
        check=True, capture_output=True, text=True).stdout
    stack = None
    for line in text.splitlines():
        if line.strip() == "stackTrace = [":
            stack = []
        elif stack is not None and line.strip() == "]":
            yield stack
            stack = None
        elif stack is not None:
            m = FRAME.match(line)
            if m:
                stack.append((m.group(1), m.group(2)))


def main():
    runs = []
    for arg in sys.argv[1:]:
        name, path = arg.split("=", 1)
        self_lib, incl_lib, top = collections.Counter(), collections.Counter(), collections.Counter()
        n = 0
        for stack in samples(path):
            if not stack:
                continue
            n += 1
            cls, method = stack[0]
            self_lib[library(cls)] += 1
            top[f"{cls}.{method}"] += 1
            for lib in {library(c) for c, _ in stack}:
                incl_lib[lib] += 1
        runs.append((name, n, self_lib, incl_lib, top))
    names = [r[0] for r in runs]
    print("Samples: " + ", ".join(f"{name} {n}" for name, n, *_ in runs) + ".")
    print()
    print("| library | " + " | ".join(f"{n}: self % | {n}: on the stack %" for n in names) + " |")
    print("|---|" + "---:|---:|" * len(names))
    for lib in [name for name, _ in LIBRARIES] + ["other"]:
        cells = []
        for _, n, self_lib, incl_lib, _ in runs:
            cells.append(f"{100 * self_lib[lib] / max(n, 1):.1f} | {100 * incl_lib[lib] / max(n, 1):.1f}")
        print(f"| {lib} | " + " | ".join(cells) + " |")
    for name, n, _, _, top in runs:
        print()
        print(f"Methods most often on top, {name}:")
        print()
        print("| method | % of samples |")
        print("|---|---:|")
        for method, count in top.most_common(12):
            print(f"| `{method}` | {100 * count / max(n, 1):.1f} |")


if __name__ == "__main__":
    main()
