#!/usr/bin/env python3
"""P-process: what the user runs, timed whole. `omni-scim-sync sync --dry-run` (text), `--output json` and `--plan-out FILE` for N
people against an empty Omni (the fake server, `fake-omni`, over TLS), each under `/usr/bin/time -v`, next to the
Python baseline (bench/baseline_plan.py) planning the same source against the same empty Omni under
`/usr/bin/time -v` too. Used by scripts/bench.

    process_bench.py [--build-dir build-release] [--sizes 1000000] [--repeat 3]
                     [--binary LABEL=PATH ...] [--json FILE]

The source CSV and the baseline's empty Omni list are written by plan_bench (bench/plan/workload.cpp), the files
P-local uses. Each round runs every command once, in turn, so that a host whose speed drifts slows all alike; the
median round is reported. Wall time and peak RSS are the whole process's, as `/usr/bin/time -v` prints them
(startup, TLS, listing Omni, reading, planning and writing the plan). The plan goes to a file, the log to another.
--binary (repeatable) measures other builds of omni-scim-sync beside each other, e.g. before=PATH after=PATH;
default: after=BUILD_DIR/daemon/omni-scim-sync.
"""
import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
# "planfile": the text on stdout and the reviewed plan file (`--plan-out`, issue 17) written beside it.
OUTPUTS = {"text": [], "json": ["--output", "json"], "planfile": ["--plan-out"]}


def timed(command, stdout_path, env=None):
    """Runs `command` under /usr/bin/time -v; returns (wall seconds, CPU seconds, peak RSS KiB). Fails on a non-zero
    exit. CPU (user + system) is printed beside the wall time because a shared host's load lengthens the wall time
    of a two-thread process far more than its CPU time."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        status = subprocess.run(["/usr/bin/time", "-v", *command], stdout=out, stderr=err, env=env).returncode
        err.seek(0)
        report = err.read().decode("utf-8", "replace")
    if status != 0:
        raise SystemExit(f"process_bench: {' '.join(command)} exited with {status}:\n{report[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", report)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", report).group(1)) for kind in ("User", "System"))
    hours, minutes, seconds = wall.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), cpu, int(rss.group(1))


def check_plan(output, path, n):
    """The run must have planned N creates (a run that failed early would look fast)."""
    with open(path, "rb") as handle:
        if output == "json":
            head = handle.read(64).decode()
            ok = head.startswith(f'{{"summary":{{"create":{n},')
        else:
            handle.seek(max(0, os.path.getsize(path) - 600))   # the plan-file line may follow
            ok = f"Plan: {n} to create,".encode() in handle.read()
    if ok and output == "planfile":
        with open(path + ".plan.json", "rb") as handle:
            ok = handle.read(22) == b'{"omniScimSyncPlan":1,' and os.path.getsize(path + ".plan.json") > 50 * n
    if not ok:
        raise SystemExit(f"process_bench: {path} does not hold a plan of {n} creates")


class FakeOmni:
    """fake-omni as a process with its own throwaway CA, no users and no rate limit."""

    def __init__(self, binary, work, key):
        subprocess.run([binary, "--make-pki", os.path.join(work, "pki")], check=True, stdout=subprocess.DEVNULL)
        self.ca = os.path.join(work, "pki", "ca.pem")
        self.process = subprocess.Popen([binary, "--cert-dir", os.path.join(work, "pki"), "--org-key-env",
                                         "OMNI_API_KEY", "--rate", "none"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        env={**os.environ, "OMNI_API_KEY": key})
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.stop()
            raise SystemExit(f"process_bench: fake-omni did not start ({line!r})")
        self.url = line.split()[2]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def write_config(work, url, ca, source):
    state = os.path.join(work, "state")
    os.makedirs(state, mode=0o700, exist_ok=True)
    path = os.path.join(work, "config.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"omni:\n  base_url: {url}\n  api_key_env: OMNI_API_KEY\n  ca_file: {ca}\n"
                     f"  requests_per_minute: 100000\nsource:\n  type: csv\n  path: {source}\n"
                     f"metrics:\n  listen: \"\"\nstate_dir: {state}\n")
    return path


def measure_size(n, args, binaries, work, fake, key):
    plan_bench = os.path.join(args.build_dir, "bench", "plan_bench")
    source = os.path.join(work, f"source-{n}.csv")
    empty_omni = os.path.join(work, "omni-empty.csv")
    subprocess.run([plan_bench, "--n", str(n), "--write-source", source], check=True)
    subprocess.run([plan_bench, "--n", "0", "--write-remote", empty_omni], check=True)
    config = write_config(work, fake.url, fake.ca, source)
    env = {**os.environ, "OMNI_API_KEY": key}

    commands = {}
    for label, binary in binaries:
        for output, flags in OUTPUTS.items():
            if output == "planfile":   # beside the run's stdout, where check_plan looks for it
                flags = [*flags, os.path.join(work, f"out-{label}-{output}.plan.json")]
            commands[(label, output)] = [binary, "--config", config, "sync", "--dry-run", *flags]
    commands[("python", "baseline")] = [sys.executable, os.path.join(BENCH_DIR, "baseline_plan.py"), source,
                                        empty_omni, "1"]
    samples = {case: [] for case in commands}
    for _ in range(args.repeat):
        for (label, output), command in commands.items():
            stdout_path = os.path.join(work, f"out-{label}-{output}")
            samples[(label, output)].append(timed(command, stdout_path, env))
            if label == "python":
                with open(stdout_path, encoding="utf-8") as handle:
                    if json.loads(handle.read().splitlines()[-1])["plan"]["create"] != n:
                        raise SystemExit("process_bench: the Python baseline planned another number of creates")
            else:
                check_plan(output, stdout_path, n)
    os.remove(source)

    rows = []
    for (label, output), runs in samples.items():
        rows.append({"n": n, "build": label, "output": output,
                     "wall_seconds": statistics.median(wall for wall, _, _ in runs),
                     "cpu_seconds": statistics.median(cpu for _, cpu, _ in runs),
                     "peak_rss_mb": statistics.median(kib for _, _, kib in runs) * 1024 / 1e6,
                     "runs": [{"wall_seconds": wall, "cpu_seconds": cpu, "peak_rss_kib": kib} for wall, cpu, kib in runs],
                     "command": " ".join(["/usr/bin/time", "-v", *commands[(label, output)]])})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build-release")
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--binary", action="append", default=[], metavar="LABEL=PATH")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    binaries = [tuple(spec.split("=", 1)) for spec in args.binary] or \
        [("after", os.path.join(args.build_dir, "daemon", "omni-scim-sync"))]
    key = secrets.token_hex(24)

    rows = []
    print(f"{'N':>9} | {'build':<8} {'output':<8} | {'wall s':>7} {'CPU s':>6} {'peak RSS MB':>11} | (median of "
          f"{args.repeat}; Omni empty, so every person is a create)")
    with tempfile.TemporaryDirectory(prefix="oss-process-bench-") as work:
        fake = FakeOmni(os.path.join(args.build_dir, "tests", "fake_omni", "fake-omni"), work, key)
        try:
            for n in (int(size) for size in args.sizes.split(",")):
                for row in measure_size(n, args, binaries, work, fake, key):
                    rows.append(row)
                    print(f"{n:>9} | {row['build']:<8} {row['output']:<8} | {row['wall_seconds']:>7.2f} "
                          f"{row['cpu_seconds']:>6.2f} {row['peak_rss_mb']:>11.0f} |", flush=True)
        finally:
            fake.stop()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"process_bench": rows}, handle)


if __name__ == "__main__":
    main()
