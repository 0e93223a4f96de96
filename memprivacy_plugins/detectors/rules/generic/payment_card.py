"""Payment card numbers: 13-19 digits in the groupings cards are printed in.

Three outcomes, as in Presidio: Luhn and a real issuer prefix -> reported; otherwise
reported only with a card cue nearby (some Chinese debit cards fail Luhn, and people
mistype); look-alikes announced as order or tracking numbers are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._numbers import in_runs
from ..base import Found, Rule, Words
from ..text import Doc
from ..validators import card_prefix_ok, digits_of, luhn_ok

_CANDIDATE: Final = re.compile(r"(?<![0-9A-Za-z_.\-])[0-9](?:[ \-]?[0-9]){12,18}(?![0-9A-Za-z_]|[.\-][0-9])")
_NEEDLE: Final = re.compile(r"[0-9](?:[ \-]?[0-9]){12}")  # _CANDIDATE's start, inside one number run
_GROUP_SPLIT: Final = re.compile(r"[ \-]")
CARD_WORDS: Final = Words(
    en=(
        "card",
        "credit",
        "debit",
        "visa",
        "mastercard",
        "master card",
        "amex",
        "american express",
        "discover",
        "jcb",
        "unionpay",
        "union pay",
        "maestro",
        "cc",
        "card no",
        "card number",
        "pan",
    ),
    zh=(
        "卡号",
        "银行卡",
        "信用卡",
        "储蓄卡",
        "借记卡",
        "银联",
        "卡",
        "刷卡",
        "绑卡",
        "工行",
        "建行",
        "农行",
        "中行",
        "招行",
        "交行",
        "邮储",
    ),
)
NOT_CARD_WORDS: Final = Words(
    en=(
        "order",
        "tracking",
        "invoice",
        "isbn",
        "transaction",
        "txn",
        "reference",
        "ref",
        "serial",
        "imei",
        "ticket",
        "booking",
        "confirmation",
        "barcode",
        "upc",
        "ean",
        "waybill",
        "shipment",
        "case",
        "id",
        "account",
        "acct",
        "routing",
        "timestamp",
        "phone",
        "tel",
    ),
    zh=(
        "订单",
        "单号",
        "运单",
        "快递",
        "物流",
        "流水",
        "交易号",
        "编号",
        "发票",
        "序列号",
        "条形码",
        "条码",
        "工单",
        "票号",
        "身份证",
        "账号",
        "账户",
        "学号",
        "工号",
        "会员",
        "时间戳",
        "手机",
        "电话",
    ),
)


def plausible_grouping(value: str) -> bool:
    """Contiguous digits, or groups as cards print them (4-4-4-4[-3], 4-6-5, 4-6-4)."""
    groups = _GROUP_SPLIT.split(value)
    if len(groups) == 1:
        return True
    if " " in value and "-" in value:
        return False  # "4508-2934 3637-4938": two codes side by side
    sizes = [len(g) for g in groups]
    if all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in ([4, 6, 5], [4, 6, 4], [6, 13], [6, 10], [6, 12])


class PaymentCardRule(Rule):
    PRIVACY_TYPE = "Bank/Payment Card Number"
    MIN_DIGITS = 13
    SCORE = 0.99

    def applies(self, doc: Doc) -> bool:
        return in_runs(doc, _NEEDLE, 13)

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_CANDIDATE, 13):
            value = m.group()
            if not plausible_grouping(value):
                continue
            digits = digits_of(value)
            cue = CARD_WORDS.near_before(doc, m.start(), 24)
            if not cue and NOT_CARD_WORDS.near_before(doc, m.start(), 16):
                continue
            if luhn_ok(digits) and card_prefix_ok(digits):
                yield self.hit(m.start(), m.end())
            elif cue and 15 <= len(digits) <= 19 and len(set(digits)) > 2:
                yield self.hit(m.start(), m.end(), score=0.9)
