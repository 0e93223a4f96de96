"""Plain-text (Markdown) rendering of an evaluation report dict."""

from __future__ import annotations

from typing import Any

__all__ = ["format_report"]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _prf_row(name: str, prf: dict[str, Any]) -> str:
    return (
        f"| {name} | {prf['gold']} | {prf['predicted']} | {prf['tp']} | {_pct(prf['precision'])} "
        f"| {_pct(prf['recall'])} | {_pct(prf['f1'])} |"
    )


_HEAD = "| | gold | predicted | matched | P % | R % | F1 % |\n|---|---:|---:|---:|---:|---:|---:|"


def format_report(report: dict[str, Any], *, types: bool = False) -> str:
    lines = [
        f"messages: {report['messages']}, protected levels: {','.join(report['protected_levels'])}",
        "",
        _HEAD,
    ]
    lines.append(_prf_row("strict (text + level)", report["strict"]))
    lines.append(_prf_row("text only", report["text"]))
    lines.append(_prf_row("structured types", report["structured"]))
    for level, prf in report["by_level"].items():
        lines.append(_prf_row(level, prf))
    leak, over, sleak = report["leak"], report["over_masking"], report["structured_leak"]
    lines += [
        "",
        f"leak rate: {_pct(leak['rate'])} % ({leak['leaked']} of {leak['gold']} protected gold values still visible)",
        f"leak rate, structured types: {_pct(sleak['rate'])} % ({sleak['leaked']} of {sleak['gold']})",
        (
            f"over-masking: {over['count']} of {over['protected_predictions']} protected predictions overlap "
            f"no gold value ({_pct(over['rate'])} %)"
        ),
        f"negatives: {report['negatives']['with_predictions']} of {report['negatives']['messages']} have a prediction",
    ]
    if report.get("by_lang"):
        lines += [
            "",
            (
                "| lang | strict P % | strict R % | strict F1 % | structured P % | structured R % | leak % "
                "| structured leak % |"
            ),
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for lang, group in report["by_lang"].items():
            s, st = group["strict"], group["structured"]
            lines.append(
                f"| {lang} | {_pct(s['precision'])} | {_pct(s['recall'])} | {_pct(s['f1'])} | {_pct(st['precision'])} "
                f"| {_pct(st['recall'])} | {_pct(group['leak']['rate'])} | {_pct(group['structured_leak']['rate'])} |"
            )
    if types:
        lines += [
            "",
            "| type (text match) | gold | predicted | matched | P % | R % | F1 % |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for kind, prf in report["by_type"].items():
            lines.append(_prf_row(kind, prf))
    return "\n".join(lines) + "\n"
