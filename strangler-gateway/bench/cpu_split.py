#!/usr/bin/env python3
"""How much CPU the benchmark's own processes used, and how much everything else did, between two snapshots.

  cpu_split.py snapshot ROOT_PID            -> one line: wall_ns total_busy_ticks ours_ticks
  cpu_split.py between BEFORE_LINE AFTER_LINE -> one line: ours_cores others_cores (averaged over the wall time)

"Ours" is ROOT_PID and every live process descended from it (the load generator, the proxies, the upstream),
each with the time of its children it already waited for (cutime/cstime). "Busy" is user + nice + system time of the whole
machine from /proc/stat; interrupt and softirq time is left out on both sides, since the kernel charges
loopback packet work there whoever caused it. Others = busy - ours: builds, tests, another benchmark.
"""
import os
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    # The command name may hold spaces and parentheses: the fields start after the last ')'.
    fields = text[text.rindex(")") + 2:].split()
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, utime + stime, cutime + cstime


def snapshot(root):
    wall = time.monotonic_ns()
    with open("/proc/stat") as f:
        cpu = f.readline().split()
    user, nice, system = int(cpu[1]), int(cpu[2]), int(cpu[3])
    busy = user + nice + system
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            procs[int(name)] = proc_stat(name)
        except (OSError, ValueError):
            continue  # ended while listed
    children = {}
    for pid, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    ours = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in procs:
            _, own, waited = procs[pid]
            ours += own + waited
        todo.extend(children.get(pid, []))
    # A finished process's time is in its parent's cutime once reaped, and not in its own (it is gone), so live
    # time and waited time of the tree do not count anything twice: a finished load-generator run is in the
    # waited time of the shell that ran it.
    return wall, busy, ours


def main():
    if sys.argv[1] == "snapshot":
        print(*snapshot(int(sys.argv[2])))
    elif sys.argv[1] == "between":
        w0, b0, o0 = (int(x) for x in sys.argv[2].split())
        w1, b1, o1 = (int(x) for x in sys.argv[3].split())
        seconds = max((w1 - w0) / 1e9, 1e-9)
        ours = (o1 - o0) / HZ / seconds
        others = max(0.0, ((b1 - b0) - (o1 - o0)) / HZ / seconds)
        print(f"{ours:.2f} {others:.2f}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
