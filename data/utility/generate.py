"""Generate the bilingual memory-QA set for ``memprivacy bench utility`` (deterministic, seeded).

    python data/utility/generate.py            # writes data/utility/memory_qa.jsonl
    python data/utility/generate.py --check    # exit 1 if the committed file is stale

One persona per line: ``id``, ``lang``, ``user_name``, ``messages`` (``id``, ``text``, ``values``:
the private values the generator put in that message, as ``original_text``/``privacy_type``/
``privacy_level``) and ``questions`` (``id``, ``question``, ``answer``, ``evidence``: the id of
the one message that holds the answer, ``answer_type``, ``kind``: ``value`` for identifiers,
codes and contacts, ``fact`` for semantic facts). Every answer occurs in its evidence message
and in no other message of that persona. Personas alternate en/zh so that a prefix of the file
is bilingual.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _facts_en
import _facts_zh
import _profiles
from _catalog import CATEGORIES, Fact

DEFAULT_OUT = HERE / "memory_qa.jsonl"
DEFAULT_SEED = 20260510
PERSONAS_PER_LANG = 12
FACTS_PER_PERSONA = 28
FILLERS_PER_PERSONA = 14
VALUE_QUESTIONS = 6
FACT_QUESTIONS = 2

_CATALOGS = {"en": (_facts_en.FACTS, _facts_en.FILLERS), "zh": (_facts_zh.FACTS, _facts_zh.FILLERS)}
_INTRO = {"en": "Hi! I'm {name}, I'll use you to keep track of my stuff.", "zh": "你好，我是{name}，以后帮我记点事情。"}


def _level(privacy_type: str) -> str:
    from memprivacy_plugins.taxonomy import level_of

    level = level_of(privacy_type)
    if level is None:
        raise ValueError(f"unknown privacy type in a template: {privacy_type}")
    return level.value


def _choose_facts(rng: random.Random, facts: Sequence[Fact], profile: dict[str, Any]) -> list[Fact]:
    eligible = [f for f in facts if f.when(profile)]
    chosen: list[Fact] = []
    for category in CATEGORIES:  # every category at least twice, so each persona is broad
        pool = [f for f in eligible if f.category == category]
        chosen += rng.sample(pool, min(2, len(pool)))
    rest = [f for f in eligible if f not in chosen]
    chosen += rng.sample(rest, FACTS_PER_PERSONA - len(chosen))
    return chosen


def _render(rng: random.Random, fact: Fact, profile: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    values = {name: s.make(rng, profile) for name, s in fact.slots.items()}
    text = rng.choice(fact.messages).format(**values)
    question = rng.choice(fact.questions).format(**values)
    return text, question, values


def _persona(lang: str, index: int, seed: int) -> dict[str, Any]:
    pid = f"{lang}-{index + 1:02d}"
    facts, fillers = _CATALOGS[lang]
    for attempt in range(50):
        rng = random.Random(f"{seed}/{pid}/{attempt}")
        profile = _profiles.make_profile(lang, index, rng)
        chosen = _choose_facts(rng, facts, profile)
        rendered = [(fact, *_render(rng, fact, profile)) for fact in chosen]
        items: list[tuple[str, list[dict[str, str]], Any]] = []
        for fact, text, question, values in rendered:
            spans = [
                {"original_text": values[name], "privacy_type": s.privacy_type, "privacy_level": _level(s.privacy_type)}
                for name, s in fact.slots.items()
                if s.privacy_type is not None and values[name] in text
            ]
            items.append((text, spans, (fact, question, values[fact.answer])))
        for filler in rng.sample(fillers, FILLERS_PER_PERSONA):
            items.append((filler, [], None))
        rng.shuffle(items)
        name = profile["full"]
        items.insert(0, (_INTRO[lang].format(name=name), [{"original_text": name, "privacy_type": "Real Name",
                                                             "privacy_level": "PL2"}], None))
        messages = [{"id": f"{pid}-m{i + 1:02d}", "text": t, "values": s} for i, (t, s, _) in enumerate(items)]
        questions = _questions(rng, pid, messages, [q for _, _, q in items])
        if questions is not None:
            return {"id": pid, "lang": lang, "user_name": name, "messages": messages, "questions": questions}
    raise RuntimeError(f"could not build {pid} with unique answers")


def _questions(rng: random.Random, pid: str, messages: list[dict[str, Any]], meta: list[Any]) -> list[dict[str, Any]] | None:
    """Pick the questions; None when some answer is not unique to its evidence message."""
    candidates = [(m, q) for m, q in zip(messages, meta) if q is not None]
    by_kind = {k: [c for c in candidates if c[1][0].kind == k] for k in ("value", "fact")}
    picked = rng.sample(by_kind["value"], VALUE_QUESTIONS) + rng.sample(by_kind["fact"], FACT_QUESTIONS)
    picked.sort(key=lambda c: c[0]["id"])
    out = []
    for n, (message, (fact, question, answer)) in enumerate(picked, 1):
        holders = [m["id"] for m in messages if answer in m["text"]]
        if holders != [message["id"]]:
            return None
        out.append({
            "id": f"{pid}-q{n}", "question": question, "answer": answer, "evidence": message["id"],
            "answer_type": fact.slots[fact.answer].privacy_type, "kind": fact.kind, "fact": fact.key,
        })
    return out


def generate(seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    personas = []
    for index in range(PERSONAS_PER_LANG):
        personas.append(_persona("en", index, seed))
        personas.append(_persona("zh", index, seed))
    return personas


def dumps(personas: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in personas)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    personas = generate(args.seed)
    text = dumps(personas)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python data/utility/generate.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(personas)} personas, {sum(len(p['messages']) for p in personas)} messages, "
          f"{sum(len(p['questions']) for p in personas)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
