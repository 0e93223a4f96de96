"""Bank account numbers after a cue ("account number: ...", "银行账号 ...", "收款账户 ...").

A bare "account"/"账号" is a login, a ticket or "account 3 of 5" as often as a bank
account, so a number after it counts only in a message about banking: a bank word
anywhere in it ("routing 021000021 account 4839201175 - direct deposit"), or a valid
US routing number next to it.
"""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words
from ..text import Doc
from ..validators import aba_routing_ok, digits_of

_NUMBER: Final = re.compile(r"[0-9](?:[0-9]|[ \-](?=[0-9])){5,33}")
_BARE: Final = frozenset(("account", "账号", "帐号", "账户"))
# Words that name the routing number: a number after them is not the account.
_ROUTING: Final = ("routing", "aba", "rtn", "sort code", "bsb")
_ROUTING_WORDS: Final = re.compile(r"(?<![a-z])(?:" + "|".join(_ROUTING) + r")(?![a-z])")
_BANK_CONTEXT: Final = Words(
    en=(
        *_ROUTING,
        "direct deposit",
        "checking",
        "chequing",
        "savings",
        "bank",
        "banking",
        "wire",
        "swift",
        "iban",
    ),
    zh=("银行", "开户行", "支行", "分行", "户名", "汇款", "对公"),
)
_DIGIT_RUN: Final = re.compile(r"[0-9]+")


class FinancialAccountRule(CueValueRule):
    PRIVACY_TYPE = "Financial Account"
    CUES = Words(
        en=(
            "account number",
            "account no",
            "account",
            "acct no",
            "acct number",
            "acct",
            "bank account",
            "checking account",
            "savings account",
            "current account",
            "brokerage account",
            "deposit account",
        ),
        zh=(
            "银行账号",
            "银行帐号",
            "银行账户",
            "账户号码",
            "账户号",
            "账号",
            "帐号",
            "账户",
            "收款账号",
            "收款账户",
            "对公账户",
            "开户账号",
            "汇款账号",
            "转账账号",
            "证券账户",
            "资金账号",
            "股票账户",
            "基金账户",
        ),
    )
    MIN_DIGITS = 6
    SCORE = 0.9
    WINDOW = 36

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        digits = digits_of(piece.value)
        if not (_NUMBER.fullmatch(piece.value) and 6 <= len(digits) <= 30):
            return None
        if cue.group() in _BARE:
            if len(digits) > 17 or _ROUTING_WORDS.search(doc.lower, cue.end(), piece.start):
                return None  # "account routing number 021000021"
            if not (_BANK_CONTEXT.occurs(doc) or _routing_number_besides(doc, piece.start, piece.end)):
                return None
        return self.PRIVACY_TYPE


def _routing_number_besides(doc: Doc, start: int, end: int) -> bool:
    """Is another number in ``doc`` a valid US routing number (9 digits, ABA checksum)?"""
    norm = doc.norm
    for lo, hi in doc.numbers:
        if hi - lo < 9:
            continue
        # A run can hold both numbers ("4839201175 / 021000021"): look at its digit groups.
        for m in _DIGIT_RUN.finditer(norm, lo, hi):
            if (m.end() <= start or m.start() >= end) and len(m.group()) == 9 and aba_routing_ok(m.group()):
                return True
    return False
