"""``memprivacy bench detect``: rules detector speed against Presidio's pattern recognizers, same run.

Three systems, one message at a time, taking turns every 50 messages so that machine
load hits all of them alike:

* ``rules``: ``RulesDetector().detect([text], user_name=...)``;
* ``engine``: ``PrivacyEngine(RulesDetector(), SQLiteVault(<temp file>)).mask(text, user_id=...)``,
  detection plus placeholder assignment in an encrypted SQLite vault;
* ``presidio``: ``AnalyzerEngine.analyze(text, language="en")`` with only the predefined
  recognizers that are ``PatternRecognizer`` subclasses (Presidio's default English set,
  minus NLP-based and non-pattern ones such as ``SpacyRecognizer`` and ``PhoneRecognizer``),
  and Presidio's own ``NoOpNlpEngine``, so no spaCy model is loaded. tldextract (used by
  Presidio's email recognizer) is pointed at its bundled suffix list so no download is tried.

Each message's time is its median over the rounds (a call the scheduler preempted does
not count); messages per second is the number of messages over the sum of those times.
Ratios are throughput ratios within this run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..eval.dataset import Example, load_dataset

DEFAULT_DATA = Path("data/dev/dev.jsonl")


def register(bench: Any) -> None:
    parser = bench.add_parser(
        "detect",
        help="rules detector and PrivacyEngine.mask throughput vs Presidio pattern recognizers",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        metavar="PATH",
        help=f"messages in the DATASET.md format (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, metavar="N", help="interleaved rounds over the data (default 5)"
    )
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N messages")
    parser.add_argument(
        "--only",
        choices=("all", "negatives", "positives"),
        default="all",
        help="messages without gold spans (negatives), with some (positives), or all (default)",
    )
    parser.add_argument("--no-presidio", action="store_true", help="skip the Presidio baseline")
    parser.add_argument("--no-engine", action="store_true", help="skip PrivacyEngine.mask")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall time (default), or this thread's CPU time: steadier on a busy machine",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def presidio_pattern_analyzer() -> tuple[Callable[[str], Any], list[str]]:
    """Presidio's default English registry restricted to PatternRecognizers, on its no-op NLP engine."""
    import logging

    import tldextract.tldextract as tx
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine.no_op_nlp_engine import NoOpNlpEngine

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    tx.TLD_EXTRACTOR = tx.TLDExtract(suffix_list_urls=())  # bundled public suffix list, offline
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no-op"}])
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    registry.recognizers = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    names = sorted({type(r).__name__ for r in registry.recognizers})
    return (lambda text: analyzer.analyze(text, language="en")), names


_CHUNK = 50


def _measure_round(
    systems: dict[str, Callable[[Example], Any]], examples: Sequence[Example], clock: Callable[[], int]
) -> dict[str, list[int]]:
    """One pass over the messages, 50 at a time through each system in turn: short enough
    that a burst of load on the machine hits all systems alike, long enough that each
    runs with its own code and data in the CPU caches, as it would in production."""
    out: dict[str, list[int]] = {name: [] for name in systems}
    for lo in range(0, len(examples), _CHUNK):
        chunk = examples[lo : lo + _CHUNK]
        for name, fn in systems.items():
            sink = out[name]
            for ex in chunk:
                start = clock()
                fn(ex)
                sink.append(clock() - start)
    return out


def _per_message_median(rounds: list[list[int]]) -> list[int]:
    """Each message's median time over the rounds: a preempted call does not count."""
    return [int(statistics.median(times)) for times in zip(*rounds)]


def _summary(ns: list[int]) -> dict[str, float]:
    total = sum(ns) / 1e9
    ordered = sorted(ns)
    return {
        "messages": len(ns),
        "messages_per_s": round(len(ns) / total, 1) if total else float("inf"),
        "p50_us": round(ordered[len(ordered) // 2] / 1e3, 1),
        "p99_us": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] / 1e3, 1),
        "mean_us": round(statistics.fmean(ns) / 1e3, 1),
    }


def run(args: argparse.Namespace) -> int:
    from ..cli._common import CliError
    from ..detectors.rules import RulesDetector

    if not args.data.exists():
        raise CliError(f"no data at {args.data}: run from the repository root or pass --data")
    examples = load_dataset(args.data, require_spans=False)
    if args.only != "all":
        examples = [ex for ex in examples if bool(ex.spans) == (args.only == "positives")]
    if args.limit:
        examples = examples[: args.limit]
    if not examples or args.rounds < 1:
        raise CliError("nothing to measure: need messages and --rounds >= 1")

    detector = RulesDetector()
    systems: dict[str, Callable[[Example], Any]] = {
        "rules": lambda ex: detector.detect([ex.text], user_name=ex.user_name),
    }
    notes: dict[str, Any] = {}
    tmp = tempfile.TemporaryDirectory()
    vault = None
    if not args.no_engine:
        from ..engine import PrivacyEngine
        from ..vault import SQLiteVault, VaultKey

        vault = SQLiteVault(Path(tmp.name) / "bench.sqlite3", key=VaultKey.generate())
        engine = PrivacyEngine(detector=RulesDetector(), vault=vault)
        systems["engine"] = lambda ex: engine.mask(ex.text, user_id="bench", user_name=ex.user_name)
    if not args.no_presidio:
        try:
            analyze, names = presidio_pattern_analyzer()
        except ImportError:
            notes["presidio"] = "not installed (pip install presidio-analyzer); baseline skipped"
        else:
            systems["presidio"] = lambda ex: analyze(ex.text)
            notes["presidio_recognizers"] = names
    try:
        for fn in systems.values():  # warm caches, compile regexes, create vault rows
            for ex in examples[:20]:
                fn(ex)
        clock = time.thread_time_ns if args.clock == "cpu" else time.perf_counter_ns
        times: dict[str, list[list[int]]] = {name: [] for name in systems}
        for _ in range(args.rounds):
            for name, ns in _measure_round(systems, examples, clock).items():
                times[name].append(ns)
    finally:
        if vault is not None:
            vault.close()
        tmp.cleanup()

    results: dict[str, Any] = {name: _summary(_per_message_median(rounds)) for name, rounds in times.items()}
    if "presidio" in results:
        base = results["presidio"]["messages_per_s"]
        for name in ("rules", "engine"):
            if name in results:
                results[name]["x_presidio"] = round(results[name]["messages_per_s"] / base, 1)
    report = {
        "data": str(args.data),
        "messages": len(examples),
        "rounds": args.rounds,
        "clock": args.clock,
        "only": args.only,
        "mean_chars": round(statistics.fmean(len(ex.text) for ex in examples), 1),
        "results": results,
        **notes,
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(
        f"{report['messages']} messages ({args.only}) x {args.rounds} rounds from {args.data} "
        f"(mean {report['mean_chars']} chars, {args.clock} clock)"
    )
    print("| system | messages/s | p50 µs | p99 µs | x Presidio |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results.items():
        ratio = r.get("x_presidio", 1.0 if name == "presidio" else "-")
        print(f"| {name} | {r['messages_per_s']:,.0f} | {r['p50_us']} | {r['p99_us']} | {ratio} |")
    if "presidio_recognizers" in notes:
        print("presidio recognizers: " + ", ".join(notes["presidio_recognizers"]))
    if "presidio" in notes:
        print("presidio: " + notes["presidio"])
    return 0
