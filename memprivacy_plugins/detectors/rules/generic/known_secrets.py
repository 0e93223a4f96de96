"""Keys and tokens recognisable by their vendor prefix, with no cue word needed.

Formats are the vendors' documented ones (AWS, GitHub, GitLab, Slack, Stripe, OpenAI,
Anthropic, Google, Hugging Face, npm, PyPI, SendGrid, Mailgun, Shopify, Telegram, Alibaba Cloud,
Tencent Cloud) plus JSON Web Tokens. One alternation, one scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from .._cue_util import find_all_of, matches_at
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
# How each format starts, as written (the telegram one aside: digits, then ":AA"). The
# scan above opens with a lookbehind, so ``re`` would try it at every position; these are
# found with str.find instead, and only when a token of the message starts like them.
_LITERAL_STARTS: Final = (
    *("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    *("github_pat_", "glpat-", "xox", "https://hooks", "sk_", "rk_", "sk-", "AIza", "GOCSPX-", "ya29."),
    *("hf_", "npm_", "pypi-", "SG.", "key-", "shp", "LTAI", "AKID", "eyJ"),
)
# A match starts a token of the lowered message (a run of [a-z0-9], see Doc.tokens) with
# the literal's first run, unless the character before it lowers into one (U+212A, the
# Kelvin sign, is the only one): tokens first two characters -> (that run, literal).
_BY_HEAD: dict[str, list[tuple[str, str]]] = {}
for _literal in _LITERAL_STARTS:
    _run = re.match("[a-z0-9]+", _literal.lower())
    assert _run is not None
    _BY_HEAD.setdefault(_run.group()[:2], []).append((_run.group(), _literal))


def _starts(doc: Doc) -> list[int]:
    """Every position where one of the formats can start, ascending."""
    norm = doc.norm
    if "\u212a" in norm:
        literals = set(_LITERAL_STARTS)
    else:
        literals = set()
        for token in doc.tokens:
            heads = _BY_HEAD.get(token[:2])
            if heads is not None:
                literals.update(literal for run, literal in heads if token.startswith(run))
    starts = [i for literal in literals for i in find_all_of(norm, literal)]
    if ":AA" in norm:  # a telegram token: 8 to 10 digits before it
        starts.extend(i for at in find_all_of(norm, ":AA") for i in range(max(0, at - 10), at - 7))
    starts.sort()
    return starts


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
        for m in matches_at(_ALL, doc.norm, _starts(doc)):
            name = m.lastgroup
            assert name is not None
            kind = _TYPES[name]
            if name == "jwt" and _SESSION_WORDS.search(doc.lower, max(0, m.start() - 24), m.start()):
                kind = "Session Token"
            yield self.hit(m.start(), m.end(), privacy_type=kind)
