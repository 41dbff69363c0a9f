#!/usr/bin/env python3
"""Combines the bench programs' JSON figures into one table (Markdown, printed) and an SVG plot of how the
P-local cost grows with N. Used by scripts/bench.

    report.py RESULTS_DIR [--svg FILE]

RESULTS_DIR holds plan.json, process.json, quota.json, calls.json, incremental.json and revoke.json (any may be missing:
its rows are left out).
"""
import json
import math
import os
import platform
import sys

TARGET_SECONDS, TARGET_MIB, TARGET_SPEEDUP, TARGET_QUOTA = 1.0, 500, 10.0, 0.97


def load(directory, name, key):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)[key]


def verdict(ok):
    return "met" if ok else "**MISSED**"


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        total_kib = int(handle.readline().split()[1])
    return f"{os.cpu_count()} CPUs ({model}), {total_kib / 1024 / 1024:.1f} GiB RAM, {platform.system()} {platform.release()}"


def process_rows(process):
    """P-process: each build's `sync --dry-run` (text, json, plan file) beside the Python baseline of the same N."""
    rows = []
    baselines = {row["n"]: row for row in process if row["build"] == "python"}
    for row in process:
        if row["build"] == "python":
            continue
        n, python = row["n"], baselines.get(row["n"])
        versus = (f"; Python baseline {python['wall_seconds']:.2f} s (CPU {python['cpu_seconds']:.2f} s), "
                  f"{python['peak_rss_mb']:.0f} MB" if python else "")
        flag = {"json": " --output json", "planfile": " --plan-out FILE"}.get(row["output"], "")
        at_target = n == 1_000_000
        ok = row["wall_seconds"] <= TARGET_SECONDS and row["peak_rss_mb"] <= TARGET_MIB
        rows.append(f"| P-process | N = {n:,}, `sync --dry-run{flag}` ({row['build']}) | {row['wall_seconds']:.2f} s "
                    f"(CPU {row['cpu_seconds']:.2f} s), {row['peak_rss_mb']:.0f} MB peak RSS{versus} | " +
                    ("<= 1 s, <= 500 MB | " + verdict(ok) if at_target else "– | –") + " |")
    return rows


def table(plan, quota, calls, incremental=None, revoke=None, process=None):
    rows = ["| benchmark | case | figure | target | verdict |", "|---|---|---|---|---|"]
    for row in plan:
        n, total = row["n"], row["parse_ms"] + row["plan_ms"]
        python_total = row["python_parse_ms"] + row["python_plan_ms"]
        case = f"N = {n:,}"
        rows.append(f"| P-local | {case} | parse {row['parse_ms']:.0f} ms + plan {row['plan_ms']:.0f} ms = "
                    f"{total:.0f} ms | " + ("< 1 s | " + verdict(total < TARGET_SECONDS * 1000) if n == 1_000_000 else "– | –") + " |")
        rows.append(f"| P-local | {case} | peak RSS {row['peak_rss_mib']:.0f} MiB (remote list alone "
                    f"{row['rss_remote_only_mib']:.0f} MiB) | " +
                    ("< 500 MB | " + verdict(row["peak_rss_mib"] * 1.048576 < TARGET_MIB) if n == 1_000_000 else "– | –") + " |")
        rows.append(f"| P-local | {case} | Python csv+dict {python_total:.0f} ms, {row['python_peak_rss_mib']:.0f} MiB: "
                    f"{row['speedup']:.1f}x faster | >= 10x | {verdict(row['speedup'] >= TARGET_SPEEDUP)} |")
    rows += process_rows(process or [])
    for row in quota:
        ok = row["achieved"] >= TARGET_QUOTA and row["rate_limited"] == 0 and row["failed"] == 0
        rows.append(f"| P-quota | {row['scenario']} ({row['requests']} requests) | {row['achieved']:.3f} of the limit, "
                    f"{row['rate_limited']} x 429, busiest window {row['busiest_window']}/{row['limit']} | "
                    f">= 0.97, zero 429 | {verdict(ok)} |")
    for row in calls:
        ok = row["requests"] == row["expected"] and row["no_op_requests"] == row["no_op_expected"]
        by_method = ", ".join(f"{m} {c}" for m, c in sorted(row["by_method"].items()))
        rows.append(f"| P-calls | R = {row['remote']:,}, C = {row['changes']} (page {row['page_size']}) | "
                    f"{row['requests']} requests ({by_method}); no-op sync {row['no_op_requests']} | "
                    f"{row['expected']}; no-op {row['no_op_expected']} | {verdict(ok)} |")
    incremental = incremental or {}
    for row in incremental.get("calls", []):
        for case in row["by_changes"]:
            inc, full = case["incremental"], case["full"]
            ok = (inc["total_requests"] == inc["expected_total"] and inc["scim_requests"] == inc["expected_scim"]
                  and full["total_requests"] == full["expected_total"])
            rows.append(f"| P-incremental | R = {row['remote']:,}, K = {case['changes']} | `sync --incremental` "
                        f"{inc['scim_requests']} SCIM / {inc['total_requests']} total, {inc['wall_seconds']:.2f} s, "
                        f"{inc['peak_rss_mib']:.0f} MiB; full `sync` {full['total_requests']}, {full['wall_seconds']:.2f} s, "
                        f"{full['peak_rss_mib']:.0f} MiB | {inc['expected_scim']} SCIM + 1 whoami; full "
                        f"{full['expected_total']} | {verdict(ok)} |")
    for row in incremental.get("watch", []):
        latencies = ", ".join(f"{r['latency_seconds']:.2f}" for r in row["rounds"])
        ok = all(r["requests"] == 1 and r["kind"] == "incremental" for r in row["rounds"])
        rows.append(f"| P-incremental | watch, R = {row['remote']:,}, client {row['client_requests_per_minute']}/min, "
                    f"server limit {row['server_limit']} | rename -> PATCH {latencies} s; full cycle start -> PATCH "
                    f"{row['full_start_to_patch_seconds']:.1f} s (at 60/min computed "
                    f"{row['full_at_60_per_minute_computed_seconds']:.0f} s) | 1 request per change | {verdict(ok)} |")
    revoke = revoke or []
    baseline = next((r for r in revoke if r["order"] == "after_additions"), None)
    for row in revoke:
        if row["order"] != "revocation_first":
            continue
        ok = row["writes_before"] == 0 and row["seconds_into_apply"] < 1.0
        versus = ""
        if baseline:
            versus = (f"; sent after the additions (backlog {baseline['backlog']:,}): write #{baseline['writes_before'] + 1}, "
                      f"{baseline['seconds_into_apply']:.0f} s into the apply")
        rows.append(f"| P-revoke | backlog {row['backlog']:,} creates, 60/min | leaver's PATCH is write "
                    f"#{row['writes_before'] + 1}, {row['seconds_into_apply']:.2f} s into the apply, "
                    f"{row['seconds_from_start']:.2f} s from start{versus} | first write, < 1 s | {verdict(ok)} |")
    return "\n".join(rows)


def svg(plan):
    """Log-log plot: wall time (parse + plan) against N, this tool and the Python baseline."""
    width, height, left, right, top, bottom = 560, 340, 70, 150, 30, 50
    points = {
        "omni-scim-sync": [(r["n"], r["parse_ms"] + r["plan_ms"]) for r in plan],
        "Python csv + dict": [(r["n"], r["python_parse_ms"] + r["python_plan_ms"]) for r in plan],
    }
    colours = {"omni-scim-sync": "#1f77b4", "Python csv + dict": "#d62728"}
    xs = [n for series in points.values() for n, _ in series]
    ys = [ms for series in points.values() for _, ms in series]
    x_lo, x_hi = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y_lo, y_hi = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x_hi, y_hi = max(x_hi, x_lo + 1), max(y_hi, y_lo + 1)

    def px(n):
        return left + (math.log10(n) - x_lo) / (x_hi - x_lo) * (width - left - right)

    def py(ms):
        return height - bottom - (math.log10(ms) - y_lo) / (y_hi - y_lo) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14">Parse + plan wall time vs N (log-log)</text>']
    for e in range(x_lo, x_hi + 1):
        x = px(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(y_lo, y_hi + 1):
        y = py(10 ** e)
        label = f"{10 ** e:,} ms" if e < 3 else f"{10 ** (e - 3):,} s"
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    target_y = py(TARGET_SECONDS * 1000)
    out.append(f'<line x1="{left}" y1="{target_y:.1f}" x2="{width - right}" y2="{target_y:.1f}" '
               f'stroke="#2ca02c" stroke-dasharray="5,4"/>')
    out.append(f'<text x="{width - right + 6}" y="{target_y + 4:.1f}" fill="#2ca02c">1 s target</text>')
    for index, (name, series) in enumerate(points.items()):
        path = " ".join(f"{px(n):.1f},{py(ms):.1f}" for n, ms in series)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colours[name]}" stroke-width="2"/>')
        for n, ms in series:
            out.append(f'<circle cx="{px(n):.1f}" cy="{py(ms):.1f}" r="3.5" fill="{colours[name]}"/>')
        out.append(f'<text x="{width - right + 6}" y="{top + 20 + 18 * index}" fill="{colours[name]}">{name}</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">N (source rows = '
               f'Omni users)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    directory = sys.argv[1]
    plan = load(directory, "plan.json", "plan_bench")
    quota = load(directory, "quota.json", "quota_bench")
    calls = load(directory, "calls.json", "calls_bench")
    incremental_path = os.path.join(directory, "incremental.json")
    incremental = {}
    if os.path.exists(incremental_path):
        with open(incremental_path, encoding="utf-8") as handle:
            incremental = json.load(handle)["incremental_bench"]
    revoke = load(directory, "revoke.json", "revoke_bench")
    process = load(directory, "process.json", "process_bench")
    print(f"Machine: {machine()}\n")
    print(table(plan, quota, calls, incremental, revoke, process))
    if "--svg" in sys.argv and plan:
        with open(sys.argv[sys.argv.index("--svg") + 1], "w", encoding="utf-8") as handle:
            handle.write(svg(plan))


if __name__ == "__main__":
    main()
