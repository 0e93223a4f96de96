"""Network identifiers: the Wi-Fi name (SSID) after a cue ("my wifi is called ...", "WiFi名称 ...",
"wifi at the cabin: network BlueHeron_5G", "家里wifi叫 TP-LINK_8F2A")."""

from __future__ import annotations

import re
from typing import Final

from ..base import EN_STOPWORDS, CueValueRule, Piece, Words
from ..text import CJK, Doc

_SSID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-@#]{1,31}")


_NOT_SSIDS: Final = frozenset("password pw key code down slow fast working broken off on".split())
# Radio bands and standards read like names after "wifi network": "5G", "2.4GHz", "WPA2", "802.11ac".
_BAND: Final = re.compile(r"[0-9.]+g(?:hz)?|[0-9]e|wpa[0-9]?|wep|lte|802\.11[a-z]*", re.IGNORECASE)
# What a Wi-Fi name typed after a bare "network" looks like: a letter, and a digit, separator or inner capital.
_SSID_SHAPED: Final = re.compile(r"(?=[^A-Za-z]*[A-Za-z]).*(?:[0-9_\-]|[a-z][A-Z])")
# "network" names a Wi-Fi network only in a message about Wi-Fi ("network issues", "social network").
_WIFI_CONTEXT: Final = Words(
    en=("wifi", "wi-fi", "wlan", "ssid", "wireless", "router", "hotspot"), zh=("无线", "路由", "热点")
)
_NOT_WIFI_BEFORE: Final = frozenset(
    "social neural cellular mobile cell carrier phone tv data vpn 4g 5g lte".split()
)
_WORD_BEFORE: Final = re.compile(r"([a-z0-9]+)[\s_-]*$")
# After "网络名" only these continue the cue ("网络名字是", not "网络名人").
_ZH_NAME_NEXT: Final = frozenset("字叫是为為称稱")
_CJK_CHAR: Final = re.compile(f"[{CJK}]")

_BARE: Final = frozenset(("wifi", "wi-fi", "hotspot"))
# Bare "network" or with a naming verb: the value needs a Wi-Fi context (see accept).
_NETWORK_CUES: Final = (
    "network",
    "network called",
    "network named",
    "network is called",
    "network is named",
    "network's called",
)
_NETWORK: Final = frozenset(_NETWORK_CUES)


class _ZhCuesFirst(Words):
    """Cue words whose Chinese ones that start with "wifi" win over the English "wifi":
    the plain alternation takes "wifi" in "wifi叫 TP-LINK_8F2A" and the walk then stops at 叫."""

    __slots__ = ()

    def __init__(self, en: tuple[str, ...], zh: tuple[str, ...]) -> None:
        super().__init__(en, zh)
        lead = "|".join(re.escape(w) for w in self.zh if w[0].isascii())  # longest first
        if lead:
            self.regex = re.compile(f"{lead}|{self.regex.pattern}")


class NetworkIdRule(CueValueRule):
    PRIVACY_TYPE = "Network Identifier"
    CUES = _ZhCuesFirst(
        en=(
            "ssid",
            "wifi name",
            "wi-fi name",
            "network name",
            "wifi network",
            "wifi is called",
            "wifi is named",
            "wifi called",
            "wifi named",
            "wifi's called",
            "wifi's named",
            "hotspot name",
            "hotspot called",
            "hotspot is called",
            "wifi",
            "wi-fi",
            "hotspot",
            *_NETWORK_CUES,
        ),
        zh=(
            "wifi名称",
            "wifi名",
            "wifi名字",
            "wifi叫",
            "wifi名叫",
            "wi-fi叫",
            "无线网名称",
            "无线网名",
            "无线网叫",
            "无线网络名称",
            "无线网络叫",
            "热点名称",
            "热点名",
            "热点叫",
            "网络名称",
            "网络名",
        ),
    )
    SCORE = 0.88

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        word = cue.group()
        if word == "网络名":
            # "网络名人" is a web celebrity: after 网络名 a Chinese character must be 字/叫/是 ...
            nxt = doc.norm[cue.end() : cue.end() + 1]
            if nxt not in _ZH_NAME_NEXT and _CJK_CHAR.match(nxt):
                return None
        if piece.quoted and 1 <= len(value) <= 32:
            return self.PRIVACY_TYPE if word not in _NETWORK or self._about_wifi(doc, cue) else None
        lowered = value.lower()
        if (
            not _SSID.fullmatch(value)
            or lowered in EN_STOPWORDS
            or lowered in _NOT_SSIDS
            or _BAND.fullmatch(value)
        ):
            return None
        if word == "wifi network" and not piece.first:
            return None  # "wifi network 5G is faster": the name comes right after the cue
        if word in _BARE:
            # "the wifi is Acme-Guest" but not "the wifi is slow": a name has a capital, digit or separator.
            looks_named = any(c.isdigit() or c in "-_." for c in value) or value[0].isupper()
            return self.PRIVACY_TYPE if piece.first and piece.connector and looks_named else None
        if word in _NETWORK:
            if word == "network":
                # "network BlueHeron_5G" next to "wifi"; not "network issues", "network 5G".
                ok = piece.first and len(value) >= 3 and _SSID_SHAPED.match(value) is not None
                return self.PRIVACY_TYPE if ok and self._about_wifi(doc, cue) else None
            # "a network called X": a Wi-Fi name if the message is about Wi-Fi or X looks like one.
            if not piece.first or not self._network_ok(doc, cue):
                return None
            if _SSID_SHAPED.match(value) is None and not _WIFI_CONTEXT.occurs(doc):
                return None
        return self.PRIVACY_TYPE

    @staticmethod
    def _network_ok(doc: Doc, cue: re.Match[str]) -> bool:
        """The word before "network" is not "social", "cellular", "neural" ..."""
        start = cue.start()
        before = _WORD_BEFORE.search(doc.lower, max(0, start - 16), start)
        return before is None or before.group(1) not in _NOT_WIFI_BEFORE

    def _about_wifi(self, doc: Doc, cue: re.Match[str]) -> bool:
        return self._network_ok(doc, cue) and _WIFI_CONTEXT.occurs(doc)
