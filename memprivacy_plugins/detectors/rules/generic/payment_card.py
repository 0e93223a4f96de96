"""Payment card numbers: 13-19 digits in the groupings cards are printed in.

Three outcomes, as in Presidio: Luhn and a real issuer prefix -> reported; otherwise
reported only with a card cue nearby (some Chinese debit cards fail Luhn, and people
mistype); look-alikes announced as order or tracking numbers are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc
from ..validators import card_prefix_ok, digits_of, luhn_ok

# The boundary test comes after the first digit, so that re skips to the digits.
_CANDIDATE: Final = re.compile(
    r"[0-9](?<![0-9A-Za-z_.\-][0-9])(?:[ \-]?[0-9]){12,18}(?![0-9A-Za-z_]|[.\-][0-9])"
)
# The same on a number with no space or dash, where a plain repeat costs far less.
_UNGROUPED: Final = re.compile(r"[0-9](?<![0-9A-Za-z_.\-][0-9])[0-9]{12,18}(?![0-9A-Za-z_]|[.\-][0-9])")
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
    if " " not in value and "-" not in value:
        return True
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

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _candidates(doc):
            value = m.group()
            if not plausible_grouping(value):
                continue
            digits = digits_of(value)
            issued = card_prefix_ok(digits) and luhn_ok(digits)
            if not issued and not (15 <= len(digits) <= 19 and len(set(digits)) > 2):
                continue  # not a card, cue or no cue: no need to look for one
            start = m.start()
            cue = CARD_WORDS.near_before(doc, start, 24)
            if issued:
                if cue or not NOT_CARD_WORDS.near_before(doc, start, 16):
                    yield self.hit(start, m.end())
            elif cue:
                yield self.hit(start, m.end(), score=0.9)


def _candidates(doc: Doc) -> list[re.Match[str]]:
    """``doc.scan(_CANDIDATE, 13)``, one number run at a time.

    A candidate is digits joined by single spaces or dashes, so it lies in one run at
    least 13 long; its end test reads two characters past the run.
    """
    norm = doc.norm
    size = len(norm)
    out: list[re.Match[str]] = []
    for start, end in doc.numbers:
        if end - start >= 13:
            run = norm[start:end]
            if " " in run or "-" in run:
                if end - start - run.count(" ") - run.count("-") < 13:
                    continue  # fewer than 13 digits: a phone in groups, a date and time
                regex = _CANDIDATE
            else:
                regex = _UNGROUPED
            out.extend(regex.finditer(norm, start, min(size, end + 2)))
    return out
