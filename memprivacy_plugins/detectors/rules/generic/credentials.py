"""A login written as a pair: "log in with alice_01 / S3cret!", "creds: admin:Passw0rd", "账号密码 lily88/abc123".

The user name is reported as "Account ID/Username" and the secret as "Password".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words, has_digit, secret_like
from ..text import Doc

_CUES: Final = Words(
    en=(
        "log in with",
        "login with",
        "sign in with",
        "log in as",
        "login as",
        "sign in as",
        "login",
        "log in",
        "credentials",
        "credential",
        "creds",
        "user/pass",
        "username/password",
        "user/password",
    ),
    zh=("账号密码", "帐号密码", "账密", "用户名密码", "用户名和密码", "账号和密码", "登录"),
)
_PAIR: Final = re.compile(
    r"\s*(?:[:：=]|is|are|是|为|用)?\s*(?P<user>[A-Za-z0-9][A-Za-z0-9_.@\-]{2,63})\s*(?:/|\||:|,|，)\s*"
    r"(?P<pw>[^\s/,，。;；][^\s,，。;；]{2,63})"
)
_TRAIL: Final = ".,;:!?)]}'\""


class CredentialPairRule(Rule):
    PRIVACY_TYPE = "Account ID/Username"
    CUES = _CUES
    SCORE = 0.9

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        for cue in _CUES.find_all(doc):
            m = _PAIR.match(norm, cue.end())
            if m is None:
                continue
            user, pw = m.group("user"), m.group("pw").rstrip(_TRAIL)
            if len(pw) < 3 or not (secret_like(pw) or has_digit(user)):
                continue
            yield self.hit(m.start("user"), m.end("user"))
            yield self.hit(m.start("pw"), m.start("pw") + len(pw), privacy_type="Password", score=0.92)
