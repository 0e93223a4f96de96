"""The cue rules' fast paths give what the straightforward scans gave.

Each rule below reads only where a match can start (str.find of literal starts, runs of
date, host or place characters, digit runs) instead of scanning every position; the
words after a cue are read with connectors and their value in one regex call. The
expected values were produced by the earlier whole-text implementation.
"""

from __future__ import annotations

import pytest

from memprivacy_plugins.detectors.rules import DEFAULT_RULES, RulesDetector
from memprivacy_plugins.detectors.rules.base import Words, pieces_after
from memprivacy_plugins.detectors.rules.text import Doc

PIECES = [
    ("password is: now = hunter2", 8, 40, 6, [(19, 26, "hunter2", True, False, True)]),
    ("password is: now = hunter2", 8, 12, 6, [(19, 26, "hunter2", True, False, True)]),
    ("password is  no. x9", 8, 9, 6, [(17, 19, "x9", True, False, True)]),
    ("密码是Zxc926..，好", 2, 40, 6, [(3, 9, "Zxc926", True, False, True)]),
    ("密码是Zxc926", 2, 40, 1, []),
    ("密码改成了 abc1", 2, 40, 6, [(6, 10, "abc1", True, False, True)]),
    ("密码很长的中文句子超过八个字 abc1", 2, 40, 6, []),
    ("passport no. 548293017", 11, 40, 6, [(13, 22, "548293017", False, False, True)]),
    ("pw 'x9' later", 2, 40, 6, [(4, 6, "x9", False, True, True)]),
    ("the password's hunter2", 12, 40, 6, [(15, 22, "hunter2", True, False, True)]),
    ("card 6222 0212 3456 7890.", 4, 40, 6, [(5, 24, "6222 0212 3456 7890", False, False, True)]),
    ("code IS Number: 1234", 4, 40, 6, [(16, 20, "1234", True, False, True)]),
    ("pin , 1234", 3, 40, 6, [(6, 10, "1234", False, False, False)]),
    ("pin =abc", 3, 40, 6, [(5, 8, "abc", True, False, True)]),
]
FINDS = [
    ("VerificationCodeRule", "482913 is your verification code", [(0, 6, "Verification Code")]),
    ("VerificationCodeRule", "the code they texted me is 918273", [(27, 33, "Verification Code")]),
    ("VerificationCodeRule", "您的验证码：482913（5分钟内有效）", []),
    ("BirthDateRule", "我叫李四，1990年3月7日出生", [(5, 14, "Specific Date of Birth")]),
    (
        "BirthDateRule",
        "born  03/07/1990 出生的",
        [(6, 16, "Specific Date of Birth"), (6, 16, "Specific Date of Birth")],
    ),
    ("BirthDateRule", "My DOB is March 7th, 1990", [(10, 25, "Specific Date of Birth")]),
    ("BirthDateRule", "生日：\n1990-03-07", []),
    (
        "IntranetUrlRule",
        "see HTTPS://wiki.corp/x and db.ıntranet or \\\\fs01\\share",
        [(4, 23, "Intranet Entry Point"), (28, 39, "Intranet Entry Point"), (43, 55, "Intranet Entry Point")],
    ),
    ("IntranetUrlRule", "open http://10.0.0.5:8080/login.", [(5, 31, "Intranet Entry Point")]),
    (
        "ConnectionStringRule",
        "Server=db1;Database=x;User Id=sa;Password=p@ss; ok",
        [(0, 46, "Database Connection String")],
    ),
    (
        "ConnectionStringRule",
        "use postgresql+asyncpg://app:pw@db/prod or jdbc:mysql://h:3306/db",
        [(4, 39, "Database Connection String"), (43, 65, "Database Connection String")],
    ),
    (
        "KnownSecretRule",
        "key AKIAABCDEFGHIJKLMNOP and 123456789:AAabcdefghijklmnopqrstuvwxyz0123456",
        [(4, 24, "Key"), (29, 74, "Token")],
    ),
    ("KnownSecretRule", "KAKIAABCDEFGHIJKLMNOP", [(1, 21, "Key")]),
    ("CnAddressRule", "备用码：0sg8krkh 6209-8217，别弄丢了", []),
    ("CnAddressRule", "快递寄到鼓楼区汉中路863号翠湖小区7号楼304室，谢谢", [(4, 25, "Detailed Address")]),
    ("CreditScoreRule", "I have a 740 credit score and 1234 FICO", [(9, 12, "Credit Score")]),
    ("TokenRule", "token: abc123def456ghi789&x=1", [(7, 25, "Token")]),
    ("PinRule", "door code 4826#", [(10, 14, "PIN")]),
]


_RULES = {cls.__name__: cls() for cls in DEFAULT_RULES}


@pytest.mark.parametrize(("text", "pos", "window", "max_pieces", "expected"), PIECES)
def test_pieces_after(text: str, pos: int, window: int, max_pieces: int, expected: list[tuple]) -> None:
    got = [
        (p.start, p.end, p.value, p.connector, p.quoted, p.first)
        for p in pieces_after(Doc(text), pos, window=window, max_pieces=max_pieces)
    ]
    assert got == expected


@pytest.mark.parametrize(("rule", "text", "expected"), FINDS)
def test_rule_find(rule: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    found = [(f.start, f.end, f.privacy_type) for f in _RULES[rule].find(Doc(text))]
    assert found == expected
    # Through the detector too (its gate fills in the cue words present).
    [spans] = RulesDetector(rules=[_RULES[rule]]).detect([text])
    assert {(s.start, s.end) for s in spans} <= {(s, e) for s, e, _ in expected}


def test_find_all_with_nested_terms() -> None:
    words = Words(en=("user", "user name", "username"), zh=("身份证", "身份证号", "身份证号码"))
    doc = Doc("身份证号码 and user-name, username, user; 身份证")
    assert [(m.start(), m.group()) for m in words.find_all(doc)] == [
        (0, "身份证号码"),
        (10, "user-name"),
        (21, "username"),
        (31, "user"),
        (37, "身份证"),
    ]
