"""One-time verification codes: "验证码 482913", "your OTP is 4821", "482913 is your code".

Digits only (4-8, or 3+3 as WhatsApp writes them), optionally with a letter prefix
("G-482913"). A digit run followed by a Chinese unit (年, 分钟 ...) is not a code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from .._cue_util import find_all_of, matches_at
from ..base import CueValueRule, Found, Piece, Words, unit_follows
from ..text import Doc

_CODE: Final = re.compile(r"(?:[A-Z]{1,2}-)?(?:[0-9]{4,8}|[0-9]{3}[ \-][0-9]{3})")
_CUES: Final = Words(
    en=(
        "verification code",
        "verify code",
        "verification number",
        "security code",
        "one-time code",
        "one time code",
        "one-time password",
        "one time password",
        "one-time passcode",
        "otp",
        "2fa code",
        "2fa",
        "two-factor code",
        "two factor code",
        "mfa code",
        "auth code",
        "authentication code",
        "authenticator code",
        "login code",
        "log-in code",
        "sign-in code",
        "signin code",
        "sign in code",
        "reset code",
        "sms code",
        "text code",
        "confirmation code",
        "access code",
    ),
    zh=(
        "验证码",
        "驗證碼",
        "校验码",
        "校驗碼",
        "动态码",
        "动态密码",
        "短信码",
        "确认码",
        "授权码",
        "一次性密码",
        "登录码",
        "口令码",
        "安全码",
    ),
)
# "482913 is your verification code", "482913是您的验证码", "482913（验证码）".
_REVERSED: Final = re.compile(
    r"(?P<v>[0-9](?<![0-9A-Za-z][0-9])[0-9]{3,7})(?![0-9A-Za-z])\s*(?:is your|is the|is my|was the|as the|as my|as your|为您的|是您的|为你的|是你的|是|为|\(|（)"
    r"[^.。!！?？\n]{0,24}?(?:verification code|login code|security code|one-time code|otp|code|验证码|动态码|校验码)",
    re.IGNORECASE,
)
# "the code they texted me is 918273", "the code you sent was 4412".
_SENT_CODE: Final = re.compile(
    r"(?<![A-Za-z])code\b[^.!?\n]{0,24}?\b(?:texted|sent|emailed|messaged|got|received|gave)\b[^.!?\n]{0,16}?"
    r"\b(?:is|was|are|were)\s*:?\s*(?P<v>[0-9]{4,8})(?![0-9])",
    re.IGNORECASE,
)
# "your Uber code is 4417", "Your WhatsApp code: 482-913": a service's name between "your"
# and "code" (capitalised, as the texts that carry them write it), not a kind of code.
_SERVICE_CODE: Final = re.compile(
    r"(?<![A-Za-z])[Yy]our (?!(?:Zip|ZIP|Area|Postal|Post|Promo|PROMO|Discount|Coupon|Gift|Error|Status|Country|"
    r"Dress|Source|Tax|Product|Tracking|Order|Booking|Referral|Invite|Access|Door|Lock|Gate|Wifi|WiFi|Sort|Bank|"
    r"Branch|Course|Class|Seat|Room|Locker|Bar|QR)\b)[A-Z][A-Za-z]{1,19} code(?: is|:)\s*"
    r"(?P<v>[0-9]{4,8}|[0-9]{3}[ \-][0-9]{3})(?![0-9A-Za-z])"
)
_ZH_CODE_WORDS: Final = re.compile("验证码|动态码|校验码")
_DIGITS: Final = re.compile("[0-9]+")
_SENT_VERBS: Final = ("texted", "sent", "emailed", "messaged", "got", "received", "gave")
_FOLDED_SI: Final = re.compile("[\u017f\u0130\u0131]")
_CARD_WORDS: Final = Words(
    en=("card", "cvv", "cvc", "visa", "mastercard", "expiry", "exp"), zh=("卡", "有效期")
)


class VerificationCodeRule(CueValueRule):
    PRIVACY_TYPE = "Verification Code"
    CUES = _CUES
    TRIGGERS = ("code", "码")  # the reversed forms: "482913 is your code", "the code they texted"
    MIN_DIGITS = 4
    SCORE = 0.92

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        if not _CODE.fullmatch(piece.value) or unit_follows(doc, piece.end):
            return None
        word = cue.group()
        if word in ("security code", "安全码") and _CARD_WORDS.near(doc, cue.start(), piece.end, 40, 20):
            return None  # the card's CVV: the payment-security-code rule reports it
        return self.PRIVACY_TYPE

    def find(self, doc: Doc) -> Iterable[Found]:
        out = list(super().find(doc))
        lower, norm = doc.lower, doc.norm
        # Every match starts with "code" (try only there) and holds a verb: "sent" also
        # matches case-blind with U+017F for its "s", "received" with U+0130/U+0131 for "i".
        if "code" in lower and (any(verb in lower for verb in _SENT_VERBS) or _FOLDED_SI.search(lower)):
            for m in matches_at(_SENT_CODE, norm, find_all_of(lower, "code")):
                out.append(self.hit(m.start("v"), m.end("v"), score=self.SCORE - 0.01))
        if " code" in norm:
            for m in _SERVICE_CODE.finditer(norm):
                if not unit_follows(doc, m.end("v")):
                    out.append(self.hit(m.start("v"), m.end("v"), score=self.SCORE - 0.01))
        if "code" in lower or "otp" in lower or _ZH_CODE_WORDS.search(lower):  # what _REVERSED ends with
            for m in matches_at(_REVERSED, norm, _digit_runs(doc)):
                if not unit_follows(doc, m.end("v")):
                    out.append(self.hit(m.start("v"), m.end("v"), score=self.SCORE - 0.01))
        return out


def _digit_runs(doc: Doc) -> list[int]:
    """Where a run of 4-8 digits starts: the only places a reversed code can."""
    norm = doc.norm
    return [
        run.start()
        for start, end in doc.numbers
        if end - start >= 4
        for run in _DIGITS.finditer(norm, start, end)
        if 4 <= run.end() - run.start() <= 8
    ]
