"""``memprivacy vault``: export, forget, stats and rotate-key.

``--vault`` takes a SQLite file path or a ``postgresql://`` URL; the key comes from
``--key-file``, ``$MEMPRIVACY_VAULT_KEY`` or (SQLite) the key file beside the vault.
Only ``export`` prints values, and only the values of the one user asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ._common import CliError, print_json

_PG_SCHEMES = ("postgres://", "postgresql://")


def register(sub: Any) -> None:
    vault = sub.add_parser("vault", help="inspect and manage the placeholder vault", description=(
        "Export or erase one user's mappings, count mappings, or rotate the vault key."
    ))
    commands = vault.add_subparsers(dest="vault_command", metavar="SUBCOMMAND")
    commands.required = True

    export = commands.add_parser("export", help="print one user's mappings as JSON (includes the values)")
    export.add_argument("--user", required=True, metavar="USER_ID")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (created 0600) instead of stdout")
    _add_location_args(export)
    export.set_defaults(func=_export)

    forget = commands.add_parser("forget", help="erase one user's mappings and profile (right to erasure)")
    forget.add_argument("--user", required=True, metavar="USER_ID")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _add_location_args(forget)
    forget.set_defaults(func=_forget)

    stats = commands.add_parser("stats", help="count mappings per level and type (no values, no user ids)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    _add_location_args(stats)
    stats.set_defaults(func=_stats)

    rotate = commands.add_parser("rotate-key", help="re-encrypt the vault under a new key", description=(
        "Re-encrypt and re-hash every mapping under a fresh key in one transaction. With the key "
        "file beside a SQLite vault, the new key replaces it (staged first, so a crash loses "
        "nothing). With $MEMPRIVACY_VAULT_KEY, --key-file or PostgreSQL, say where the new key "
        "goes: --new-key-file (written before the vault is re-keyed) or --print-new-key."
    ))
    rotate.add_argument("--new-key-file", metavar="FILE", help="write the new key here first (must not exist)")
    rotate.add_argument("--print-new-key", action="store_true",
                        help="print the new key on stdout first (for secret managers and env vars)")
    _add_location_args(rotate)
    rotate.set_defaults(func=_rotate)


def _add_location_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vault", metavar="PATH|URL",
                        help="SQLite vault file or postgresql:// URL (default: $MEMPRIVACY_VAULT or the user data dir)")
    parser.add_argument("--key-file", metavar="FILE", help="read the vault key from FILE (mode 0600)")
    parser.add_argument("--table-prefix", default="memprivacy", metavar="PREFIX",
                        help="PostgreSQL table prefix (default: memprivacy)")


def open_vault(args: argparse.Namespace) -> Any:
    """The vault named by the arguments. Never creates a new one as a side effect."""
    from ..errors import VaultKeyError
    from ..vault._crypto import commit_key_file, pending_key_file, read_key_file

    key = read_key_file(Path(args.key_file)) if args.key_file else None
    try:
        return _open(args, key)
    except VaultKeyError:
        # A rotate-key --key-file run that committed but died before renaming its staged key.
        pending = pending_key_file(Path(args.key_file)) if args.key_file else None
        if pending is None or not pending.exists():
            raise
        vault = _open(args, read_key_file(pending))
        commit_key_file(Path(args.key_file), read_key_file(pending))
        print(f"memprivacy: finished an interrupted key rotation: {args.key_file} now holds the new key",
              file=sys.stderr)
        return vault


def _open(args: argparse.Namespace, key: Any) -> Any:
    target = args.vault
    if target and target.startswith(_PG_SCHEMES):
        from ..vault.postgres import PostgresVault

        vault = PostgresVault(target, key=key, table_prefix=args.table_prefix, create=False)
        vault.check()  # fail here, on a missing table or a wrong key, before any work
        return vault
    from ..vault.base import default_vault_path
    from ..vault.sqlite import SQLiteVault

    path = Path(target).expanduser() if target else default_vault_path()
    if not path.is_file() or path.stat().st_size == 0:
        raise CliError(f"no vault at {path} (pass --vault PATH, or set $MEMPRIVACY_VAULT)")
    return SQLiteVault(path, key=key)


def _export(args: argparse.Namespace) -> int:
    from ..placeholders import ESCAPE_TYPE
    from ..taxonomy import level_of

    with open_vault(args) as vault:
        entries = [e for e in vault.export(args.user) if e.privacy_type != ESCAPE_TYPE]
    rows = []
    for entry in entries:
        level = level_of(entry.privacy_type)
        rows.append({**entry.to_dict(), "privacy_level": level.value if level else None})
    if args.output:
        _write_private(Path(args.output), json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        print(f"wrote {len(rows)} mappings to {args.output}", file=sys.stderr)
    else:
        print_json(rows)
    return 0


def _forget(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("forget erases mappings for good: pass --yes to confirm")
        answer = input("Erase every mapping and the profile of this user? This cannot be undone [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing erased", file=sys.stderr)
            return 1
    with open_vault(args) as vault:
        count = vault.forget(args.user)
    # The user id is not echoed: it may itself be personal data.
    print(f"erased {count} mappings and the profile of that user")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from ..placeholders import ESCAPE_TYPE
    from ..taxonomy import level_of

    with open_vault(args) as vault:
        stats = vault.stats()
    per_level: dict[str, int] = {}
    rows = []
    for privacy_type, count in stats["per_type"].items():
        level = level_of(privacy_type)
        label = level.value if level else ("escaped" if privacy_type == ESCAPE_TYPE else "custom")
        per_level[label] = per_level.get(label, 0) + count
        rows.append((label, privacy_type, count))
    rows.sort(key=lambda r: (r[0], -r[2], r[1]))
    summary = {**stats, "per_level": dict(sorted(per_level.items()))}
    if args.json:
        print_json(summary)
        return 0
    print(f"backend: {stats['backend']}   key id: {stats.get('key_id', '?')}")
    print(f"users: {stats['scopes']}   mappings: {stats['entries']}")
    if rows:
        width = max(len(r[1]) for r in rows)
        print(f"{'level':<8}{'type':<{width + 2}}count")
        for label, privacy_type, count in rows:
            print(f"{label:<8}{privacy_type:<{width + 2}}{count}")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    from ..vault._crypto import VaultKey, commit_key_file, pending_key_file, stage_key_file

    with open_vault(args) as vault:
        own_key_file = getattr(vault, "key_file", None)  # the vault updates this one itself
        given_key_file = Path(args.key_file) if args.key_file else None
        if own_key_file is None and given_key_file is None and not (args.new_key_file or args.print_new_key):
            raise CliError(
                f"the vault key comes from {vault.key_source}: pass --new-key-file FILE or --print-new-key "
                "so the new key is stored before the vault is re-keyed"
            )
        new_key = VaultKey.generate()
        # Store the new key before re-keying: a crash then never leaves a vault without its key.
        written: Path | None = None
        if args.new_key_file:
            written = Path(args.new_key_file)
            try:
                _write_private(written, new_key.to_string() + "\n", exclusive=True)
            except FileExistsError:
                raise CliError(f"{written} already exists; choose a new file for the new key") from None
        if given_key_file is not None:
            stage_key_file(given_key_file, new_key)
        if args.print_new_key:
            sys.stdout.write(new_key.to_string() + "\n")
            sys.stdout.flush()
        try:
            count = vault.rotate_key(new_key)
        except BaseException:
            for path in (written, pending_key_file(given_key_file) if given_key_file else None):
                if path is not None:
                    path.unlink(missing_ok=True)
            print("memprivacy: the vault was not re-keyed; the old key still opens it", file=sys.stderr)
            raise
        if given_key_file is not None:
            commit_key_file(given_key_file, new_key)
        where = [str(p) for p in (own_key_file, given_key_file, written) if p is not None]
        if args.print_new_key:
            where.append("stdout")
        print(f"re-keyed {count} rows; new key id {vault.key_id}; the new key is in: {', '.join(where)}",
              file=sys.stderr)
        if own_key_file is None and given_key_file is None:
            print("update $MEMPRIVACY_VAULT_KEY (or your secret store) on every host before restarting",
                  file=sys.stderr)
    return 0


def _write_private(path: Path, text: str, *, exclusive: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
