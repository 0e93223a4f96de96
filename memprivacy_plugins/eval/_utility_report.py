"""Render utility-benchmark results: a text table, a Markdown table, a grouped-bar PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

METRICS = ("recall@1", "recall@5", "answer_availability")
_LABELS = {
    "raw": "raw text",
    "typed": "typed <Phone_Number_1>",
    "untyped": "untyped <MASK_1>",
    "redacted": "[REDACTED]",
    "type_only": "type only <PHONE_NUMBER>",
}


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def text_table(report: dict[str, Any]) -> str:
    """A plain table: one row per setting, metrics in percent, per-language recall@5/availability."""
    langs = sorted(report.get("by_lang", {}))
    head = f"{'setting':<26}{'R@1':>7}{'R@5':>7}{'answer':>8}{'exposed':>9}"
    head += "".join(f"{f'R@5 {lg}':>9}{f'ans {lg}':>9}" for lg in langs)
    lines = [head, "-" * len(head)]
    for name, m in report["settings"].items():
        row = f"{_LABELS.get(name, name):<26}{_pct(m['recall@1']):>7}{_pct(m['recall@5']):>7}{_pct(m['answer_availability']):>8}"
        row += f"{_pct(report['exposure'][name]):>9}" if name in report.get("exposure", {}) else f"{'':>9}"
        for lg in langs:
            part = report["by_lang"][lg]["settings"][name]
            row += f"{_pct(part['recall@5']):>9}{_pct(part['answer_availability']):>9}"
        lines.append(row)
    lines.append(
        f"{report['questions']} questions, {report['personas']} personas, {report['messages']} messages; "
        f"backend {report['backend']}, detector {report['detector']}; values in %; "
        "exposed = private values still readable in what the backend stored"
    )
    return "\n".join(lines)


def markdown_table(report: dict[str, Any]) -> str:
    langs = sorted(report.get("by_lang", {}))
    cols = ["setting", "recall@1", "recall@5", "answer availability", "values exposed in store"]
    cols += [f"{c} ({lg})" for lg in langs for c in ("recall@5", "answer availability")]
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for name, m in report["settings"].items():
        cells = [f"`{name}`", *(f"{100 * m[k]:.1f}" for k in METRICS), f"{100 * report['exposure'].get(name, 0.0):.1f}"]
        for lg in langs:
            part = report["by_lang"][lg]["settings"][name]
            cells += [f"{100 * part['recall@5']:.1f}", f"{100 * part['answer_availability']:.1f}"]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def save_plot(report: dict[str, Any], path: Path) -> None:
    """Grouped bars per setting: recall@1, recall@5, answer availability, and stored exposure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(report["settings"])
    series = [(m, [report["settings"][n][m] for n in names]) for m in METRICS]
    series.append(("values exposed in store (lower = more private)", [report["exposure"].get(n, 0.0) for n in names]))
    colors = ("#9ecae1", "#3182bd", "#e6550d", "#bdbdbd")
    width = 0.2
    fig, ax = plt.subplots(figsize=(10, 4.8), dpi=120)
    for i, ((label, values), color) in enumerate(zip(series, colors)):
        xs = [j + (i - 1.5) * width for j in range(len(names))]
        bars = ax.bar(xs, [100 * v for v in values], width, label=label.replace("_", " "), color=color,
                      hatch="//" if i == 3 else None, edgecolor="white" if i < 3 else "#636363")
        ax.bar_label(bars, labels=[f"{100 * v:.0f}" for v in values], fontsize=7, padding=1)
    ax.set_xticks(range(len(names)), [_LABELS.get(n, n) for n in names], fontsize=9)
    ax.set_ylim(0, 112)
    ax.set_ylabel("% of questions (exposure: % of private values)")
    ax.set_title(
        f"Memory QA utility by privacy setting ({report['backend']}, {report['detector']} detector, "
        f"{report['questions']} questions, en+zh)", fontsize=10)
    ax.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
