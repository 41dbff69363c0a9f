#!/usr/bin/env python3
"""The P-local baseline: the parse-and-diff a sysadmin would write with the csv module and a dict.

    baseline_plan.py SOURCE.csv REMOTE.csv [REPEAT] [--stepped]

SOURCE.csv is the file plan_bench's C++ side parses; REMOTE.csv holds the same Omni users it builds in memory
(loaded here untimed, as the C++ side builds its list untimed). Each round times the parse (CSV -> dict by
lower-cased userName) and the plan (index the remote users, then creates, updates with the changed fields,
deletes). Prints one JSON line: times per round, peak RSS and the plan's counts, which plan_bench compares with
its own. With --stepped it prints "ready", then runs one round per SIGUSR1 and prints "round=K;" after each, so
that plan_bench can alternate rounds between the two sides. It checks less than the C++ reader (no email or
UTF-8 validation), so it is a lower bound on the work.
"""
import csv
import json
import resource
import signal
import sys
import time

COMPARED = ("displayName", "active", "region", "department")


def parse_source(path):
    desired = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = row["userName"].strip().lower()
            if key in desired:
                raise SystemExit(f"{path}: duplicate userName {row['userName']}")
            desired[key] = {
                "userName": row["userName"].strip(),
                "displayName": row["displayName"],
                "active": row["active"].strip().lower() in ("", "true", "1", "yes"),
                "region": row["attributes.region"],
                "department": row["attributes.department"],
            }
    return desired


def load_remote(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            {**row, "active": row["active"] == "true"}
            for row in csv.DictReader(handle)
        ]


def plan(desired, remote_users):
    remote = {user["userName"].strip().lower(): user for user in remote_users}
    creates, updates, deletes = [], [], []
    unchanged = 0
    for key, want in desired.items():
        have = remote.get(key)
        if have is None:
            creates.append(want)
            continue
        changes = {field: want[field] for field in COMPARED if want[field] != have[field]}
        if changes:
            updates.append((have["id"], changes))
        else:
            unchanged += 1
    for key, have in remote.items():
        if key not in desired:
            deletes.append(have["id"])
    creates.sort(key=lambda user: user["userName"].lower())
    return {"create": len(creates), "update": len(updates), "delete": len(deletes), "unchanged": unchanged}


def main():
    stepped = "--stepped" in sys.argv
    args = [arg for arg in sys.argv[1:] if arg != "--stepped"]
    source, remote_file = args[0], args[1]
    repeat = int(args[2]) if len(args) > 2 else 1
    if stepped:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})  # before "ready": no round signal is lost
    remote_users = load_remote(remote_file)
    parse_ms, plan_ms, counts = [], [], None
    if stepped:
        print("ready", flush=True)
    for round_number in range(repeat):
        if stepped:
            signal.sigwait({signal.SIGUSR1})
        start = time.perf_counter()
        desired = parse_source(source)
        parsed = time.perf_counter()
        counts = plan(desired, remote_users)
        planned = time.perf_counter()
        parse_ms.append((parsed - start) * 1000)
        plan_ms.append((planned - parsed) * 1000)
        del desired
        if stepped:
            print(f"round={round_number};", flush=True)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"parse_ms": parse_ms, "plan_ms": plan_ms, "peak_rss_mib": peak_mib, "plan": counts}))


if __name__ == "__main__":
    main()
