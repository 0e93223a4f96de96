"""Bank account numbers after a cue ("account number: ...", "银行账号 ...", "收款账户 ...")."""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words
from ..text import Doc
from ..validators import digits_of

_NUMBER: Final = re.compile(r"[0-9](?:[0-9]|[ \-](?=[0-9])){5,33}")


class FinancialAccountRule(CueValueRule):
    PRIVACY_TYPE = "Financial Account"
    CUES = Words(
        en=(
            "account number",
            "account no",
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
        if _NUMBER.fullmatch(piece.value) and 6 <= len(digits) <= 30:
            return self.PRIVACY_TYPE
        return None
