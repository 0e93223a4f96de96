"""Secrets: passwords, PINs, one-time codes, CVVs, backup codes, tokens, keys, private keys, login pairs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my wifi password is Sunshine#2024", [("Sunshine#2024", "Password")]),
        ("the password for my gmail is hunter2!", [("hunter2", "Password")]),
        ("pw: x7#kLm2q", [("x7#kLm2q", "Password")]),
        ('password = "open sesame 42" in the config', [("open sesame 42", "Password")]),
        ("my password is sunshine", [("sunshine", "Password")]),  # a plain word after "is": still the value
        ("the password's welcome2024!", [("welcome2024", "Password")]),
        ("密码是Zx@20190618，别忘了", [("Zx@20190618", "Password")]),
        ("登录密码改成了 qwe123", [("qwe123", "Password")]),
        ("支付密码 258369", [("258369", "Password")]),
        ("export PGPASSWORD=Sup3rS3cret", [("Sup3rS3cret", "Password")]),
        ("ATM PIN is 4471", [("4471", "PIN")]),
        ("gate code 4826#", [("4826", "PIN")]),
        ("验证码：482913，5分钟内有效", [("482913", "Verification Code")]),
        ("验证码是：８８２９３１", [("８８２９３１", "Verification Code")]),
        ("【京东】验证码：728416，切勿告知他人", [("728416", "Verification Code")]),
        ("Your OTP is 4821", [("4821", "Verification Code")]),
        ("583921 is your Chase verification code", [("583921", "Verification Code")]),
        ("the code they texted me is 918273", [("918273", "Verification Code")]),
        ("2FA code 662 019 - quick", [("662 019", "Verification Code")]),
        ("动态密码 773920", [("773920", "Verification Code")]),
        ("cvv 419 on the back", [("419", "Payment Security Code")]),
        ("信用卡背面的安全码是123", [("123", "Payment Security Code")]),
        (
            "backup codes: 7d2k-9fq1 3mxp-0zr8 b6wn-4ht5",
            [("7d2k-9fq1", "Backup Code"), ("3mxp-0zr8", "Backup Code"), ("b6wn-4ht5", "Backup Code")],
        ),
        ("备用码：4574-4268 iuvrt9ms", [("4574-4268", "Backup Code"), ("iuvrt9ms", "Backup Code")]),
        ("token: 7c9e6679-7425-40de-944b-e07fc1f90ae7", [("7c9e6679-7425-40de-944b-e07fc1f90ae7", "Token")]),
        (
            "sessionid=9f86d081884c7d659a2feaa0c55ad015; path=/",
            [("9f86d081884c7d659a2feaa0c55ad015", "Session Token")],
        ),
        ("api_key=AbCdEf1234567890XyZ&format=json", [("AbCdEf1234567890XyZ", "Key")]),
        (
            "OPENAI_API_KEY=sk-proj-Vx9Lm2Qr7Tz4Kb8Np1Wd6Hs3Jf5Gc0Ye2Ua9Ro4",
            [("sk-proj-Vx9Lm2Qr7Tz4Kb8Np1Wd6Hs3Jf5Gc0Ye2Ua9Ro4", "Key")],
        ),
        ("AKIAIOSFODNN7EXAMPLE is the key id", [("AKIAIOSFODNN7EXAMPLE", "Key")]),
        (
            "ghp_8fK2mQ9xL4pR7tW1zN5vB3cY6hJ0dS2aE4gU expired",
            [("ghp_8fK2mQ9xL4pR7tW1zN5vB3cY6hJ0dS2aE4gU", "Token")],
        ),
        ("license key ABCDE-12345-FGHIJ-67890-KLMNO", [("ABCDE-12345-FGHIJ-67890-KLMNO", "Key")]),
        (
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MjEifQ.cThIIoDvwdueQB468K5xDc5633seEF",
            [("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MjEifQ.cThIIoDvwdueQB468K5xDc5633seEF", "Token")],
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            [
                (
                    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
                    "Private Key",
                )
            ],
        ),
        (
            "log in with panda_1618 / coffee56601.",
            [("panda_1618", "Account ID/Username"), ("coffee56601", "Password")],
        ),
    ],
)
def test_secret_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password, how do I reset it?",
        "my password is wrong again",
        "the password must be at least 12 characters",
        "密码忘了怎么办",
        "验证码一直收不到",
        "验证码5分钟内有效",
        "What's a good PIN length, 4 or 6 digits?",
        "pin the tweet to my profile",
        "pass the salt",
        "the error code is 404",
        "promo code SAVE20 gives 20% off",
        "my password is ******",
        "the key is to start early",
        "token economics explained",
        "commit 3f9a2c1e8b7d6054a1c2e3f4a5b6c7d8e9f0a1b2 broke it",
    ],
)
def test_secret_negatives(found: Found, text: str) -> None:
    assert found(text) == []
