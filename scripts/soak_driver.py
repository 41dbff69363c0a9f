#!/usr/bin/env python3
"""The soak run behind scripts/soak: the real daemon against the fake Omni server in bad weather, for a while.

The fake server goes through its fault phases (429s with and without Retry-After, 503s, dropped connections, slow
and lost answers) while this driver rewrites the source folder every few seconds (people added, changed, removed;
attribute keys that come with new people and go with them, managed ones that come and go; groups changing) and
sends SIGHUP now and then. Once a second it samples the daemon's resident memory, open descriptors and threads
from /proc. At the end the weather turns calm and the fake server's users and groups must equal the last source.

Fails (exit 1) when they do not converge, when the daemon dies or stops badly, when resident memory after warm-up
grows by more than 5 %, or when the fewest descriptors open at the end exceed the fewest open after warm-up.
"""
import argparse
import collections
import json
import os
import random
import re
import secrets
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

FILES = 4              # record files in the source folder; a person stays in one (their number modulo FILES)
DEPARTMENTS = ["Sales", "Finance", "Engineering", "Support", "Legal"]
TEAMS = [f"soak-team-{i}" for i in range(8)]
RSS_GROWTH_LIMIT = 0.05
MAX_IN_FLIGHT = 4
# Sockets come and go with the connection pool (up to max_in_flight keep-alive connections, fewer after a drop),
# so they are held to a cap: the pool, the metrics listener, this driver's scrape, one being replaced. Every other
# descriptor (files, pipes, timers, event fds) must not grow at all.
SOCKET_CAP = MAX_IN_FLIGHT + 3


def parse_duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", text)
    if not match:
        raise SystemExit(f"soak: duration {text!r}: expected a number of seconds, or 90s, 2m, 1h")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Population:
    """The people the source holds, as the driver last wrote them."""

    def __init__(self, rng, size):
        self.rng = rng
        self.people = {}        # number -> record
        self.next_number = 0
        self.generation = 0     # one a step: new people carry this step's own attribute key
        self.size = size        # the population's size at the start, which it stays near
        for _ in range(size):
            self.add()

    def add(self):
        number = self.next_number
        self.next_number += 1
        record = {
            "userName": f"person{number}@soak.example",
            "displayName": f"Person {number}",
            "active": True,
            # A key of their own step: it comes with them and goes with them, so the daemon meets new attribute
            # names all the time and must let go of the old ones.
            "attributes": {"department": self.rng.choice(DEPARTMENTS), f"cohort_{self.generation}": "joined"},
            "groups": [self.rng.choice(TEAMS)],
        }
        self.people[number] = record

    def change(self, number):
        record = self.people[number]
        what = self.rng.randrange(6)
        if what == 0:
            record["displayName"] = f"Person {number} v{self.generation}"
        elif what == 1:     # a managed key that comes and goes
            if "title" in record["attributes"]:
                del record["attributes"]["title"]
            else:
                record["attributes"]["title"] = self.rng.choice(["Lead", "Analyst", "Manager"])
        elif what == 2:
            record["attributes"]["department"] = self.rng.choice(DEPARTMENTS)
        elif what == 3:     # a leaver marked inactive, or back
            record["active"] = not record["active"]
        elif what == 4:
            record["groups"] = [self.rng.choice(TEAMS)]
        else:
            record["groups"] = sorted(set(record["groups"]) | {self.rng.choice(TEAMS)})

    def step(self):
        self.generation += 1
        for _ in range(self.rng.randint(1, 5)):
            self.add()
        for number in self.rng.sample(sorted(self.people), min(len(self.people), self.rng.randint(1, 6))):
            self.change(number)
        # The oldest leave, about as many as joined: the population stays near its starting size, so that a growing
        # memory means the daemon keeps what it should let go, not that the organisation grew.
        leaving = max(0, len(self.people) - self.size + self.rng.randint(-2, 2))
        for number in sorted(self.people)[:leaving]:
            del self.people[number]

    def write(self, folder):
        files = [[] for _ in range(FILES)]
        for number, record in sorted(self.people.items()):
            files[number % FILES].append(record)
        for index, records in enumerate(files):
            final = folder / f"people-{index}.json"
            temporary = folder / f"people-{index}.json.tmp"    # left out by the directory source
            temporary.write_text(json.dumps(records, indent=1))
            os.replace(temporary, final)


class Sampler(threading.Thread):
    """Once a second: the daemon's resident memory (kB), open descriptors and threads, from /proc."""

    def __init__(self, pid, metrics_url):
        super().__init__(daemon=True)
        self.pid = pid
        self.metrics_url = metrics_url
        # (seconds since start, rss kB, descriptors other than sockets, threads, attribute names or None, sockets)
        self.samples = []
        self.listings = []      # what each sample's descriptors were, to say which ones grew
        self.stop = threading.Event()
        self.started = time.monotonic()

    def attribute_names(self):
        try:
            with urllib.request.urlopen(self.metrics_url, timeout=2) as answer:
                for line in answer.read().decode().splitlines():
                    if line.startswith("omni_scim_sync_attribute_names "):
                        return int(float(line.split()[1]))
        except OSError:
            return None
        return None

    def run(self):
        tick = 0
        while not self.stop.is_set():
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
                rss = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
                threads = int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))
                listing = sorted(os.readlink(f"/proc/{self.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{self.pid}/fd"))
                sockets = sum(1 for target in listing if target.startswith("socket:"))
                descriptors = len(listing) - sockets
            except (OSError, AttributeError):
                return      # the daemon is gone
            names = self.attribute_names() if tick % 5 == 0 else None
            self.samples.append((time.monotonic() - self.started, rss, descriptors, threads, names, sockets))
            self.listings.append(listing)
            tick += 1
            self.stop.wait(1.0)


def fetch_json(url, ca_file):
    context = ssl.create_default_context(cafile=str(ca_file))
    with urllib.request.urlopen(url, context=context, timeout=10) as answer:
        return json.loads(answer.read())


def differences(population, base_url, ca_file):
    """What the fake server holds that the last source does not say (empty when converged). A person the source
    marks inactive is only ever deactivated: never created, their other fields left as they were, in no group."""
    wanted = {r["userName"]: r for r in population.people.values()}
    held = {u["userName"]: u for u in fetch_json(base_url + "/_fake/users", ca_file) if u["userName"] != OWNER}
    found = []
    for name in sorted(name for name in set(wanted) - set(held) if wanted[name]["active"])[:5]:
        found.append(f"missing at Omni: {name}")
    for name in sorted(set(held) - set(wanted))[:5]:
        found.append(f"still at Omni: {name}")
    for name in sorted(set(wanted) & set(held)):
        want, have = wanted[name], held[name]
        attributes = have.get("urn:omni:params:1.0:UserAttribute") or {}
        if not want["active"]:
            if have["active"]:
                found.append(f"still active at Omni: {name}")
        elif (want["displayName"], want["attributes"]) != (have["displayName"], attributes) or not have["active"]:
            found.append(f"differs: {name}: want {want['displayName']!r} {want['attributes']}, "
                         f"have {have['displayName']!r} active={have['active']} {attributes}")
    members = {}
    for record in wanted.values():
        for team in record["groups"] if record["active"] else []:
            members.setdefault(team, set()).add(record["userName"])
    for group in fetch_json(base_url + "/_fake/groups", ca_file):
        have = {member["display"] for member in group.get("members", [])}
        if have != members.get(group["displayName"], set()):
            found.append(f"group {group['displayName']}: {len(have)} members at Omni, "
                         f"{len(members.get(group['displayName'], set()))} in the source")
    return found[:20]


OWNER = "admin@soak.example"


def write_config(work, base_url, metrics_port):
    (work / "config.yaml").write_text(f"""\
omni:
  base_url: {base_url}
  api_key_env: OMNI_API_KEY
  ca_file: {work / 'pki' / 'ca.pem'}
  requests_per_minute: 600
  max_in_flight: {MAX_IN_FLIGHT}
  timeout_seconds: 5
  max_retries: 5
source:
  type: directory
  path: {work / 'source'}
  watch: true
sync:
  interval_seconds: 10
  full_interval_seconds: 60
  cycle_timeout_seconds: 300
  deprovision: delete
  manage_attributes: [department, title]
  max_deletes: 1000
  max_delete_percent: 50
  protect: ["{OWNER}"]
  groups:
    enabled: true
    manage: all
logging:
  level: info
  format: text
metrics:
  listen: 127.0.0.1:{metrics_port}
state_dir: {work / 'state'}
""")


def window(samples, start, end):
    return [s for s in samples if start <= s[0] < end]


def fewest_descriptors(samples, start, end):
    """The index of the sample in [start, end) with the fewest descriptors other than sockets."""
    inside = [i for i, s in enumerate(samples) if start <= s[0] < end]
    return min(inside, key=lambda i: samples[i][2])


def descriptor_kinds(listing):
    """How many descriptors of each kind ("socket", "pipe", "anon_inode", or a path's first part) a listing holds."""
    return dict(collections.Counter(target.split(":")[0] for target in listing))


def svg_plot(samples, path):
    """Resident memory and open descriptors (all, sockets included) over time, as a small SVG for BENCHMARKS.md."""
    width, height, pad = 640, 220, 40
    end = samples[-1][0] or 1
    rss = [s[1] for s in samples]
    descriptors = [s[2] + s[5] for s in samples]
    rss_top = max(rss) * 1.1
    fd_top = max(descriptors) * 1.25

    def line(values, top, colour):
        points = " ".join(f"{pad + s[0] / end * (width - 2 * pad):.1f},{height - pad - v / top * (height - 2 * pad):.1f}"
                          for s, v in zip(samples, values))
        return f'<polyline fill="none" stroke="{colour}" stroke-width="1.2" points="{points}"/>'

    Path(path).write_text(f"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#888"/>
{line(rss, rss_top, "#1f77b4")}
{line(descriptors, fd_top, "#d62728")}
<text x="{pad}" y="16" fill="#1f77b4">resident memory (axis 0 to {rss_top / 1024:.0f} MiB)</text>
<text x="{width - pad}" y="16" fill="#d62728" text-anchor="end">open descriptors (axis 0 to {fd_top:.0f})</text>
<text x="{pad}" y="{height - 12}">0</text>
<text x="{width - pad}" y="{height - 12}" text-anchor="end">{end / 60:.0f} min</text>
</svg>
""")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("duration", nargs="?", default="2m")
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--samples", help="write the samples here as CSV")
    parser.add_argument("--plot", help="write an SVG of RSS and descriptors here")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    duration = parse_duration(arguments.duration)
    if duration < 60:
        raise SystemExit("soak: at least 60 s (a warm-up, then something to compare it with)")
    build = Path(arguments.build_dir).resolve()
    daemon_binary, fake_binary = build / "daemon" / "omni-scim-sync", build / "tests" / "fake_omni" / "fake-omni"
    phase_seconds = int(min(30, max(6, duration / 15)))
    step_seconds = 3 if duration <= 600 else 5
    rng = random.Random(arguments.seed)

    work = Path(tempfile.mkdtemp(prefix="omni-scim-sync-soak."))
    os.chmod(work, 0o700)
    (work / "source").mkdir()
    (work / "state").mkdir(mode=0o700)
    environment = dict(os.environ, OMNI_API_KEY=secrets.token_hex(24))
    subprocess.run([fake_binary, "--make-pki", work / "pki"], check=True, stdout=subprocess.DEVNULL)
    (work / "seed.json").write_text(json.dumps([{"userName": OWNER, "displayName": "Soak Admin", "owner": True}]))
    fake_log = open(work / "fake-omni.log", "w")
    fake = subprocess.Popen([fake_binary, "--cert-dir", work / "pki", "--org-key-env", "OMNI_API_KEY",
                             "--seed", work / "seed.json", "--rate", "600/60000",
                             "--fault-phases", str(phase_seconds), "--rng-seed", str(arguments.seed)],
                            env=environment, stdout=subprocess.PIPE, stderr=fake_log, text=True)
    base_url = re.match(r"listening on (\S+)", fake.stdout.readline()).group(1)
    metrics_port = free_port()
    write_config(work, base_url, metrics_port)
    population = Population(rng, 150)
    population.write(work / "source")

    daemon_log = open(work / "daemon.log", "w")
    daemon = subprocess.Popen([daemon_binary, "--config", work / "config.yaml", "run"], env=environment,
                              stdout=daemon_log, stderr=subprocess.STDOUT)
    sampler = Sampler(daemon.pid, f"http://127.0.0.1:{metrics_port}/metrics")
    sampler.start()
    print(f"soak: {duration:.0f} s; fault phases of {phase_seconds} s; the source rewritten every {step_seconds} s; "
          f"work in {work}", flush=True)

    failures = []
    started = time.monotonic()
    next_hup = started + rng.uniform(15, 30)
    hups = steps = 0
    while time.monotonic() - started < duration:
        time.sleep(step_seconds)
        if daemon.poll() is not None:
            failures.append(f"the daemon exited with status {daemon.returncode} during the run")
            break
        population.step()
        population.write(work / "source")
        steps += 1
        if time.monotonic() >= next_hup:
            daemon.send_signal(signal.SIGHUP)
            hups += 1
            next_hup = time.monotonic() + rng.uniform(15, 30)
    driven = time.monotonic() - started

    # Calm for good, then the daemon must bring Omni to the last source.
    fake.send_signal(signal.SIGUSR1)
    converged_after = None
    left = ["not checked"]
    deadline = time.monotonic() + 180
    while not failures and time.monotonic() < deadline:
        left = differences(population, base_url, work / "pki" / "ca.pem")
        if not left:
            converged_after = time.monotonic() - started - driven
            break
        time.sleep(2)
    if not failures and converged_after is None:
        failures.append("no convergence within 180 s of the calm:\n    " + "\n    ".join(left))
    time.sleep(3)   # a few idle samples after convergence
    sampler.stop.set()
    sampler.join()
    if daemon.poll() is None:
        daemon.send_signal(signal.SIGTERM)
        try:
            status = daemon.wait(timeout=30)
            if status != 0:
                failures.append(f"the daemon exited with status {status} on SIGTERM")
        except subprocess.TimeoutExpired:
            daemon.kill()
            failures.append("the daemon did not stop within 30 s of SIGTERM")
    requests = fetch_json(base_url + "/_fake/requests", work / "pki" / "ca.pem")
    fake.terminate()
    fake.wait(timeout=30)

    samples = sampler.samples
    warm_up = max(30.0, 0.2 * driven)
    span = max(10.0, 0.1 * driven)
    after_warm_up = window(samples, warm_up, warm_up + span)
    at_end = window(samples, samples[-1][0] - span, samples[-1][0] + 1) if samples else []
    if not after_warm_up or not at_end:
        failures.append("too few samples to compare")
        rss_growth = 0.0
        rss_base = rss_end = fd_base = fd_end = 0
    else:
        rss_base = statistics.median(s[1] for s in after_warm_up)
        rss_end = statistics.median(s[1] for s in at_end)
        rss_growth = rss_end / rss_base - 1
        fd_base = min(s[2] for s in after_warm_up)
        fd_end = min(s[2] for s in at_end)
        if rss_growth > RSS_GROWTH_LIMIT:
            failures.append(f"resident memory grew by {rss_growth:.1%} after warm-up (limit {RSS_GROWTH_LIMIT:.0%})")
        if fd_end > fd_base:
            first = fewest_descriptors(samples, warm_up, warm_up + span)
            last = fewest_descriptors(samples, samples[-1][0] - span, samples[-1][0] + 1)
            failures.append(f"descriptors other than sockets grew: at least {fd_base} after warm-up, {fd_end} at the end "
                            f"(by kind: {descriptor_kinds(sampler.listings[first])} -> "
                            f"{descriptor_kinds(sampler.listings[last])})")
        most_sockets = max(s[5] for s in window(samples, warm_up, samples[-1][0] + 1))
        if most_sockets > SOCKET_CAP:
            failures.append(f"{most_sockets} sockets open at once after warm-up (cap {SOCKET_CAP})")
    names = [s[4] for s in samples if s[4] is not None]
    log_lines = (work / "daemon.log").read_text(errors="replace").splitlines()
    statuses = {}
    for request in requests:
        key = "dropped" if request["dropped"] else str(request["status"])
        statuses[key] = statuses.get(key, 0) + 1
    cycles_finished = sum(1 for line in log_lines if "cycle finished" in line)
    cycles_failed = sum(1 for line in log_lines if "cycle failed" in line)

    print(f"soak: driven {driven:.0f} s: {steps} source rewrites, {hups} SIGHUPs, {population.generation} "
          f"attribute keys of new people, {len(population.people)} people at the end")
    print(f"soak: Omni saw {len(requests)} requests: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"soak: {cycles_finished} cycles finished, {cycles_failed} failed (in the bad weather, as they may)")
    print(f"soak: converged {converged_after:.1f} s after the calm" if converged_after is not None else
          "soak: did not converge")
    if samples:
        print(f"soak: resident memory after warm-up {rss_base / 1024:.1f} MiB, at the end {rss_end / 1024:.1f} MiB "
              f"({rss_growth:+.1%}); peak {max(s[1] for s in samples) / 1024:.1f} MiB")
        print(f"soak: descriptors other than sockets: fewest after warm-up {fd_base}, fewest at the end {fd_end}, "
              f"most {max(s[2] for s in samples)}; sockets {min(s[5] for s in samples)}..{max(s[5] for s in samples)} "
              f"(cap {SOCKET_CAP}); threads {min(s[3] for s in samples)}..{max(s[3] for s in samples)}")
    if names:
        print(f"soak: attribute names held: {min(names)}..{max(names)}, {names[-1]} at the end "
              f"(the source used {population.generation + 3} over the run)")
    print(f"soak: daemon log: {len(log_lines)} lines ({len(log_lines) / max(1.0, samples[-1][0] if samples else 1) * 60:.0f} a minute)")
    if arguments.samples:
        with open(arguments.samples, "w") as out:
            out.write("seconds,rss_kb,descriptors_not_sockets,sockets,threads,attribute_names\n")
            for s in samples:
                out.write(f"{s[0]:.1f},{s[1]},{s[2]},{s[5]},{s[3]},{'' if s[4] is None else s[4]}\n")
    if arguments.plot and samples:
        svg_plot(samples, arguments.plot)
    if failures:
        print("soak: FAILED\n  " + "\n  ".join(failures) + f"\n  (logs kept in {work})")
        return 1
    subprocess.run(["rm", "-rf", str(work)], check=False)
    print("soak: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
