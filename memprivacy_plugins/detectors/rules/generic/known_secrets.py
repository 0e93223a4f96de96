"""Keys and tokens recognisable by their vendor prefix, with no cue word needed.

Formats are the vendors' documented ones (AWS, GitHub, GitLab, Slack, Stripe, OpenAI,
Anthropic, Google, Hugging Face, npm, PyPI, SendGrid, Mailgun, Shopify, Telegram, Alibaba Cloud,
Tencent Cloud) plus JSON Web Tokens. One alternation, one scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule
from ..text import Doc

# (group name, privacy type, pattern). Publishable keys (Stripe pk_) are not secrets and are left out.
_FORMATS: Final = (
    ("aws", "Key", r"(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}"),
    ("github", "Token", r"gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255}"),
    ("gitlab", "Token", r"glpat-[A-Za-z0-9_\-]{20,}"),
    ("slack", "Token", r"xox[abposr]-[A-Za-z0-9\-]{10,}"),
    ("slack_hook", "Token", r"https://hooks\.slack\.com/services/[A-Za-z0-9/_\-]{20,}"),
    ("stripe", "Key", r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("sk", "Key", r"sk-(?:ant-|proj-|svcacct-|admin-|or-v1-)?[A-Za-z0-9_\-]{20,}"),
    ("google", "Key", r"AIza[0-9A-Za-z_\-]{35}|GOCSPX-[A-Za-z0-9_\-]{20,}"),
    ("google_token", "Token", r"ya29\.[0-9A-Za-z_\-]{20,}"),
    ("hf", "Token", r"hf_[A-Za-z0-9]{30,}"),
    ("npm", "Token", r"npm_[A-Za-z0-9]{36}"),
    ("pypi", "Token", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
    ("sendgrid", "Key", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}"),
    ("mailgun", "Key", r"key-[0-9a-f]{32}"),
    ("shopify", "Token", r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    ("telegram", "Token", r"[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}"),
    ("aliyun", "Key", r"LTAI[0-9A-Za-z]{12,20}"),
    ("tencent", "Key", r"AKID[0-9A-Za-z]{13,40}"),
    ("jwt", "Token", r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"),
)
_TYPES: Final = {name: kind for name, kind, _ in _FORMATS}
_ALL: Final = re.compile(
    r"(?<![A-Za-z0-9_\-])(?:"
    + "|".join(f"(?P<{name}>{body})" for name, _, body in _FORMATS)
    + r")(?![A-Za-z0-9_\-])"
)
_SESSION_WORDS: Final = re.compile(r"session|cookie|sid|会话", re.IGNORECASE)


class KnownSecretRule(Rule):
    PRIVACY_TYPE = "Key"
    # Each format starts a run of letters and digits with one of these.
    TOKEN_PREFIXES: ClassVar[tuple[str, ...]] = (
        "akia",
        "asia",
        "agpa",
        "aida",
        "aroa",
        "anpa",
        "anva",
        "aipa",
        "ghp",
        "gho",
        "ghu",
        "ghs",
        "ghr",
        "github",
        "glpat",
        "xox",
        "hooks",
        "sk",
        "rk",
        "aiza",
        "gocspx",
        "ya29",
        "hf",
        "npm",
        "pypi",
        "sg",
        "key",
        "shp",
        "ltai",
        "akid",
        "eyj",
    )
    TRIGGERS: ClassVar[tuple[str, ...]] = (":aa",)  # Telegram bot tokens: 123456789:AA...
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _ALL.finditer(doc.norm):
            name = m.lastgroup
            assert name is not None
            kind = _TYPES[name]
            if name == "jwt" and _SESSION_WORDS.search(doc.lower, max(0, m.start() - 24), m.start()):
                kind = "Session Token"
            yield self.hit(m.start(), m.end(), privacy_type=kind)
