"""Byte-identical check for rules-detector refactors (speed work must not change a prediction).

    python scripts/rules_snapshot.py save  /tmp/rules.snap   # before the change
    python scripts/rules_snapshot.py check /tmp/rules.snap   # after: exit 1 and show diffs if any

The corpus (about 14,000 messages) is the dev set, held-out set 1, the utility set's
messages and seeded variants of them (full-width digits, NBSP, case, en dashes, cut and
concatenated messages, other users' names). Held-out set 2 is left out on purpose: it
is for measuring, not for tuning.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> list[tuple[str, str | None]]:
    rng = random.Random(1234)
    base: list[tuple[str, str | None]] = []
    for name in ("dev.jsonl", "holdout.jsonl"):
        for line in (ROOT / "data/dev" / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            base.append((row["text"], row.get("user_name")))
    for line in (ROOT / "data/utility/memory_qa.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        base.extend((m["text"], row.get("user_name")) for m in row["messages"])
    names = sorted({u for _, u in base if u})
    full_width = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}

    def mutate(text: str) -> str:
        k = rng.random()
        if k < 0.2:
            return text.translate(full_width)
        if k < 0.3:
            return text.replace(" ", "\u00a0")
        if k < 0.4:
            return text.upper()
        if k < 0.5:
            return text.lower()
        if k < 0.6:
            return text.replace("-", "\u2013")
        if k < 0.7:
            return text[: rng.randrange(len(text) + 1)]
        if k < 0.8:
            return text.replace(":", "：").replace(",", "，")
        return text

    out = list(base)
    for _ in range(12000):
        a, user_a = rng.choice(base)
        b, user_b = rng.choice(base)
        sep = rng.choice([" ", "，", "\n", ". ", "；", ""])
        text = mutate(a + sep + b) if rng.random() < 0.6 else mutate(a)
        out.append((text, rng.choice([user_a, user_b, None, rng.choice(names)])))
    return out


def predictions(messages: list[tuple[str, str | None]]) -> list[list[list[object]]]:
    from memprivacy_plugins.detectors.rules import RulesDetector

    detector = RulesDetector()
    out = []
    for text, user in messages:
        [spans] = detector.detect([text], user_name=user)
        out.append([[s.start, s.end, s.privacy_type, s.privacy_level.value] for s in spans])
    return out


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "check"):
        print(__doc__)
        return 2
    mode, path = sys.argv[1], Path(sys.argv[2])
    messages = corpus()
    start = time.perf_counter()
    now = predictions(messages)
    print(f"{len(messages):,} messages in {time.perf_counter() - start:.1f} s")
    if mode == "save":
        path.write_text(json.dumps(now), encoding="utf-8")
        print(f"saved to {path}")
        return 0
    before = json.loads(path.read_text(encoding="utf-8"))
    diff = [i for i, (a, b) in enumerate(zip(now, before, strict=True)) if a != b]
    print(f"different: {len(diff)} of {len(messages):,}")
    for i in diff[:10]:
        print(f"  message {i}: now {now[i]}, was {before[i]}")  # offsets and types only, no values
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
