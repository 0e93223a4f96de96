"""``memprivacy bench engine``: what mask and unmask cost per message, vault hit vs miss."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_TEMPLATES = (  # about 200 characters each, like a chat message to an assistant with memory
    "Hi, I'm moving to the new flat next week. My new email is {email} and my cell is {phone}; "
    "please update my contact card, remind me to tell the bank on Monday, and book the van for Saturday morning.",
    "我下个月换工作了，新手机号是{phone}，工作邮箱{email}也帮我记一下。下周三记得提醒我给房东转房租，"
    "周五晚上和老同学吃饭，餐厅订在公司附近那家川菜馆，大概七点钟到，别忘了提前一天确认一下人数和包间。",
    "The staging deploy key is {key} - store it in the project notes, and ping me at {email} when the "
    "nightly build finishes. If it fails again, open a ticket and assign it to the platform team.",
    "帮我记住：公司VPN账号是{email}，备用联系电话{phone}，明天上午十点和客户开会，别忘了带合同和发票。"
    "会后要把会议纪要整理好发给项目组所有人，顺便约一下下周的技术评审时间，最好安排在周二下午。",
)


def register(bench: Any) -> None:
    parser = bench.add_parser("engine", help="mask/unmask cost per message (vault hit and miss)")
    parser.add_argument("--n", type=int, default=2000, help="messages per measurement (default 2000)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--synchronous", default="NORMAL", help="SQLite synchronous pragma for the vault")
    from ..detectors._factory import add_detector_args

    add_detector_args(parser)
    parser.set_defaults(func=run)


def _messages(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            rng.choice(_TEMPLATES).format(
                email=f"user{seed}x{i}@example{rng.randint(1, 9)}.com",
                phone=f"+86 13{rng.randint(0, 9)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                key="sk-" + "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789") for _ in range(32)),
            )
        )
    return out


def _timed(fn: Callable[[str], Any], items: Sequence[str]) -> list[float]:
    times = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - t0)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "us_mean": statistics.fmean(times) * 1e6,
        "us_p50": ordered[len(ordered) // 2] * 1e6,
        "us_p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e6,
        "per_s": len(times) / sum(times),
    }


def run(args: argparse.Namespace) -> int:
    from ..detectors._factory import detector_from_args
    from ..engine import PrivacyEngine
    from ..vault._crypto import VaultKey
    from ..vault.sqlite import SQLiteVault

    detector = detector_from_args(args)
    with tempfile.TemporaryDirectory() as tmp:
        vault = SQLiteVault(Path(tmp) / "bench.sqlite3", key=VaultKey.generate(), synchronous=args.synchronous)
        engine = PrivacyEngine(detector=detector, vault=vault)
        warm = _messages(args.n, seed=1)
        fresh = _messages(args.n, seed=2)
        for text in warm[:50]:
            engine.mask(text, user_id="bench")
        results: dict[str, Any] = {}
        results["detect_only"] = _summary(_timed(lambda t: detector.detect([t]), warm))
        results["mask_miss"] = _summary(_timed(lambda t: engine.mask(t, user_id="bench"), warm))  # first sight: inserts
        results["mask_hit"] = _summary(_timed(lambda t: engine.mask(t, user_id="bench"), warm))  # same values again
        masked = [engine.mask(t, user_id="bench").text for t in fresh]
        results["unmask"] = _summary(_timed(lambda t: engine.unmask(t, user_id="bench"), masked))
        results["mask_hit_plus_unmask_us"] = results["mask_hit"]["us_mean"] + results["unmask"]["us_mean"]
        results["mask_miss_plus_unmask_us"] = results["mask_miss"]["us_mean"] + results["unmask"]["us_mean"]
        results["messages"] = args.n
        results["mean_chars"] = statistics.fmean(len(t) for t in warm)
        results["detector"] = type(detector).__name__
        results["synchronous"] = args.synchronous
        vault.close()
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{args.n} messages, mean {results['mean_chars']:.0f} chars, detector {results['detector']}, "
          f"SQLite synchronous={args.synchronous}")
    print(f"{'operation':<14}{'mean us':>10}{'p50 us':>10}{'p99 us':>10}{'msg/s':>10}")
    for name in ("detect_only", "mask_hit", "mask_miss", "unmask"):
        r = results[name]
        print(f"{name:<14}{r['us_mean']:>10.0f}{r['us_p50']:>10.0f}{r['us_p99']:>10.0f}{r['per_s']:>10.0f}")
    print(f"mask+unmask per message: {results['mask_hit_plus_unmask_us']:.0f} us (vault hit), "
          f"{results['mask_miss_plus_unmask_us']:.0f} us (vault miss)")
    print(f"vault share of a hit mask: {1 - results['detect_only']['us_mean'] / results['mask_hit']['us_mean']:.0%}")
    return 0
