"""Concurrency and crash harness for vaults, through the real engine.

.. code-block:: console

    python -m memprivacy_plugins.testing.stress concurrency --backend sqlite --seconds 60
    python -m memprivacy_plugins.testing.stress crash --backend postgres --dsn "$DSN" --kills 200

``concurrency``: P processes x T threads mask overlapping values of a few users into one
vault for a fixed time; then every (user, value) must have exactly one placeholder, each
placeholder one value, numbering per (user, type) exactly 1..N, and every placeholder a
caller got must restore. ``crash``: a writer process masks new values in a loop and
reports each placeholder (to a file it fsyncs) only after ``mask()`` returned; it is
killed with SIGKILL at a random moment, again and again; after every kill each reported
placeholder must still restore and the numbering must still be intact.

Both print a JSON report: operations, mappings, kills, and inconsistencies found.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..detectors.base import BaseDetector
from ..engine import PrivacyEngine
from ..spans import Span
from ..taxonomy import PrivacyLevel
from ..vault import PlaceholderVault, SQLiteVault, VaultKey

__all__ = ["PatternStressDetector", "VaultSpec", "check_vault", "main", "run_concurrency", "run_crash"]

USERS = ("alice", "bob", "carol")


@dataclass(frozen=True)
class VaultSpec:
    """How a child process opens the shared vault. The repr hides the DSN and the key."""

    backend: str  # "sqlite" or "postgres"
    target: str = field(repr=False)  # file path or DSN
    key: str = field(repr=False)  # VaultKey.to_string()
    table_prefix: str = "memprivacy"

    def open(self) -> PlaceholderVault:
        key = VaultKey.from_string(self.key)
        if self.backend == "sqlite":
            return SQLiteVault(self.target, key=key)
        from ..vault.postgres import PostgresVault

        return PostgresVault(self.target, key=key, table_prefix=self.table_prefix)


class PatternStressDetector(BaseDetector):
    """Finds the synthetic values this harness plants (one pattern per type)."""

    name = "stress-patterns"
    _PATTERNS = (
        (re.compile(r"\bp\d+[a-z0-9.-]*@example\.org\b"), "Email", PrivacyLevel.PL2),
        (re.compile(r"\+1 415 555 \d{4}\b"), "Phone Number", PrivacyLevel.PL2),
        (re.compile(r"\bID-\d{6}-[A-Z]\b"), "ID Number", PrivacyLevel.PL3),
        (re.compile(r"\bPW![0-9a-z-]+#"), "Password", PrivacyLevel.PL4),
    )

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        out: list[list[Span]] = []
        for text in texts:
            spans = [
                Span(m.group(), kind, level, m.start(), m.end(), self.name)
                for pattern, kind, level in self._PATTERNS
                for m in pattern.finditer(text)
            ]
            out.append(sorted(spans, key=lambda s: s.start or 0))
        return out


def make_value(i: int) -> str:
    """Synthetic private value number ``i``; types rotate; none is a substring of another."""
    kind = i % 4
    if kind == 0:
        return f"p{i:06d}@example.org"
    if kind == 1:
        return f"+1 415 555 {i % 10_000:04d}" if i < 10_000 else f"ID-{i:06d}-P"
    if kind == 2:
        return f"ID-{i:06d}-X"
    return f"PW!{i:06d}-k#"


def value_pool(size: int, start: int = 0) -> list[str]:
    return [make_value(i) for i in range(start, start + size)]


# -- consistency check ------------------------------------------------------------------


def check_vault(vault: PlaceholderVault, returned: Iterable[tuple[str, str, str]], users: Iterable[str]) -> Counter[str]:
    """Inconsistencies between what callers were given and what the vault holds."""
    problems: Counter[str] = Counter()
    given: dict[tuple[str, str], set[str]] = defaultdict(set)
    for user, placeholder, value in returned:
        given[(user, value)].add(placeholder)
    problems["value_with_two_placeholders"] += sum(1 for p in given.values() if len(p) > 1)
    stored: dict[tuple[str, str], str] = {}
    for user in set(users) | {u for u, _ in given}:
        entries = vault.export(user)
        placeholders = Counter(e.placeholder for e in entries)
        values = Counter(e.value for e in entries)
        problems["placeholder_with_two_values"] += sum(1 for c in placeholders.values() if c > 1)
        problems["value_stored_twice"] += sum(1 for c in values.values() if c > 1)
        numbers: dict[str, list[int]] = defaultdict(list)
        for e in entries:
            prefix, _, n = e.placeholder[1:-1].rpartition("_")
            numbers[prefix].append(int(n))
        for ns in numbers.values():
            if sorted(ns) != list(range(1, len(ns) + 1)):
                problems["numbering_gap_or_duplicate"] += 1
        stored.update({(user, e.value): e.placeholder for e in entries})
    by_user: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for (user, value), handed_out in given.items():
        for placeholder in handed_out:
            if stored.get((user, value)) != placeholder:
                problems["mapping_lost"] += 1
            by_user[user].append((placeholder, value, placeholder[1:-1].rpartition("_")[0].lower()))
    for user, rows in by_user.items():
        keys = [(prefix, int(p[1:-1].rpartition("_")[2])) for p, _, prefix in rows]
        restored = vault.resolve(user, keys)
        for (placeholder, value, _), key in zip(rows, keys):
            if restored.get(key) != value:
                problems["does_not_restore"] += 1
    return +problems


# -- concurrency ------------------------------------------------------------------------


_HOT = 60  # values every thread keeps re-masking
_FRESH_PER_SECOND = 150  # how fast the shared "new values" cursor moves


def _concurrency_worker(spec: VaultSpec, index: int, threads: int, seconds: float,
                        seed: int, ready: Any, start: Any, results: Any) -> None:
    engine = PrivacyEngine(detector=PatternStressDetector(), vault=spec.open())
    hot = value_pool(_HOT)
    counts: Counter[str] = Counter()
    returned: set[tuple[str, str, str]] = set()
    lock = threading.Lock()
    ready.put(index)
    start.wait()
    began = time.monotonic()
    deadline = began + seconds

    def run(thread_index: int) -> None:
        rng = random.Random(seed * 100_003 + index * 101 + thread_index)
        local: Counter[str] = Counter()
        seen: set[tuple[str, str, str]] = set()
        while time.monotonic() < deadline:
            user = rng.choice(USERS)
            # Every thread of every process reaches the same new values at about the same
            # moment, so creating one value's placeholder is raced as hard as possible.
            cursor = 1000 + int((time.monotonic() - began) * _FRESH_PER_SECOND)
            fresh = {make_value(cursor + rng.randint(0, 24)) for _ in range(rng.randint(0, 2))}
            text = "note: " + " | ".join(rng.sample(hot, rng.randint(1, 3)) + sorted(fresh))
            try:
                masked = engine.mask(text, user_id=user)
                local["mask"] += 1
                seen.update((user, p, s.original_text) for s, p in zip(masked.spans, masked.placeholders))
                if engine.unmask(masked.text, user_id=user) != text:
                    local["round_trip_mismatch"] += 1
                local["unmask"] += 1
            except Exception as exc:  # counted and reported; the run goes on
                local["error:" + type(exc).__name__] += 1
        with lock:
            counts.update(local)
            returned.update(seen)

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    engine.close()
    results.put((index, dict(counts), sorted(returned)))


def run_concurrency(spec: VaultSpec, *, processes: int = 4, threads: int = 8, seconds: float = 5.0,
                    seed: int = 0) -> dict[str, Any]:
    """Run the concurrency workload and check the vault. Returns the report."""
    spec.open().close()  # create the schema once, before the workers race
    ctx = multiprocessing.get_context("spawn")
    ready, results, start = ctx.Queue(), ctx.Queue(), ctx.Event()
    workers = [
        ctx.Process(target=_concurrency_worker,
                    args=(spec, i, threads, seconds, seed, ready, start, results), daemon=True)
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=120)
    started = time.monotonic()
    start.set()
    counts: Counter[str] = Counter()
    returned: list[tuple[str, str, str]] = []
    for _ in workers:
        _, worker_counts, worker_returned = results.get(timeout=seconds + 300)
        counts.update(worker_counts)
        returned.extend(tuple(r) for r in worker_returned)
    elapsed = time.monotonic() - started
    for worker in workers:
        worker.join(timeout=60)
    with spec.open() as vault:
        problems = check_vault(vault, returned, USERS)
        mappings = sum(len(vault.export(u)) for u in USERS)
    problems.update({k: v for k, v in counts.items() if k == "round_trip_mismatch"})
    errors = {k[6:]: v for k, v in counts.items() if k.startswith("error:")}
    return {
        "backend": spec.backend,
        "processes": processes,
        "threads": threads,
        "seconds": round(elapsed, 2),
        "mask_calls": counts["mask"],
        "unmask_calls": counts["unmask"],
        "operations": counts["mask"] + counts["unmask"],
        "ops_per_second": round((counts["mask"] + counts["unmask"]) / elapsed, 1),
        "mappings": mappings,
        "errors": errors,
        "inconsistencies": sum(problems.values()),
        "inconsistency_kinds": dict(problems),
    }


# -- crash safety -----------------------------------------------------------------------


def _crash_writer(spec: VaultSpec, report: Path, round_no: int, ready_fd: int, old_values: list[str]) -> None:
    """Mask forever; report each placeholder only after mask() returned, fsynced."""
    engine = PrivacyEngine(detector=PatternStressDetector(), vault=spec.open())
    fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    rng = random.Random(round_no)
    os.write(ready_fd, b"r")
    i = 0
    while True:
        user = USERS[i % len(USERS)]
        fresh = [f"p{round_no}x{i}x{k}@example.org" for k in range(rng.randint(1, 3))]
        text = "new: " + " | ".join(fresh + rng.sample(old_values, 2))
        masked = engine.mask(text, user_id=user)
        lines = "".join(
            json.dumps([user, p, s.original_text]) + "\n" for s, p in zip(masked.spans, masked.placeholders)
        )
        os.write(fd, lines.encode("utf-8"))
        os.fsync(fd)
        os.write(ready_fd, b"m")  # one more mask returned and reported
        i += 1


def _read_reports(directory: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for path in sorted(directory.glob("round-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.endswith("\n"):  # a torn last line was never fully reported
                user, placeholder, value = json.loads(line)
                rows.append((user, placeholder, value))
    return rows


def run_crash(spec: VaultSpec, *, kills: int = 50, max_delay: float = 0.15, seed: int = 0,
              report_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Kill a writer with SIGKILL ``kills`` times at random moments; check after each kill."""
    if not hasattr(os, "fork"):
        raise RuntimeError("the crash harness needs os.fork (POSIX)")
    rng = random.Random(seed)
    old_values = value_pool(40)
    with spec.open() as vault:  # seed some known values, and the schema
        engine = PrivacyEngine(detector=PatternStressDetector(), vault=vault)
        for user in USERS:
            engine.mask(" ".join(old_values), user_id=user)
    directory = Path(report_dir or tempfile.mkdtemp(prefix="memprivacy-crash-"))
    directory.mkdir(parents=True, exist_ok=True)
    survived = 0
    killed_mid_run = 0
    rounds_after_a_mask = 0
    failures: Counter[str] = Counter()
    checked = 0
    started = time.monotonic()
    for round_no in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer: never returns
            status = 1
            try:
                os.close(read_fd)
                _crash_writer(spec, directory / f"round-{round_no:04d}.jsonl", round_no, write_fd, old_values)
            except BaseException:
                status = 2
            finally:
                os._exit(status)
        os.close(write_fd)
        got_ready = os.read(read_fd, 1) == b"r"
        # Let a random number of masks complete, then kill at a random moment after that.
        target, done = rng.randint(0, 3), 0
        while got_ready and done < target and os.read(read_fd, 1) == b"m":
            done += 1
        rounds_after_a_mask += 1 if done else 0
        time.sleep(rng.uniform(0, max_delay))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
        os.close(read_fd)
        if got_ready and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed_mid_run += 1
        else:
            failures["writer_died_before_the_kill"] += 1
        returned = _read_reports(directory)
        checked = len(returned)
        with spec.open() as vault:
            problems = check_vault(vault, returned, USERS)
        if problems:
            failures.update(problems)
        else:
            survived += 1
    return {
        "backend": spec.backend,
        "kills": kills,
        "killed_while_masking": killed_mid_run,
        "kills_survived": survived,
        "placeholders_reported": checked,
        "rounds_with_a_mask_done_before_the_kill": rounds_after_a_mask,
        "seconds": round(time.monotonic() - started, 2),
        "inconsistencies": sum(v for k, v in failures.items() if k != "writer_died_before_the_kill"),
        "inconsistency_kinds": dict(failures),
    }


# -- command line -----------------------------------------------------------------------


def _spec_from_args(args: argparse.Namespace, workdir: Path) -> VaultSpec:
    key = VaultKey.generate().to_string()
    if args.backend == "sqlite":
        return VaultSpec("sqlite", str(workdir / "vault.sqlite3"), key)
    dsn = args.dsn or os.environ.get("MEMPRIVACY_TEST_PG_DSN")
    if not dsn:
        raise SystemExit("--backend postgres needs --dsn or $MEMPRIVACY_TEST_PG_DSN (see scripts/postgres.sh)")
    return VaultSpec("postgres", dsn, key, table_prefix=f"stress_{os.getpid()}_{int(time.time())}")


def _drop(spec: VaultSpec) -> None:
    if spec.backend == "postgres":
        from ..vault.postgres import PostgresVault

        vault = spec.open()
        assert isinstance(vault, PostgresVault)
        vault.drop_tables()
        vault.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m memprivacy_plugins.testing.stress", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    for name in ("concurrency", "crash"):
        p = sub.add_parser(name)
        p.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
        p.add_argument("--dsn", help="PostgreSQL DSN (default $MEMPRIVACY_TEST_PG_DSN)")
        p.add_argument("--seed", type=int, default=0)
    sub.choices["concurrency"].add_argument("--seconds", type=float, default=10.0)
    sub.choices["concurrency"].add_argument("--processes", type=int, default=4)
    sub.choices["concurrency"].add_argument("--threads", type=int, default=8)
    sub.choices["crash"].add_argument("--kills", type=int, default=50)
    sub.choices["crash"].add_argument("--max-delay", type=float, default=0.15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="memprivacy-stress-") as tmp:
        spec = _spec_from_args(args, Path(tmp))
        try:
            if args.mode == "concurrency":
                report = run_concurrency(spec, processes=args.processes, threads=args.threads,
                                         seconds=args.seconds, seed=args.seed)
            else:
                report = run_crash(spec, kills=args.kills, max_delay=args.max_delay, seed=args.seed,
                                   report_dir=Path(tmp) / "reports")
        finally:
            _drop(spec)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0 if report["inconsistencies"] == 0 and not report.get("errors") else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
