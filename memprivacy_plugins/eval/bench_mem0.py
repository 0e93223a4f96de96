"""``memprivacy bench mem0``: what the Mem0 adapter adds to ``add`` and ``search`` (infer=False).

Two identical local Mem0 stores (MiniLM + Qdrant path + SQLite history), one used raw and
one through ``PrivateMemory``, get the same messages and queries in the same run,
interleaved (raw/wrapped, then wrapped/raw) so drift in machine load hits both. Reported:
per-op wall time of each, the end-to-end overhead ratio, and the adapter's own share
(wrapped time minus the time spent inside Mem0), which is steadier on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_TEMPLATES = (
    "Hi, I'm moving next week. My new email is {email} and my cell is {phone}; please update my contact card.",
    "我换手机号了，新号码是{phone}，邮箱{email}也要记一下。下周三记得提醒我给房东转房租。",
    "The staging deploy key is {key}, store it in the project notes and ping me when the build finishes.",
    "I prefer aisle seats, vegetarian meals and hotels close to the conference venue.",
    "帮我记住：明天上午十点和客户开会，别忘了带合同和发票。",
)
_QUERIES = (
    "what is my email address?",
    "how can you reach me by phone?",
    "which deploy key do we use for staging?",
    "我的新手机号是多少？",
    "what are my travel preferences?",
)


def register(bench: Any) -> None:
    parser = bench.add_parser("mem0", help="Mem0 add/search wall time, wrapped vs unwrapped (local, infer=False)")
    parser.add_argument("--n", type=int, default=100, help="messages added and queries run per side (default 100)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=7)
    from ..detectors._factory import add_detector_args

    add_detector_args(parser)
    parser.set_defaults(func=run)


def _messages(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789"
    return [
        rng.choice(_TEMPLATES).format(
            email=f"user{i}.{rng.randint(10, 99)}@example{rng.randint(1, 9)}.com",
            phone=f"+86 13{rng.randint(0, 9)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            key="sk-" + "".join(rng.choice(alphabet) for _ in range(32)),
        )
        for i in range(n)
    ]


class _MemoryClock:
    """Proxy that times every call into the wrapped Mem0 object."""

    def __init__(self, memory: Any) -> None:
        self._memory = memory
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._memory, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0

        return timed


def _stats(times: list[float]) -> dict[str, float]:
    return {
        "ms_mean": statistics.fmean(times) * 1e3,
        "ms_median": statistics.median(times) * 1e3,
        "ms_total": sum(times) * 1e3,
    }


def _interleaved(items: list[Any], raw: Callable[[Any], Any], wrapped: Callable[[Any], Any]) -> tuple[list[float], list[float]]:
    raw_t: list[float] = []
    wrapped_t: list[float] = []
    for i, item in enumerate(items):
        order = ((raw, raw_t), (wrapped, wrapped_t)) if i % 2 == 0 else ((wrapped, wrapped_t), (raw, raw_t))
        for fn, sink in order:
            t0 = time.perf_counter()
            fn(item)
            sink.append(time.perf_counter() - t0)
    return raw_t, wrapped_t


def run(args: argparse.Namespace) -> int:
    from ..cli._common import CliError

    if args.n < 1:
        raise CliError("--n must be at least 1")
    with tempfile.TemporaryDirectory(prefix="memprivacy-bench-mem0-") as tmp:
        root = Path(tmp)
        try:
            from memprivacy_mem0 import PrivateMemory
            from memprivacy_mem0.local import local_config, offline_environment
        except ImportError:
            raise CliError("memprivacy bench mem0 needs the Mem0 adapter: pip install 'memprivacy-mem0[local]'") from None
        offline_environment(root / "mem0-home")  # before mem0 is imported
        try:
            import logging

            from mem0 import Memory

            logging.getLogger("mem0").setLevel(logging.ERROR)
            raw_memory = Memory.from_config(local_config(root / "raw"))
            inner = Memory.from_config(local_config(root / "wrapped"))
        except ImportError as exc:
            raise CliError(f"memprivacy bench mem0 needs mem0ai and the local extra ({exc.name} is missing)") from None
        result = _measure(args, root, raw_memory, inner, PrivateMemory)
        for memory in (raw_memory, inner):
            memory.close()
            memory.vector_store.client.close()
    _report(result, as_json=args.json)
    return 0


def _measure(args: argparse.Namespace, root: Path, raw_memory: Any, inner: Any, private_cls: Any) -> dict[str, Any]:
    from ..detectors._factory import detector_from_args
    from ..engine import PrivacyEngine
    from ..vault._crypto import VaultKey
    from ..vault.sqlite import SQLiteVault

    engine = PrivacyEngine(
        detector=detector_from_args(args), vault=SQLiteVault(root / "vault.sqlite3", key=VaultKey.generate())
    )
    clock = _MemoryClock(inner)
    private = private_cls(clock, engine)
    user = {"user_id": "bench-user"}
    warm = _messages(6, seed=args.seed + 1)
    for text in warm:  # first calls load the model, compile patterns, create tables
        raw_memory.add(text, infer=False, **user)
        private.add(text, infer=False, **user)
        raw_memory.search(text, filters=user, top_k=5)
        private.search(text, filters=user, top_k=5)

    messages = _messages(args.n, seed=args.seed)
    queries = [_QUERIES[i % len(_QUERIES)] for i in range(args.n)]
    clock.seconds = 0.0
    add_raw, add_wrapped = _interleaved(
        messages, lambda m: raw_memory.add(m, infer=False, **user), lambda m: private.add(m, infer=False, **user)
    )
    add_inside = clock.seconds
    clock.seconds = 0.0
    search_raw, search_wrapped = _interleaved(
        queries,
        lambda q: raw_memory.search(q, filters=user, top_k=5),
        lambda q: private.search(q, filters=user, top_k=5),
    )
    search_inside = clock.seconds
    engine.close()

    out: dict[str, Any] = {"n": args.n, "detector": type(engine.detector).__name__, "ops": {}}
    for op, raw_t, wrapped_t, inside in (
        ("add", add_raw, add_wrapped, add_inside),
        ("search", search_raw, search_wrapped, search_inside),
    ):
        adapter_s = sum(wrapped_t) - inside
        out["ops"][op] = {
            "unwrapped": _stats(raw_t),
            "wrapped": _stats(wrapped_t),
            "overhead_ratio": sum(wrapped_t) / sum(raw_t) - 1.0,
            "overhead_ratio_median": statistics.median(wrapped_t) / statistics.median(raw_t) - 1.0,
            "adapter_ms_mean": adapter_s / len(wrapped_t) * 1e3,
            "adapter_share": adapter_s / sum(raw_t),
        }
    return out


def _report(result: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    print(f"Mem0 local (MiniLM + Qdrant path), infer=False, n={result['n']} per side, detector={result['detector']}")
    print(f"{'op':<7} {'unwrapped ms':>22} {'wrapped ms':>22} {'end-to-end':>11} {'adapter only':>22}")
    print(f"{'':<7} {'mean / median':>22} {'mean / median':>22} {'overhead':>11} {'ms/op (share)':>22}")
    for op, s in result["ops"].items():
        raw, wrapped = s["unwrapped"], s["wrapped"]
        print(
            f"{op:<7} {raw['ms_mean']:>12.2f} / {raw['ms_median']:>7.2f} {wrapped['ms_mean']:>12.2f} / "
            f"{wrapped['ms_median']:>7.2f} {s['overhead_ratio'] * 100:>+10.1f}% "
            f"{s['adapter_ms_mean']:>12.3f} ({s['adapter_share'] * 100:>5.2f}%)"
        )
    print("end-to-end = sum(wrapped)/sum(unwrapped) - 1 over interleaved calls; adapter only = wrapped time")
    print("outside Mem0's own calls (masking, vault, restore) relative to the unwrapped time. Target: <= 5%.")
