"""``memprivacy bench model``: what constraints, batching and the prefix cache do to latency.

One loaded model (``--model``, or a tiny random Qwen3 built in a temp dir) is wrapped in
several TransformersDetector configurations that share its weights:

* ``baseline``: the default path: JSON-schema constrained, prefix cache, batch 1;
* ``unconstrained``: no grammar (so what the constraint costs per token);
* ``no_prefix_cache``: the rules prompt prefilled again for every message;
* ``batch_8`` and ``batch_8_no_cache``: eight messages per ``generate()`` call.

Generation samples (temperature 1, seeded) up to ``--max-new-tokens``, so a random model
runs every reply to the same length and configurations compare like for like; the table
shows the generated tokens per message to check. Configurations run interleaved, round by
round, and each one's figure is its median round, so machine load hits all alike. Ratios
are against ``baseline`` in the same run. Replies are timed, not parsed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_MESSAGES = (
    "Hi, I'm Li Na. My new number is 138 0013 8000 and my email is li.na@example.com; update my contact card.",
    "我叫张伟，上周确诊了轻度抑郁，医生开了舍曲林。下周三上午十点复诊，记得提醒我。",
    "The staging DB is postgres://admin:Tr0ub4dor@10.0.3.7:5432/app - store it in the project notes.",
    "帮我给王建国发个消息，他住在朝阳区建国路88号3单元，电话139 1234 5678。",
    "Book the Hilton for me from May 3 to May 6, card 4111 1111 1111 1111, and tell my wife Sarah.",
    "验证码是482913，帮我填一下。顺便记住我的工号A10294，我在华为做产品经理。",
    "My daughter Emma (8) goes to Lincoln Elementary; pickup is at 3pm at the side gate.",
    "我每个月工资两万三，房贷还剩一百二十万，征信分数是720左右。",
)
_CONFIGS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("baseline", {"constrained": True, "prefix_cache": True, "batch_size": 1}),
    ("unconstrained", {"constrained": False, "prefix_cache": True, "batch_size": 1}),
    ("no_prefix_cache", {"constrained": True, "prefix_cache": False, "batch_size": 1}),
    ("batch_8", {"constrained": True, "prefix_cache": True, "batch_size": 8}),
    ("batch_8_no_cache", {"constrained": True, "prefix_cache": False, "batch_size": 8}),
)


def register(bench: Any) -> None:
    parser = bench.add_parser(
        "model",
        help="TransformersDetector latency: with/without constraints, batch 1 vs 8, prefix cache on/off",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--model", metavar="PATH_OR_ID", help="checkpoint (default: a random Qwen3 of --size, built now)")
    parser.add_argument("--size", choices=("tiny", "small", "1.7b"), default="tiny",
                        help="the random model built without --model: tiny (2 layers, hidden 64), small "
                             "(8 layers, hidden 512, about 25M parameters) or 1.7b (MemPrivacy-1.7B's "
                             "shape, vocabulary rows and bf16: for a GPU)")
    parser.add_argument("--device", help="torch device, e.g. cuda (default: where it loads)")
    parser.add_argument("--n", type=int, default=8, metavar="N", help="messages per round (default 8)")
    parser.add_argument("--rounds", type=int, default=3, metavar="N", help="interleaved rounds (default 3)")
    parser.add_argument("--max-new-tokens", type=int, default=64, metavar="N", help="reply length cap (default 64)")
    parser.add_argument("--threads", type=int, metavar="N", help="torch intra-op threads (default: torch's)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time (default) or process CPU time (steadier on a shared machine)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.n < 1 or args.rounds < 1 or args.max_new_tokens < 1:
        from ..cli._common import CliError

        raise CliError("--n, --rounds and --max-new-tokens must be at least 1")
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        model, tokenizer, label = _load(args, Path(tmp))
        results = _measure(model, tokenizer, args)
    results.update(model=label, torch_threads=torch.get_num_threads(), clock=args.clock, rounds=args.rounds)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print(results)
    return 0


def _load(args: argparse.Namespace, tmp: Path) -> tuple[Any, Any, str]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source, label = args.model, args.model
    if source is None:
        from ..detectors._model_tiny import SIZES, build_tiny_qwen3

        hidden, layers = SIZES[args.size][:2]
        source = str(build_tiny_qwen3(tmp / "model", size=args.size))
        label = f"{args.size} random Qwen3 ({layers} layers, hidden {hidden})"
    model = AutoModelForCausalLM.from_pretrained(source, dtype="auto")
    if args.device:
        model = model.to(args.device)
    model.eval()
    return model, AutoTokenizer.from_pretrained(source), label


def _measure(model: Any, tokenizer: Any, args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from ..detectors.transformers import TransformersDetector

    texts = [_MESSAGES[i % len(_MESSAGES)] for i in range(args.n)]
    sampling = {"do_sample": True, "temperature": 1.0, "top_k": 0, "top_p": 1.0}
    detectors = {
        name: TransformersDetector.from_transformers(
            model, tokenizer, max_new_tokens=args.max_new_tokens, generation_kwargs=sampling, **options
        )
        for name, options in _CONFIGS
    }
    prompts = [detectors["baseline"].prompt.render(t, "Li Na") for t in texts]
    clock: Callable[[], float] = time.perf_counter if args.clock == "wall" else time.process_time

    # The prefix prefill is paid once per detector: time it on its own, then warm every config
    # with one whole untimed round (on a GPU the first pass over new shapes ran 3x slower).
    started = clock()
    runner = detectors["baseline"]._ensure_runner()
    runner._ensure_prefix(prompts[0].prefix)
    prefill_s = clock() - started
    for detector in detectors.values():
        detector._generate(prompts)

    times: dict[str, list[float]] = {name: [] for name in detectors}
    tokens: dict[str, list[float]] = {name: [] for name in detectors}
    for round_no in range(args.rounds):
        for name, detector in detectors.items():
            torch.manual_seed(round_no)
            started = clock()
            replies = detector._generate(prompts)
            times[name].append((clock() - started) / len(prompts))
            tokens[name].append(statistics.fmean(r.tokens or 0 for r in replies))
    base = statistics.median(times["baseline"])
    configs = {}
    for name, _ in _CONFIGS:
        ms = statistics.median(times[name]) * 1e3
        configs[name] = {"ms_per_message": ms, "tokens_per_message": statistics.fmean(tokens[name]),
                         "speedup_vs_baseline": base * 1e3 / ms}
    return {
        "messages": len(prompts),
        "prompt_tokens_mean": statistics.fmean(len(runner.encode(p)) for p in prompts),
        "prefix_tokens": runner.cache_stats()["prefix_tokens"],
        "prefix_prefill_s": prefill_s,
        "configs": configs,
    }


def _print(results: dict[str, Any]) -> None:
    print(f"model: {results['model']}; torch threads {results['torch_threads']}; clock {results['clock']}; "
          f"{results['messages']} messages x {results['rounds']} rounds")
    print(f"prompt {results['prompt_tokens_mean']:.0f} tokens/message, of which the shared prefix "
          f"{results['prefix_tokens']}; prefilling the prefix once: {results['prefix_prefill_s'] * 1e3:.0f} ms")
    print(f"{'configuration':<18}{'ms/message':>12}{'tokens/msg':>12}{'ms/token':>10}{'vs baseline':>13}")
    for name, row in results["configs"].items():
        per_token = row["ms_per_message"] / row["tokens_per_message"] if row["tokens_per_message"] else float("nan")
        print(f"{name:<18}{row['ms_per_message']:>12.1f}{row['tokens_per_message']:>12.1f}{per_token:>10.1f}"
              f"{row['speedup_vs_baseline']:>12.2f}x")
