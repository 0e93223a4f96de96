"""Cue words and checks shared by the phone rules."""

from __future__ import annotations

from typing import Final

from ..base import Words

_NANP_TOLL_FREE: Final = frozenset({"800", "833", "844", "855", "866", "877", "888"})


def service_number(digits: str) -> bool:
    """Business lines that identify no person: China 400/800 numbers, North American toll-free."""
    if len(digits) == 10 and digits[:3] in ("400", "800"):
        return True
    if len(digits) == 11 and digits[0] == "1" and digits[1:4] in _NANP_TOLL_FREE:
        return True
    return len(digits) == 10 and digits[:3] in _NANP_TOLL_FREE


PHONE_WORDS: Final = Words(
    en=(
        "phone",
        "phone number",
        "phone no",
        "mobile",
        "cell",
        "cellphone",
        "tel",
        "telephone",
        "call",
        "calling",
        "text",
        "txt",
        "sms",
        "whatsapp",
        "whats app",
        "signal",
        "viber",
        "contact",
        "reach",
        "ring",
        "dial",
        "fax",
        "hotline",
        "my number",
        "his number",
        "her number",
        "their number",
        "your number",
        "ph",
        "mob",
        "landline",
        "extension",
        "ext",
    ),
    zh=(
        "手机",
        "电话",
        "手機",
        "電話",
        "联系",
        "聯繫",
        "致电",
        "打给",
        "打给我",
        "拨打",
        "座机",
        "号码",
        "微信同号",
        "来电",
        "短信",
        "call我",
        "分机",
        "传真",
        "热线",
        "联络",
    ),
)
NOT_PHONE_WORDS: Final = Words(
    en=(
        "order",
        "tracking",
        "invoice",
        "isbn",
        "transaction",
        "txn",
        "ref",
        "reference",
        "serial",
        "ticket",
        "booking",
        "confirmation",
        "barcode",
        "waybill",
        "shipment",
        "case",
        "id",
        "account",
        "acct",
        "card",
        "timestamp",
        "version",
        "build",
        "amount",
        "total",
        "price",
        "qq",
        "flight",
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
        "工单",
        "票号",
        "身份证",
        "账号",
        "账户",
        "卡号",
        "学号",
        "工号",
        "会员号",
        "时间戳",
        "版本",
        "金额",
        "价格",
        "合计",
        "qq号",
        "航班",
        "房间号",
        "提取码",
        "取件码",
    ),
)

# The same cues, for the few characters before a candidate number.
