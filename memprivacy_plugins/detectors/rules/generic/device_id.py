"""Device identifiers: MAC addresses on their own; IMEI, serial numbers, UUIDs and
advertising IDs when a cue word says what they are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import CueValueRule, Found, Piece, Rule, Words, has_digit
from ..text import Doc
from ..validators import digits_of

_MAC: Final = re.compile(
    r"(?<![0-9A-Fa-f:\-.])(?:[0-9A-Fa-f]{2}([:\-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:\-])"
    r"|(?<![0-9A-Fa-f.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f.])"
)

# In every _MAC match: two hex pairs and their separators, or a Cisco group and its dot.
# (Each starts with its separator, so re jumps from separator to separator.)
_PAIR_NEEDLE: Final = re.compile(r"[:\-][0-9A-Fa-f]{2}[:\-]")
_CISCO_NEEDLE: Final = re.compile(r"\.[0-9A-Fa-f]{4}\.")


class MacAddressRule(Rule):
    PRIVACY_TYPE = "Device ID"
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        # Cheapest tests first: `in` costs a tenth of a count(), a regex search three counts.
        norm = doc.norm  # six hex pairs need five equal separators
        if ((":" in norm and norm.count(":") >= 5) or ("-" in norm and norm.count("-") >= 5)) and (
            _PAIR_NEEDLE.search(norm) is not None
        ):
            return True
        # The Cisco form (two dots), which find() reports only with a digit.
        return (
            doc.max_digits > 0
            and "." in norm
            and norm.count(".") >= 2
            and _CISCO_NEEDLE.search(norm) is not None
        )

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _MAC.finditer(doc.norm):
            hexdigits = re.sub(r"[^0-9A-Fa-f]", "", m.group()).lower()
            if len(set(hexdigits)) == 1:  # 00:00:00:00:00:00 and the broadcast address
                continue
            if m.group().count(".") and not has_digit(m.group()):
                continue
            yield self.hit(m.start(), m.end())


_UUID: Final = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
_SERIAL: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{4,39}$")


class DeviceIdByCueRule(CueValueRule):
    """IMEI / MEID / serial number / UDID / IDFA / Android ID / device ID followed by its value."""

    PRIVACY_TYPE = "Device ID"
    CUES = Words(
        en=(
            "imei",
            "meid",
            "serial number",
            "serial no",
            "serial",
            "sn",
            "udid",
            "idfa",
            "idfv",
            "android id",
            "device id",
            "device identifier",
            "advertising id",
            "gaid",
            "hardware id",
        ),
        zh=("设备号", "设备id", "设备ID", "设备序列号", "序列号", "串号", "机器码", "设备标识"),
    )

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        word = cue.group()
        if word in ("imei", "meid", "串号"):
            # The cue says what it is, so a failed Luhn check (a typo) still counts.
            digits = digits_of(value)
            ok = 14 <= len(digits) <= 17 and digits == re.sub(r"[\s\-/]", "", value)
            return self.PRIVACY_TYPE if ok else None
        if _UUID.match(value):
            return self.PRIVACY_TYPE
        if _SERIAL.match(value) and has_digit(value) and len(value) >= 6:
            return self.PRIVACY_TYPE
        return None
