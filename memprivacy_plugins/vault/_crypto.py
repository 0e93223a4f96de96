"""Vault key handling: resolution, derivation, AEAD sealing and keyed hashes.

One 32-byte master key; HKDF derives an encryption key (AES-256-GCM) and a MAC key
(HMAC-SHA256). Ciphertexts carry associated data (scope and placeholder), so a row
copied to another user or placeholder fails to open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import VaultCorruptError, VaultKeyError

__all__ = [
    "VaultKey",
    "Sealer",
    "resolve_key",
    "read_key_file",
    "stage_key_file",
    "commit_key_file",
    "pending_key_file",
    "KEY_ENV",
    "KEYRING_SERVICE",
]

KEY_ENV = "MEMPRIVACY_VAULT_KEY"
KEYRING_SERVICE = "memprivacy-vault"
_NONCE = 12


class VaultKey:
    """A 32-byte vault key. Its repr never shows the key."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if not isinstance(raw, (bytes, bytearray)) or len(raw) != 32:
            raise VaultKeyError("a vault key must be 32 bytes")
        self._raw = bytes(raw)

    @classmethod
    def generate(cls) -> VaultKey:
        return cls(os.urandom(32))

    @classmethod
    def from_string(cls, text: str) -> VaultKey:
        """Accept url-safe base64 (what :meth:`to_string` writes) or 64 hex digits."""
        text = text.strip()
        raw: bytes | None = None
        if len(text) == 64:
            try:
                raw = bytes.fromhex(text)
            except ValueError:
                raw = None
        if raw is None:
            try:
                raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            except (binascii.Error, ValueError):
                raise VaultKeyError("the vault key is not valid base64 or hex") from None
        if len(raw) != 32:
            raise VaultKeyError("the vault key must decode to 32 bytes")
        return cls(raw)

    @classmethod
    def coerce(cls, key: VaultKey | bytes | str) -> VaultKey:
        if isinstance(key, VaultKey):
            return key
        if isinstance(key, str):
            return cls.from_string(key)
        return cls(key)

    def to_string(self) -> str:
        return base64.urlsafe_b64encode(self._raw).decode("ascii").rstrip("=")

    @property
    def raw(self) -> bytes:
        return self._raw

    def __repr__(self) -> str:
        return "VaultKey(**********)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VaultKey) and hmac.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(hashlib.sha256(self._raw).digest())


def _derive(raw: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"memprivacy-vault-v1", info=label).derive(raw)


@dataclass(frozen=True)
class Sealer:
    """Encrypts, decrypts and hashes with keys derived from one VaultKey."""

    enc_key: bytes = field(repr=False)
    mac_key: bytes = field(repr=False)
    key_id: str
    _aead: AESGCM = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aead", AESGCM(self.enc_key))

    @classmethod
    def from_key(cls, key: VaultKey) -> Sealer:
        mac_key = _derive(key.raw, b"mac")
        key_id = hmac.new(mac_key, b"memprivacy-key-id", hashlib.sha256).hexdigest()[:16]
        return cls(enc_key=_derive(key.raw, b"enc"), mac_key=mac_key, key_id=key_id)

    def __repr__(self) -> str:
        return f"Sealer(key_id={self.key_id!r})"

    def digest(self, *parts: str) -> bytes:
        """Keyed hash of the parts; unambiguous because each part is length-prefixed."""
        message = b"".join(len(b).to_bytes(8, "big") + b for b in (p.encode("utf-8") for p in parts))
        return hmac.digest(self.mac_key, message, "sha256")

    def seal(self, plaintext: str, aad: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext.encode("utf-8"), aad)

    def open(self, blob: bytes, aad: bytes) -> str:
        if len(blob) < _NONCE + 16:
            raise VaultCorruptError("a vault entry is truncated")
        try:
            return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], aad).decode("utf-8")
        except InvalidTag:
            raise VaultCorruptError("a vault entry failed authentication (tampered, or moved between scopes)") from None


def _key_file_for(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".key")


def _read_key_file(path: Path) -> VaultKey:
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name == "posix" and mode & 0o077:
        raise VaultKeyError(
            f"key file {path} is readable by other users (mode {mode:o}); run: chmod 600 {path}"
        )
    try:
        return VaultKey.from_string(path.read_text(encoding="ascii"))
    except (UnicodeDecodeError, VaultKeyError):
        raise VaultKeyError(f"key file {path} does not hold a valid vault key") from None


def _write_key_file(path: Path, key: VaultKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes creating a vault at once must not both write a key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.to_string() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_key_file(path: Path) -> VaultKey:
    """Read a key file; refuse one that other users can read."""
    try:
        return _read_key_file(path)
    except FileNotFoundError:
        raise VaultKeyError(f"key file {path} does not exist") from None


def pending_key_file(path: Path) -> Path:
    """Where a rotation stages the next key before it commits: ``<key file>.pending``."""
    return path.with_name(path.name + ".pending")


def stage_key_file(path: Path, key: VaultKey) -> Path:
    """Write ``key`` to the pending twin of ``path`` (0600, fsynced) before re-keying a vault.

    With the new key on disk first, a crash at any point leaves a key that opens the
    vault: the old key file before the re-keying commits, the pending one after.
    """
    pending = pending_key_file(path)
    pending.unlink(missing_ok=True)
    _write_key_file(pending, key)
    return pending


def commit_key_file(path: Path, key: VaultKey) -> None:
    """Atomically move the pending ``key`` over ``path`` once the re-keying has committed.

    Another process that opened the vault in between may have finished the move already.
    """
    try:
        os.replace(pending_key_file(path), path)
    except FileNotFoundError:
        if read_key_file(path) != key:
            raise VaultKeyError(f"the rotated key was not found in {path} nor in its .pending file") from None
        return
    if os.name == "posix":  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def resolve_key(
    key: VaultKey | bytes | str | None,
    *,
    vault_path: Path | None,
    vault_exists: bool,
    key_source: str = "auto",
) -> tuple[VaultKey, str]:
    """Find the key for a vault and say where it came from.

    Order: explicit ``key``, then ``$MEMPRIVACY_VAULT_KEY``, then (``key_source="keyring"``)
    the OS keyring, then the key file beside the vault (``<vault>.key``, mode 0600), which
    is created only for a new vault. An existing vault without its key is an error, never
    a fresh key.
    """
    if key is not None:
        return VaultKey.coerce(key), "argument"
    if key_source not in ("auto", "env", "file", "keyring"):
        raise VaultKeyError("key_source must be 'auto', 'env', 'file' or 'keyring'")
    env_value = os.environ.get(KEY_ENV)
    if key_source in ("auto", "env") and env_value:
        try:
            return VaultKey.from_string(env_value), f"${KEY_ENV}"
        except VaultKeyError:
            raise VaultKeyError(f"${KEY_ENV} does not hold a valid vault key") from None
    if key_source == "env":
        raise VaultKeyError(f"no vault key: ${KEY_ENV} is not set")
    if key_source == "keyring":
        return _keyring_key(vault_path, vault_exists), "keyring"
    if vault_path is None:
        raise VaultKeyError(f"no vault key: pass key= or set ${KEY_ENV}")
    key_file = _key_file_for(vault_path)
    if key_file.exists():
        return _read_key_file(key_file), str(key_file)
    if vault_exists:
        raise VaultKeyError(
            f"the vault {vault_path} exists but its key was not found "
            f"(looked in: key argument, ${KEY_ENV}, {key_file})"
        )
    new_key = VaultKey.generate()
    try:
        _write_key_file(key_file, new_key)
    except FileExistsError:  # another process created it first: use theirs
        return _read_key_file(key_file), str(key_file)
    return new_key, str(key_file)


def _keyring_key(vault_path: Path | None, vault_exists: bool) -> VaultKey:
    try:
        import keyring
    except ImportError:
        raise VaultKeyError("key_source='keyring' needs the keyring package: pip install 'memprivacy-plugins[keyring]'") from None
    account = str(vault_path) if vault_path else "default"
    try:
        stored = keyring.get_password(KEYRING_SERVICE, account)
        if stored:
            return VaultKey.from_string(stored)
        if vault_exists:
            raise VaultKeyError(f"the vault {vault_path} exists but the OS keyring has no key for it")
        new_key = VaultKey.generate()
        keyring.set_password(KEYRING_SERVICE, account, new_key.to_string())
        return new_key
    except VaultKeyError:
        raise
    except Exception as exc:  # keyring backends raise many types
        raise VaultKeyError(f"the OS keyring is not usable ({type(exc).__name__})") from None
