"""Network identifiers: the Wi-Fi name (SSID) after a cue ("my wifi is called ...", "WiFi名称 ...")."""

from __future__ import annotations

import re
from typing import Final

from ..base import EN_STOPWORDS, CueValueRule, Piece, Words
from ..text import Doc

_SSID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-@#]{1,31}")


_NOT_SSIDS: Final = frozenset("password pw key code down slow fast working broken off on".split())


class NetworkIdRule(CueValueRule):
    PRIVACY_TYPE = "Network Identifier"
    CUES = Words(
        en=(
            "ssid",
            "wifi name",
            "wi-fi name",
            "network name",
            "wifi network",
            "wifi is called",
            "hotspot name",
            "wifi",
            "wi-fi",
            "hotspot",
        ),
        zh=("wifi名称", "wifi名", "wifi名字", "无线网名称", "无线网名", "热点名称", "热点名", "网络名称"),
    )
    SCORE = 0.88

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if piece.quoted and 1 <= len(value) <= 32:
            return self.PRIVACY_TYPE
        if not _SSID.fullmatch(value) or value.lower() in EN_STOPWORDS or value.lower() in _NOT_SSIDS:
            return None
        if cue.group() in ("wifi", "wi-fi", "hotspot"):
            # "the wifi is Acme-Guest" but not "the wifi is slow": a name has a capital, digit or separator.
            looks_named = any(c.isdigit() or c in "-_." for c in value) or value[0].isupper()
            return self.PRIVACY_TYPE if piece.first and piece.connector and looks_named else None
        return self.PRIVACY_TYPE
