"""The offline demo: ``python -m memprivacy_mem0.demo``.

A real Mem0 (local Qdrant, MiniLM embeddings, SQLite history) behind ``PrivateMemory``,
the rules detector and the SQLite vault. It shows what the user said, what Mem0 really
stored (read from its files, not from the wrapper), a search restored for the user, and
where the vault lives. No network, nothing written outside the demo directory.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .local import offline_environment

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

USER_ID, USER_NAME = "alice", "Alice Chen"
OTHER_ID = "bob"
CONVERSATION = (
    "Hi, I'm Alice Chen. My email is alice.chen@example.com and my cell is +1 415 555 0132.",
    "For the trip, book with my Visa 4111 1111 1111 1111. 我的身份证号码是11010519491231002X。",
    "Our staging API key is sk-proj-3f9aK2LmQ8xR7tVb1NcZ0pWd and my VPN password is Bl4ckSwan!2024",
    "我的手机号是 +86 138 0013 8000，验证码 482913 帮我填一下。",
    "I prefer window seats and vegetarian meals.",
)
OTHER_MESSAGE = "Hello, Bob here: my email is bob.stone@example.org"
QUERY = "How can I contact Alice by email or phone?"
PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_]*_\d+>")


def _default_dir() -> Path:
    return Path(tempfile.gettempdir()) / "memprivacy-mem0-demo"


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m memprivacy_mem0.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=_default_dir(), help="demo directory (wiped at start)")
    return parser.parse_args(argv)


def _highlight(text: str, values: Sequence[str], style: str) -> Text:
    from rich.text import Text

    out = Text(text)
    for value in sorted(set(values), key=len, reverse=True):
        start = text.find(value)
        while start != -1:
            out.stylize(style, start, start + len(value))
            start = text.find(value, start + 1)
    return out


def _placeholders(text: str) -> Text:
    from rich.text import Text

    out = Text(text)
    out.highlight_regex(PLACEHOLDER, "bold cyan")
    return out


def _check(ok: bool) -> str:
    return "[bold green]✓[/]" if ok else "[bold red]✗[/]"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    root: Path = args.dir
    if root.exists():
        shutil.rmtree(root)  # a fresh store each run: the demo can run again and again
    offline_environment(root / "mem0-home")

    try:
        from rich.console import Console
    except ImportError:
        print("the demo needs the local extra: pip install 'memprivacy-mem0[local]'", file=sys.stderr)
        return 2
    console = Console()
    started = time.perf_counter()
    try:
        _run(console, root)
    except Exception as exc:  # a demo should end in one readable line, never a value
        console.print(f"[bold red]demo failed:[/] {type(exc).__name__}: {exc}")
        return 1
    console.print(f"[dim]done in {time.perf_counter() - started:.1f} s · demo files in {root}[/]")
    return 0


def _run(console: Console, root: Path) -> None:
    import logging

    from rich.panel import Panel
    from rich.table import Table

    logging.getLogger("mem0").setLevel(logging.ERROR)  # no warnings about optional Mem0 extras
    from memprivacy_plugins import PrivacyEngine, SQLiteVault
    from memprivacy_plugins.detectors import RulesDetector

    from .local import local_config
    from .memory import PrivateMemory
    from .stores import find_values, raw_file_bytes, read_history_db, read_qdrant_path

    console.print(Panel.fit(
        "[bold]memprivacy × Mem0[/] — private values never reach Mem0's stores\n"
        "[dim]Mem0 with a local Qdrant and MiniLM embeddings · rules detector · SQLite vault · offline[/]",
        border_style="cyan",
    ))
    vault_path = root / "vault" / "vault.sqlite3"
    engine = PrivacyEngine(detector=RulesDetector(), vault=SQLiteVault(vault_path))
    engine.set_user_name(USER_ID, USER_NAME)  # kept encrypted in the vault, used for detection

    with console.status("Starting Mem0 (MiniLM + local Qdrant)…"):
        from mem0 import Memory
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        mem0_dir = root / "mem0"
        memory = PrivateMemory(Memory.from_config(local_config(mem0_dir)), engine)
    try:
        with console.status("Adding Alice's messages through PrivateMemory…"):
            memory.add([{"role": "user", "content": m} for m in CONVERSATION], user_id=USER_ID, infer=False)
            memory.add(OTHER_MESSAGE, user_id=OTHER_ID, infer=False)
        values = [e["value"] for e in engine.export(USER_ID)]
        other_values = [e["value"] for e in engine.export(OTHER_ID)]

        # 1. What Alice said vs what Mem0 wrote to its Qdrant file.
        stored = {
            r.fields.get("data"): r
            for r in read_qdrant_path(mem0_dir / "qdrant")
            if r.fields.get("user_id") == USER_ID
        }
        table = Table(title="1 · What Alice said → what Mem0 stored (read from Qdrant's file)", show_lines=True)
        table.add_column("Alice said (private values highlighted)", ratio=1)
        table.add_column("Qdrant payload 'data'", ratio=1)
        by_time = sorted(stored.values(), key=lambda r: str(r.fields.get("created_at")))
        for said, record in zip(CONVERSATION, by_time):
            table.add_row(_highlight(said, values, "bold red"), _placeholders(str(record.fields.get("data"))))
        console.print(table)

        # 2. Every Mem0 file, byte for byte.
        history = read_history_db(mem0_dir / "history.db")
        files = raw_file_bytes(mem0_dir)
        leaks = find_values(values + other_values, files)
        console.print(
            f"Mem0 files: {len(files)} ({', '.join(sorted({Path(f).name for f in files}))}) · "
            f"history rows: {sum(r.where == 'history' for r in history)} · "
            f"original values found in them: [bold]{len({f.value for f in leaks})} of {len(values) + len(other_values)}[/] "
            f"{_check(not leaks)}"
        )

        # 3. A search, restored for Alice; and what a cloud LLM prompt would be given.
        hits = memory.search(QUERY, filters={"user_id": USER_ID}, top_k=3)
        masked = memory.search(QUERY, filters={"user_id": USER_ID}, top_k=3, restore=False)
        search = Table(title=f"2 · memory.search({QUERY!r}, filters={{'user_id': 'alice'}})")
        search.add_column("score", justify="right")
        search.add_column("returned to your app (restored)")
        search.add_column("what a cloud LLM prompt would carry (restore=False)")
        for hit, raw in zip(hits["results"], masked["results"]):
            search.add_row(
                f"{hit['score']:.2f}", _highlight(hit["memory"], values, "bold green"), _placeholders(raw["memory"])
            )
        console.print(search)

        # 4. Same placeholder, two users: each restores only their own value.
        scopes = Table(title="3 · Scopes: the same placeholder, two users, two different values")
        scopes.add_column("user")
        scopes.add_column("Mem0 stored")
        scopes.add_column("search() restores it for that user only")
        for user, query, own in ((USER_ID, "email", values), (OTHER_ID, "email", other_values)):
            restored = memory.search(query, filters={"user_id": user}, top_k=1)["results"][0]
            raw = memory.get(restored["id"], restore=False)["memory"]
            scopes.add_row(user, _placeholders(raw), _highlight(restored["memory"], own, "bold green"))
        console.print(scopes)

        # 5. The vault: where it is and that its bytes hold no value.
        vault_files = raw_file_bytes(vault_path.parent)
        vault_leaks = find_values(values + other_values, vault_files)
        key_file = vault_path.with_name(vault_path.name + ".key")
        console.print(Panel(
            f"[bold]Vault[/] {vault_path}\n"
            f"key file {key_file} (mode {key_file.stat().st_mode & 0o777:o}) · "
            f"{len(values)} values for alice, {len(other_values)} for bob, encrypted (AES-GCM), looked up by keyed hash\n"
            f"original values readable in the vault's bytes: [bold]{len({f.value for f in vault_leaks})}[/] "
            f"{_check(not vault_leaks)}",
            title="4 · Where the originals live", border_style="green",
        ))
    finally:
        memory.close()
        memory.vector_store.client.close()
        engine.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
