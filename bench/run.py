#!/usr/bin/env python3
"""Whole-program figures for BENCHMARKS.md: the real `tilskudd` on files, at 1 000,
10 000 and 100 000 generated applications, beside the sqlite3 command-line shell
answering the same lookup on the same data.

Run from the repository root: `bench/run.sh` (builds, installs sqlite3 if missing).
Prints a Markdown table. Every figure is the median of several runs.
"""

import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib

BIN = os.path.abspath("target/release/tilskudd")
SIZES = [int(s) for s in os.environ.get("SIZES", "1000 10000 100000").split()]
RUNS = int(os.environ.get("RUNS", "15"))
QUERY = "hamar"


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def timed(args, runs=RUNS):
    """Median wall time of `args` in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def to_sqlite(files, path):
    """The registry and applications as sqlite tables, indexed for the lookup."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE municipalities(number TEXT PRIMARY KEY, name TEXT, county TEXT, former_names TEXT);
        CREATE TABLE networks(id TEXT PRIMARY KEY, name TEXT, county TEXT);
        CREATE TABLE members(network TEXT, number TEXT);
        CREATE TABLE people(network TEXT, name TEXT, municipality TEXT, roles TEXT, email TEXT, share_email INT);
        CREATE TABLE applications(reference TEXT PRIMARY KEY, round TEXT, network TEXT, body TEXT);
        CREATE INDEX municipality_name ON municipalities(name COLLATE NOCASE);
        CREATE INDEX member_number ON members(number);
        CREATE INDEX people_network ON people(network);
        CREATE INDEX application_network ON applications(network);
        """
    )
    registry = os.path.join(files, "registry")
    for line in open(os.path.join(registry, "kommuner-2020.csv"), encoding="utf-8").read().splitlines()[1:]:
        number, name, county, former = (line.split(",") + [""] * 4)[:4]
        db.execute("INSERT OR REPLACE INTO municipalities VALUES (?,?,?,?)", (number, name, county, former))
    with open(os.path.join(registry, "generated-networks.toml"), "rb") as f:
        for network in tomllib.load(f)["network"]:
            db.execute("INSERT INTO networks VALUES (?,?,?)", (network["id"], network["name"], network["county"]))
            for number in network["members"]:
                db.execute("INSERT INTO members VALUES (?,?)", (network["id"], number))
            for person in network.get("person", []):
                db.execute(
                    "INSERT INTO people VALUES (?,?,?,?,?,?)",
                    (network["id"], person["name"], person["municipality"], ",".join(person["roles"]),
                     person.get("email"), int(person.get("share_email", False))),
                )
    apps = json.load(open(os.path.join(files, "applications", "generated-applications.json"), encoding="utf-8"))
    db.executemany(
        "INSERT INTO applications VALUES (?,?,?,?)",
        [(a["reference"], a["round"], a["network"], json.dumps(a, ensure_ascii=False)) for a in apps["applications"]],
    )
    db.commit()
    db.close()


SQL_LOOKUP = f"""
SELECT m.number, m.name, n.id, n.name, p.name, p.roles, CASE WHEN p.share_email THEN p.email END,
       (SELECT count(*) FROM applications a WHERE a.network = n.id)
FROM municipalities m
JOIN members mm ON mm.number = m.number
JOIN networks n ON n.id = mm.network
LEFT JOIN people p ON p.network = n.id
WHERE m.name LIKE '{QUERY}%' OR m.former_names LIKE '%{QUERY}%';
"""


def timed_with_peak(args, runs=5):
    """Median wall time (ms) and the largest peak RSS (MiB) of `args`, output discarded."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=True)
        times.append((time.perf_counter() - start) * 1000)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def sqlite_import_script(files, work):
    """The peer of `import applications`: the same rows as CSV (reference, round, network,
    lead municipality, the application's JSON), and a sqlite3 script that imports them
    durably (WAL, synchronous=FULL) into a table with the same keys and indexes."""
    apps = json.load(open(os.path.join(files, "applications", "generated-applications.json"), encoding="utf-8"))
    rows = os.path.join(work, "applications.csv")
    with open(rows, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for a in apps["applications"]:
            writer.writerow([a["reference"], a["round"], a["network"], a["lead_municipality"],
                             json.dumps(a, ensure_ascii=False)])
    script = os.path.join(work, "import.sql")
    with open(script, "w", encoding="utf-8") as out:
        out.write(f"""PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE applications(reference TEXT PRIMARY KEY, round TEXT, network TEXT, lead TEXT, body TEXT);
CREATE INDEX by_round ON applications(round, reference);
CREATE INDEX by_network ON applications(network);
CREATE INDEX by_lead ON applications(lead);
.mode csv
.import {rows} applications
""")
    return script


def largest_round(files):
    apps = json.load(open(os.path.join(files, "applications", "generated-applications.json"), encoding="utf-8"))
    counts = {}
    for a in apps["applications"]:
        counts[a["round"]] = counts.get(a["round"], 0) + 1
    return max(counts, key=counts.get)


def first_frame_and_memory(db):
    """The review screen in tmux: ms from start until the list is drawn, and peak RSS."""
    if not shutil.which("tmux"):
        return None, None
    mem = db + ".mem"
    socket = f"bench-{os.getpid()}"
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-x", "200", "-y", "60",
         f"/usr/bin/time -f %M -o {mem} {BIN} --db {db}"],
        check=True,
    )
    frame = None
    while time.perf_counter() - start < 30:
        screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True).stdout
        if "Saker" in screen:
            frame = (time.perf_counter() - start) * 1000
            break
        time.sleep(0.002)
    subprocess.run(["tmux", "-L", socket, "send-keys", "q"])
    for _ in range(500):
        if os.path.exists(mem) and open(mem).read().strip():
            break
        time.sleep(0.01)
    subprocess.run(["tmux", "-L", socket, "kill-server"], stderr=subprocess.DEVNULL)
    try:
        peak = int(open(mem).read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        peak = None
    return frame, peak


def tmux_until(socket, done, timeout=30):
    """Polls the tmux pane until `done(screen)`; the moment it was (perf_counter), or None."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True).stdout
        if done(screen):
            return time.perf_counter()
        time.sleep(0.001)
    return None


def typed_filter(db, network):
    """The review screen in tmux, started fresh: the keys of `/network:ID` sent at once
    the moment the list is drawn. Returns (ms until every key shows in the list's title,
    ms until the queue is whole), each the median of three starts."""
    if not shutil.which("tmux"):
        return None, None
    query = f"network:{network}"
    typed, whole = [], []
    for attempt in range(3):
        socket = f"bench-filter-{os.getpid()}-{attempt}"
        subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-x", "200", "-y", "60",
                        f"{BIN} --db {db}"], check=True)
        if tmux_until(socket, lambda s: "Saker" in s) is None:
            return None, None
        start = time.perf_counter()
        subprocess.run(["tmux", "-L", socket, "send-keys", "-l", "/" + query], check=True)
        shown = tmux_until(socket, lambda s: f"/ {query}" in s)
        done = tmux_until(socket, lambda s: f"/ {query}" in s and "søker" not in s)
        subprocess.run(["tmux", "-L", socket, "kill-server"], stderr=subprocess.DEVNULL)
        if shown is None or done is None:
            return None, None
        typed.append((shown - start) * 1000)
        whole.append((done - start) * 1000)
    return statistics.median(typed), statistics.median(whole)


def typed_less(path, network):
    """`less` on the same list in tmux: `/ID` and Enter sent at once; ms until the first
    match is at the top of the screen (median of three)."""
    if not shutil.which("tmux") or not shutil.which("less"):
        return None
    times = []
    for attempt in range(3):
        socket = f"bench-less-{os.getpid()}-{attempt}"
        subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-x", "200", "-y", "60",
                        f"less -S {path}"], check=True)
        tmux_until(socket, lambda s: s.strip() != "")
        start = time.perf_counter()
        subprocess.run(["tmux", "-L", socket, "send-keys", "-l", "/" + network], check=True)
        subprocess.run(["tmux", "-L", socket, "send-keys", "Enter"], check=True)
        found = tmux_until(socket, lambda s: network in s.splitlines()[0] if s.splitlines() else False)
        subprocess.run(["tmux", "-L", socket, "kill-server"], stderr=subprocess.DEVNULL)
        if found is None:
            return None
        times.append((found - start) * 1000)
    return statistics.median(times)


def sqlite_writes(path, clients=8, writes=300):
    """The peer of the server's durable writes: `clients` threads, each on its own
    connection to a WAL database with synchronous=FULL, each update its own commit."""
    import threading
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE IF NOT EXISTS checks(reference TEXT PRIMARY KEY, verdict TEXT)")
    setup.executemany("INSERT OR REPLACE INTO checks VALUES (?, 'open')", [(f"R-{i}",) for i in range(1000)])
    setup.commit()
    setup.close()

    def client(n):
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")
        for i in range(writes):
            db.execute("UPDATE checks SET verdict = ? WHERE reference = ?",
                       ("met" if i % 2 == 0 else "na", f"R-{(n * 7919 + i * 31) % 1000}"))
        db.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return clients * writes / (time.perf_counter() - start)


def main():
    rows = []
    imported = []
    lists = []
    filters = []
    for n in SIZES:
        work = tempfile.mkdtemp(prefix=f"tilskudd-bench-{n}-")
        files = os.path.join(work, "files")
        db = os.path.join(work, "bench.redb")
        networks = str(min(100, max(20, n // 1000)))
        run([BIN, "dev", "generate", "--networks", networks, "--applications", str(n), "--out", files])
        registry = [os.path.join(files, "registry", f) for f in sorted(os.listdir(os.path.join(files, "registry")))]
        rounds = [os.path.join(files, "rounds", f) for f in os.listdir(os.path.join(files, "rounds"))]
        apps = os.path.join(files, "applications", "generated-applications.json")
        run([BIN, "--db", db, "import", "registry", *registry])
        run([BIN, "--db", db, "import", "round", *rounds])
        base = db + ".base"
        shutil.copy(db, base)
        imports, peaks, sqlite_imports = [], [], []
        script = sqlite_import_script(files, work)
        peer = os.path.join(work, "peer.sqlite")
        # Ours and the peer's in turn, so a slow minute of the machine falls on both.
        for _ in range(3):
            shutil.copy(base, db)
            start = time.perf_counter()
            done = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, "--db", db, "import", "applications", apps],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
            imports.append(time.perf_counter() - start)
            peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
            for stale in (peer, peer + "-wal", peer + "-shm"):
                if os.path.exists(stale):
                    os.remove(stale)
            with open(script, encoding="utf-8") as commands:
                start = time.perf_counter()
                subprocess.run(["sqlite3", peer], stdin=commands, stdout=subprocess.DEVNULL, check=True)
                sqlite_imports.append(time.perf_counter() - start)
        import_s = statistics.median(imports)
        imported.append((n, import_s, max(peaks), statistics.median(sqlite_imports)))
        # On disk: the blocks the file takes, not its length. redb grows a file by
        # doubling it, and the room never written is a hole that takes no disk.
        size_ratio = os.stat(db).st_blocks * 512 / os.path.getsize(apps)
        status_ms = timed([BIN, "--db", db, "status"])
        lookup_ms = timed([BIN, "--db", db, "lookup", QUERY])
        sqlite_db = os.path.join(work, "bench.sqlite")
        to_sqlite(files, sqlite_db)
        sqlite_ms = timed(["sqlite3", sqlite_db, SQL_LOOKUP])
        frame_ms, peak_mib = first_frame_and_memory(db)
        rows.append((n, import_s, n / import_s, size_ratio, status_ms, lookup_ms, sqlite_ms, frame_ms, peak_mib))
        # Whole lists beside sqlite3 printing the same rows.
        round_id = largest_round(files)
        listing = timed_with_peak([BIN, "--db", db, "list", "--json"])
        sqlite_listing = timed_with_peak(["sqlite3", "-json", sqlite_db,
                                          "SELECT reference, round, network, json_extract(body, '$.title') AS title FROM applications ORDER BY reference"])
        export = timed_with_peak([BIN, "--db", db, "export", "--round", round_id, "--format", "csv"])
        sqlite_export = timed_with_peak(["sqlite3", "-csv", "-header", sqlite_db,
                                         f"SELECT reference, network, body FROM applications WHERE round = '{round_id}' ORDER BY reference"])
        lists.append((n, listing, sqlite_listing, export, sqlite_export))
        # A network filter typed on the largest round, beside `less` searching its list.
        in_round = sorted((a for a in json.load(open(apps, encoding="utf-8"))["applications"]
                           if a["round"] == round_id), key=lambda a: a["reference"])
        network = in_round[-1]["network"]
        listed = os.path.join(work, "list.txt")
        with open(listed, "w") as out:
            subprocess.run([BIN, "--db", db, "list", "--round", round_id], stdout=out, check=True)
        typed_ms, whole_ms = typed_filter(db, network)
        less_ms = typed_less(listed, network)
        filters.append((n, len(in_round), len(network) + 9, typed_ms, whole_ms, less_ms))
        shutil.rmtree(work, ignore_errors=True)
    print("| applications | import | applications/s | db on disk / JSON | status | lookup | sqlite3 lookup | first frame (tmux) | TUI peak RSS |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    fmt = lambda v, f: "–" if v is None else f.format(v)
    for n, imp, rate, ratio, status, lookup, sql, frame, peak in rows:
        print(f"| {n:,} | {imp * 1000:.0f} ms | {rate:,.0f} | {ratio:.2f}× | {status:.1f} ms | {lookup:.1f} ms "
              f"| {sql:.1f} ms | {fmt(frame, '{:.0f} ms')} | {fmt(peak, '{:.0f} MiB')} |".replace(",", " "))
    print()
    print("| applications | import | peak memory | sqlite3 `.import` (same keys and indexes, durable) | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n, ours, peak, peer in imported:
        print(f"| {n:,} | {ours * 1000:.0f} ms | {peak:.0f} MiB | {peer * 1000:.0f} ms | {ours / peer:.2f}× |".replace(",", " "))
    print()
    print("| applications | list --json | sqlite3 -json | export csv (largest round) | sqlite3 -csv |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n, (lt, lm), (st, sm), (et, em), (qt, qm) in lists:
        print(f"| {n:,} | {lt:.0f} ms, {lm:.0f} MiB | {st:.0f} ms, {sm:.0f} MiB | {et:.0f} ms, {em:.0f} MiB "
              f"| {qt:.0f} ms, {qm:.0f} MiB |".replace(",", " ", 1))
    print()
    print("| applications | cases in the round | keys | `/network:…` typed at once: all shown | queue whole | `less` `/…` |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, cases, keys, typed, whole, less in filters:
        print(f"| {n:,} | {cases:,} | {keys} | {fmt(typed, '{:.0f} ms')} | {fmt(whole, '{:.0f} ms')} "
              f"| {fmt(less, '{:.0f} ms')} |".replace(",", " "))
    print()
    with tempfile.TemporaryDirectory() as work:
        rate = sqlite_writes(os.path.join(work, "writes.sqlite"))
    rate = f"{rate:,.0f}".replace(",", " ")
    print(f"sqlite3 (WAL, synchronous=FULL), 8 connections × 300 updates, each its own commit: {rate} writes/s")
    print("tilskudd's own (the server, in process and through the socket): `cargo bench --bench server`, below.")


if __name__ == "__main__":
    sys.exit(main())
