"""Account IDs and usernames after a cue ("username: ...", "微信号 ...", "QQ号 ...", "my IG is @...").

A bare "账号/account" followed by digits next to a bank word is a bank account and is
typed "Financial Account" instead.
"""

from __future__ import annotations

import re
from typing import Final

from .._cue_util import spaced
from ..base import EN_STOPWORDS, CueValueRule, Piece, Words, has_digit
from ..text import Doc

_HANDLE: Final = re.compile(r"@?[A-Za-z0-9][A-Za-z0-9_.\-]{1,39}|[A-Za-z0-9_.\-+]+@[A-Za-z0-9.\-]+")
_BANK_WORDS: Final = Words(
    en=(
        "bank",
        "checking",
        "savings",
        "routing",
        "wire",
        "transfer",
        "deposit",
        "swift",
        "iban",
        "sort code",
        "pay",
    ),
    zh=("银行", "开户", "收款", "转账", "汇款", "对公"),
)
# Nouns that follow a platform name without being a handle ("GitHub token", "Instagram account").
_NOT_HANDLES: Final = frozenset(
    "token account profile page repo repository link handle username user id password pw key api app bio post "
    "posts feed story stories group channel server".split()
)
_DIGITS: Final = re.compile(r"[0-9][0-9 \-]{4,28}[0-9]")
_SOCIAL: Final = frozenset(
    {
        "twitter",
        "x handle",
        "instagram",
        "ig",
        "tiktok",
        "telegram",
        "tg",
        "discord",
        "snapchat",
        "github",
        "reddit",
        "steam",
        "linkedin",
        "wechat",
        "weixin",
        "skype",
        "line id",
        "kakao",
        "threads",
        "bluesky",
        "venmo",
        "cash app",
        "cashapp",
        "paypal",
        "zelle",
        "snap",
        "twitch",
        "youtube",
        "facebook",
    }
)


class AccountIdRule(CueValueRule):
    PRIVACY_TYPE = "Account ID/Username"
    CUES = Words(
        en=(
            "username",
            "user name",
            "usrname",
            "user id",
            "userid",
            "user",
            "login id",
            "login name",
            "login",
            "account id",
            "account name",
            "account",
            "handle",
            "screen name",
            "gamertag",
            "steam id",
            "uid",
            "member id",
            "customer id",
            "customer number",
            "member number",
            "employee id",
            "employee number",
            "staff id",
            "badge number",
            *sorted(_SOCIAL),
        ),
        zh=(
            "工号",
            "员工号",
            "员工编号",
            "用户",
            "用户名",
            "账号",
            "帐号",
            "账户名",
            "登录名",
            "登录账号",
            "微信号",
            "微信id",
            "微信",
            "qq号",
            "qq",
            "抖音号",
            "快手号",
            "微博id",
            "小红书号",
            "b站id",
            "游戏id",
            "会员号",
            "用户id",
            "ID号",
        ),
    )
    SCORE = 0.88

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        word = spaced(cue.group())
        if word in ("账号", "帐号", "account") and _DIGITS.fullmatch(value):
            if _BANK_WORDS.near(doc, cue.start(), piece.end, 12, 30):
                return "Financial Account"
            if word == "account":
                return None  # "account 12345" with no bank word: a bank account as often as a login
        if not _HANDLE.fullmatch(value) or len(value) < 3:
            return None
        if word in ("qq", "qq号"):
            return self.PRIVACY_TYPE if value.isdigit() and 5 <= len(value) <= 11 else None
        if not word.isascii():
            return self.PRIVACY_TYPE
        lowered = value.lower().lstrip("@")
        if lowered in EN_STOPWORDS or lowered in _NOT_HANDLES:
            return None
        if value.startswith("@") or has_digit(value) or "_" in value or "." in value:
            return self.PRIVACY_TYPE
        if word in ("user", "login", "account"):
            return self.PRIVACY_TYPE if piece.quoted else None  # "user experience", "login page"
        if piece.connector or piece.quoted:
            return self.PRIVACY_TYPE
        return None
