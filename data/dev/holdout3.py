"""A third held-out set for the rules detector, written blind (2026-11-26).

Blind means: while writing it, nobody read memprivacy_plugins/detectors/rules/, docs/rules.md,
tests/detectors/, the message templates of data/dev/make_dev.py, data/dev/handwritten.py, the
MESSAGES of data/dev/holdout.py / holdout2.py (one holdout2 entry was seen by accident through a
grep of its header; nothing here copies it) or any *.jsonl under data/; and no detector was run on
these messages. Only ../shared/DATASET.md, ../shared/DESIGN.md and memprivacy_plugins/taxonomy.py
were read.

``python data/dev/holdout3.py`` writes ``data/dev/holdout3.jsonl``: 160 messages, 80 English and
80 Chinese, 28 negatives in each language (56, 35%). Every value is invented; checksummed values
(Luhn card numbers and IMEIs, CN resident IDs with MOD 11-2, HK IDs, IBANs with mod-97, US SSN
rules, EAN/ISBN-13 look-alikes) are computed and checked here at generation time, as is the rule
that each span's original_text occurs in its text.
Entries: (user_name, text, [(value, canonical privacy type), ...]).
"""

from __future__ import annotations

import base64
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from memprivacy_plugins.taxonomy import CANONICAL_TYPES, level_of

OUT = HERE / "holdout3.jsonl"
RNG = random.Random(20261126)

# -- checksums ---------------------------------------------------------------------------------


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError


_CN_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def cn_id_ok(value: str) -> bool:
    v = value.replace(" ", "")
    if len(v) != 18 or not v[:17].isdigit():
        return False
    return "10X98765432"[sum(int(c) * w for c, w in zip(v[:17], _CN_W)) % 11] == v[17].upper()


def cn_id(region: str, birth: str, seq: str) -> str:
    body = region + birth + seq
    assert len(body) == 17
    out = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _CN_W)) % 11]
    assert cn_id_ok(out)
    return out


def cn_id_with_x(region: str, birth: str) -> str:
    for n in range(1, 1000):
        v = cn_id(region, birth, f"{n:03d}")
        if v.endswith("X"):
            return v
    raise AssertionError


def _hk_val(c: str) -> int:
    if c == " ":
        return 36
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def hkid_ok(value: str) -> bool:
    v = value.replace("(", "").replace(")", "")
    body, check = v[:-1], v[-1]
    body = body.rjust(8)
    total = sum(_hk_val(c) * w for c, w in zip(body, range(9, 1, -1)))
    want = (11 - total % 11) % 11
    return check == ("A" if want == 10 else str(want))


def hkid(prefix: str, digits: str) -> str:
    body = (prefix + digits).rjust(8)
    total = sum(_hk_val(c) * w for c, w in zip(body, range(9, 1, -1)))
    want = (11 - total % 11) % 11
    out = f"{prefix}{digits}({'A' if want == 10 else want})"
    assert hkid_ok(out)
    return out


def _iban_num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(value: str) -> bool:
    v = value.replace(" ", "")
    return _iban_num(v[4:] + v[:4]) % 97 == 1


def iban(country: str, bban: str, grouped: bool = True) -> str:
    check = 98 - _iban_num(bban + country + "00") % 97
    v = f"{country}{check:02d}{bban}"
    assert iban_ok(v)
    return " ".join(v[i : i + 4] for i in range(0, len(v), 4)) if grouped else v


def ssn_ok(value: str) -> bool:
    d = "".join(c for c in value if c.isdigit())
    area, group, serial = d[:3], d[3:5], d[5:]
    return (
        len(d) == 9
        and area not in ("000", "666")
        and not area.startswith("9")
        and group != "00"
        and serial != "0000"
    )


def ean13_complete(partial: str) -> str:
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(partial))
    return partial + str((10 - s % 10) % 10)


def group(s: str, sizes, sep=" ") -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    assert i == len(s), (s, sizes)
    return sep.join(out)


def fw(s: str) -> str:
    """Full-width form of ASCII letters/digits/punctuation; a space becomes an ideographic space."""
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
az = AZ.lower()
D = "0123456789"
ALNUM = AZ + az + D
HEX = "0123456789abcdef"


def b64u(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).rstrip(b"=").decode()


def jwt(payload) -> str:
    return b64u({"alg": "HS256", "typ": "JWT"}) + "." + b64u(payload) + "." + rand(ALNUM + "-_", 43)


# -- invented values -----------------------------------------------------------------------------

VISA = luhn_complete("453271533790421")
MC = luhn_complete("545762019934807")
AMEX = luhn_complete("37829411580262")
UNIONPAY19 = luhn_complete("622202120304556789")
CMB16 = luhn_complete("622588123067441")
CREDIT_ZH = luhn_complete("625960021847339")
IMEI_EN = luhn_complete("35693803564380")
IMEI_ZH = luhn_complete("86182704395102")
NOT_CARD = "4208881209375561"  # order number that looks like a card: Luhn must fail
assert not luhn_ok(NOT_CARD)
for _c in (VISA, MC, AMEX, UNIONPAY19, CMB16, CREDIT_ZH, IMEI_EN, IMEI_ZH):
    assert luhn_ok(_c)

CNID1 = cn_id("110105", "19900307", "861")
CNID2 = cn_id_with_x("320102", "19881124")
CNID3 = cn_id("440305", "19950612", "237")
CNID4 = cn_id("510104", "20010918", "052")
HK1 = hkid("K", "283917")
HK2 = hkid("Y", "647283")
HK3 = hkid("XA", "120394")
IBAN_GB = iban("GB", "BARC20041578341256")
IBAN_DE = iban("DE", "370400440532013000")
IBAN_NL = iban("NL", "RABO0312784519")
SSN1, SSN2, SSN3 = "523-41-7789", "412 67 3308", "604-22-1958"
for _s in (SSN1, SSN2, SSN3):
    assert ssn_ok(_s)
EAN_NEG = ean13_complete("690102807583")
ISBN_NEG = ean13_complete("978711554608")

SK_PROJ = "sk-proj-" + rand(ALNUM + "-_", 64)
SK_ZH = "sk-" + rand(ALNUM, 48)
GHP_EN = "ghp_" + rand(ALNUM, 36)
GHP_ZH = "ghp_" + rand(ALNUM, 36)
GH_PAT = "github_pat_11" + rand(AZ + D, 20) + "_" + rand(ALNUM, 59)
XOXB_EN = f"xoxb-{rand(D, 12)}-{rand(D, 13)}-{rand(ALNUM, 24)}"
XOXB_ZH = f"xoxb-{rand(D, 11)}-{rand(D, 13)}-{rand(ALNUM, 24)}"
AKIA = "AKIA" + rand(AZ + "234567", 16)
AWS_SECRET = rand(ALNUM + "/+", 40)
LTAI = "LTAI5t" + rand(ALNUM, 18)
ALI_SECRET = rand(ALNUM, 30)
STRIPE = "sk_live_" + rand(ALNUM, 34)
JWT_EN = jwt({"sub": "u_" + rand(D, 7), "iat": 1732581122, "exp": 1732584722})
JWT_ZH = jwt({"uid": int(rand("123456789", 8)), "role": "user", "exp": 1735660800})
SHA_NEG = rand(HEX, 40)
SHA256_NEG = rand(HEX, 64)

# -- messages -------------------------------------------------------------------------------------

EN = [
    # positives
    (
        "Marcus Webb",
        "fyi marcus webb here — new email is m.webb1987@protonmail.com, pls stop using marcus.webb@outlook.com",
        [
            ("marcus webb", "Real Name"),
            ("m.webb1987@protonmail.com", "Email"),
            ("marcus.webb@outlook.com", "Email"),
        ],
    ),
    (
        None,
        "my cell is (312) 867-2291 and the work line is 312.555.0143 ext 22 if i dont pick up",
        [("(312) 867-2291", "Phone Number"), ("312.555.0143", "Phone Number")],
    ),
    (
        None,
        "text me on +44 7700 900461 when ur outside, buzzer is broken",
        [("+44 7700 900461", "Phone Number")],
    ),
    (None, "uk landline is 020 7946 0018 ask for the front desk", [("020 7946 0018", "Phone Number")]),
    (
        None,
        "pls save this contact: Wei Chen +86 139-1024-7756 (the contractor for the kitchen)",
        [("Wei Chen", "Third-Party Identifiable Info"), ("+86 139-1024-7756", "Phone Number")],
    ),
    (
        None,
        "why is my ip 81.2.69.160 on a spam blacklist?? i didnt send anything",
        [("81.2.69.160", "IP Address")],
    ),
    (
        None,
        "the app box 10.12.4.88 cant reach the nas at 192.168.50.2 since the router reboot",
        [("10.12.4.88", "Internal IP"), ("192.168.50.2", "Internal IP")],
    ),
    (
        None,
        "wifi mac of my laptop is a4:83:e7:1f:9c:02, need it for the router allowlist",
        [("a4:83:e7:1f:9c:02", "Device ID")],
    ),
    (
        None,
        f"phone got stolen, carrier wants the imei: {group(IMEI_EN, (6, 2, 6, 1))}",
        [(group(IMEI_EN, (6, 2, 6, 1)), "Device ID")],
    ),
    (
        None,
        "add me, discord is nightowl_42 and steam id 76561198039482716",
        [("nightowl_42", "Account ID/Username"), ("76561198039482716", "Account ID/Username")],
    ),
    (
        None,
        "i'm 34 btw, born march 9th 1990 so dont suggest stuff for college kids",
        [("34", "Specific Age"), ("march 9th 1990", "Specific Date of Birth")],
    ),
    (
        None,
        "dob 07/22/1985 for the insurance form, rest u can leave blank",
        [("07/22/1985", "Specific Date of Birth")],
    ),
    (
        None,
        "ship it to 4417 Larkspur Ln Apt 3C, Austin TX — zip 78745",
        [("4417 Larkspur Ln Apt 3C, Austin TX", "Detailed Address"), ("78745", "Zip Code")],
    ),
    (
        None,
        "postcode is M14 5RG if the courier asks, he couldnt find the adress yesterday 🙄",
        [("M14 5RG", "Zip Code")],
    ),
    (None, f"ssn {SSN1} for the w4 form, employer id is on the stub", [(SSN1, "ID Number")]),
    (None, f"my social is {SSN2} - do i put that on the lease application or not", [(SSN2, "ID Number")]),
    (
        None,
        "passport no. 548213907 exp 2031, renewing it isnt urgent right?",
        [("548213907", "Passport Number")],
    ),
    (
        None,
        f"chinese passport E58291736 and id card {CNID4}, both needed for the visa form ugh 😩",
        [("E58291736", "Passport Number"), (CNID4, "ID Number")],
    ),
    (None, "CA DL: D4827715 — does the dmv let me renew online", [("D4827715", "Driver's License Number")]),
    (
        None,
        "got a ticket, my plate is 7KJW482 (california), how do i contest",
        [("7KJW482", "License Plate")],
    ),
    (
        None,
        f"visa {group(VISA, (4, 4, 4, 4))} cvv 318 — is this the card that got charged twice",
        [(group(VISA, (4, 4, 4, 4)), "Bank/Payment Card Number"), ("318", "Payment Security Code")],
    ),
    (
        None,
        f"amex is {group(AMEX, (4, 6, 5), '-')} and the 4 digit code on front is 0412",
        [(group(AMEX, (4, 6, 5), "-"), "Bank/Payment Card Number"), ("0412", "Payment Security Code")],
    ),
    (
        None,
        f"use the mastercard {MC} for the hotel deposit not the debit",
        [(MC, "Bank/Payment Card Number")],
    ),
    (None, f"landlord's iban {IBAN_GB}, ref = flat 2 rent", [(IBAN_GB, "Financial Account")]),
    (
        None,
        f"wire it to {IBAN_DE.replace(' ', '')} (deutsche bank) pls",
        [(IBAN_DE.replace(" ", ""), "Financial Account")],
    ),
    (None, "routing 021000021, acct # 483920175 for direct deposit", [("483920175", "Financial Account")]),
    (
        None,
        "sort code 20-00-00 account no 73849201 — is that enough for a uk transfer",
        [("73849201", "Financial Account")],
    ),
    (
        None,
        "a guy called saying hes from the bank and asked for 482913 which is the login code i just recieved, do i give it??",
        [("482913", "Verification Code")],
    ),
    (
        None,
        "authenticator shows 904 417 rn, it expires in like 10s hurry",
        [("904 417", "Verification Code")],
    ),
    (None, "wifi pw: Sunfl0wer#2019 (capital S) for the guests", [("Sunfl0wer#2019", "Password")]),
    (None, "my bank pin is 4719 dont let me forget it lol 😅", [("4719", "PIN")]),
    (
        None,
        "router admin password got reset to Gx7pL2q-99 after the firmware update",
        [("Gx7pL2q-99", "Password")],
    ),
    (None, "door code for the building is 7391 btw", [("7391", "PIN")]),
    (None, f"OPENAI_API_KEY={SK_PROJ} still says invalid key, whats wrong", [(SK_PROJ, "Key")]),
    (None, f"git push keeps failing, here's my token {GHP_EN} can u check scopes", [(GHP_EN, "Token")]),
    (None, f"fine grained pat: {GH_PAT}\nrepo access only", [(GH_PAT, "Token")]),
    (None, f"slack bot token {XOXB_EN} - bot posts nothing", [(XOXB_EN, "Token")]),
    (None, f"aws creds for the staging user: {AKIA} / {AWS_SECRET}", [(AKIA, "Key"), (AWS_SECRET, "Key")]),
    (None, f"Authorization: Bearer {JWT_EN} — why is it 401", [(JWT_EN, "Token")]),
    (
        None,
        "DATABASE_URL=postgres://orders_svc:N8vq2Lw77@10.40.1.12:5432/orders migrations hang",
        [("postgres://orders_svc:N8vq2Lw77@10.40.1.12:5432/orders", "Database Connection String")],
    ),
    (
        None,
        "mongodb+srv://dbAdmin:Kp3xT9wz@cluster0.x8k2p.mongodb.net/prod?retryWrites=true times out from lambda",
        [
            (
                "mongodb+srv://dbAdmin:Kp3xT9wz@cluster0.x8k2p.mongodb.net/prod?retryWrites=true",
                "Database Connection String",
            )
        ],
    ),
    (
        None,
        "Server=sql-prod-02;Database=Payroll;User Id=sa;Password=Wint3r2024x; is what the old app used",
        [
            (
                "Server=sql-prod-02;Database=Payroll;User Id=sa;Password=Wint3r2024x;",
                "Database Connection String",
            )
        ],
    ),
    (
        None,
        "our grafana is at http://grafana.ops.internal:3000/d/k8s-nodes, login with sso",
        [("http://grafana.ops.internal:3000/d/k8s-nodes", "Intranet Entry Point")],
    ),
    (
        None,
        "the admin panel lives at https://10.0.8.14:8443/admin but the cert is self signed",
        [("https://10.0.8.14:8443/admin", "Intranet Entry Point")],
    ),
    (
        None,
        "github recovery codes: 4f7a2-9c1e8 b33d0-71aa2 e9c4f-05b6d keep them somewhere",
        [("4f7a2-9c1e8", "Backup Code"), ("b33d0-71aa2", "Backup Code"), ("e9c4f-05b6d", "Backup Code")],
    ),
    (
        "Priya Raman",
        "hi, Priya here. 29, living at 12 Hollis Road, Cambridge CB1 3QS now",
        [
            ("Priya", "Real Name"),
            ("29", "Specific Age"),
            ("12 Hollis Road, Cambridge", "Detailed Address"),
            ("CB1 3QS", "Zip Code"),
        ],
    ),
    (
        None,
        "whatismyip says 2a02:c7c:5f21:9d00:4cb1:77ff:fe20:a13b, is that ipv6 leaking my location",
        [("2a02:c7c:5f21:9d00:4cb1:77ff:fe20:a13b", "IP Address")],
    ),
    (
        None,
        "my wechat id is jenny_lin0923 and ig @the.rusty.kettle",
        [("jenny_lin0923", "Account ID/Username"), ("@the.rusty.kettle", "Account ID/Username")],
    ),
    (None, f"hkid {HK2}, do i need it for the octopus card registration", [(HK2, "ID Number")]),
    (None, "security question was first pet, answer: biscuit", [("biscuit", "Security Question Answer")]),
    (
        None,
        "Name: Tomás Herrera | Phone: +1 312-555-0198 | Email: tomas.h@fastmail.com | DOB: 1992-11-03",
        [
            ("Tomás Herrera", "Real Name"),
            ("+1 312-555-0198", "Phone Number"),
            ("tomas.h@fastmail.com", "Email"),
            ("1992-11-03", "Specific Date of Birth"),
        ],
    ),
    (
        None,
        "order #W88213344 still not here, reach me at 617-555-0172 or +49 151 2345 6789 (german sim)",
        [("617-555-0172", "Phone Number"), ("+49 151 2345 6789", "Phone Number")],
    ),
    # negatives
    (None, "where's my package? tracking 1Z999AA10123456784 has said out for delivery since tuesday", []),
    (None, "upgraded to node v20.11.1 and npm 10.2.4 and now i get ERR_OSSL_EVP_UNSUPPORTED", []),
    (None, "log: 2024-03-15T08:42:17.331Z ERROR conn reset by peer (retry 3/5) pid=48213", []),
    (None, "is ISBN 978-0-13-468599-1 the 3rd edition of effective java?", []),
    (None, f"what changed in commit {SHA_NEG}? the diff is huge", []),
    (None, "amazon order 112-4839201-5583917 arrived damaged, how do i get a refund", []),
    (None, "price dropped from $1,249.99 to $1,099 on the 4080 super, worth it?", []),
    (None, "how tall is the eiffel tower compared to the burj khalifa 🗼", []),
    (None, "did taylor swift's eras tour really gross over 2 billion", []),
    (None, f"sha256 of the iso is {SHA256_NEG} is that the official one", []),
    (None, "SKU-88231-BLK-XL is out of stock, any similar jacket?", []),
    (None, "is 4111 1111 1111 1111 the visa test card for stripe test mode", []),
    (None, "does UA857 from SFO usually leave on time", []),
    (None, "windows update KB5034441 fails with 0x80070643, any fix", []),
    (None, "convert unix timestamp 1699999999 to a normal date", []),
    (None, "nginx:1.27.3-alpine vs 1.27-bookworm which image is smaller", []),
    (None, "is 8.8.8.8 or 1.1.1.1 faster for dns", []),
    (None, "is 1-800-275-2273 realy apple support or a scam number 🤔", []),
    (None, "my tv is a QN65Q80CAFXZA, which hdmi port does 120hz", []),
    (None, "request id 123e4567-e89b-12d3-a456-426614174000 shows up in every error, what does it mean", []),
    (None, "python 3.12.1 vs 3.11.7 — any real speed difference for pandas 2.2.0", []),
    (None, "PROJ-4821 got closed as wontfix, how do i reopen a jira ticket", []),
    (None, "what does net 30 mean on invoice INV-2024-000381", []),
    (None, "everest summit coords are 27.9881 N 86.9250 E right?", []),
    (None, "is the white house address 1600 Pennsylvania Ave NW, Washington, DC 20500", []),
    (None, "localhost 127.0.0.1:8080 not responding after i changed the port to 8081", []),
    (None, "the otp box says 6 digits required but the sms only had 5??", []),
    (None, "forgot my password again lol how do i reset it on gmail", []),
]

ZH = [
    # positives
    (
        "李思远",
        "我叫李思远，手机13816627405，以后叫我思远就行",
        [("李思远", "Real Name"), ("13816627405", "Phone Number"), ("思远", "Real Name")],
    ),
    (None, "我的号码 +86 186 2153 9047，微信同号", [("+86 186 2153 9047", "Phone Number")]),
    (None, "座机 010-6552 3187 找前台转一下就行", [("010-6552 3187", "Phone Number")]),
    (None, "办公室电话(0755)8612 4490，工作日九点到六点有人", [("(0755)8612 4490", "Phone Number")]),
    (None, f"手机号{fw('139 0287 6615')}，打不通就发短信", [(fw("139 0287 6615"), "Phone Number")]),
    (
        None,
        "邮箱 siyuan.li@163.com 或者 lsy_work@qq.com 都行",
        [("siyuan.li@163.com", "Email"), ("lsy_work@qq.com", "Email")],
    ),
    (None, f"身份证号{CNID1}，帮我填到报名表里", [(CNID1, "ID Number")]),
    (
        None,
        f"身份证 {group(CNID2, (4, 4, 4, 4, 2))} 最后是大写X",
        [(group(CNID2, (4, 4, 4, 4, 2)), "ID Number")],
    ),
    (None, f"我身份证是{fw(CNID3)}，订酒店要用", [(fw(CNID3), "ID Number")]),
    (None, f"香港身份证 {HK1}，开户要用到，合伙人的是{HK3}", [(HK1, "ID Number"), (HK3, "ID Number")]),
    (None, "护照号码E68204571，签证材料要用", [("E68204571", "Passport Number")]),
    (None, "驾照档案编号：320104881523 换证时要填", [("320104881523", "Driver's License Number")]),
    (None, "我车牌苏E·5N28L，停车场那边帮我登记一下", [("苏E·5N28L", "License Plate")]),
    (
        None,
        "新能源车牌 京AF07921，还有公司那台粤B12345D",
        [("京AF07921", "License Plate"), ("粤B12345D", "License Plate")],
    ),
    (
        None,
        f"银行卡号 {group(UNIONPAY19, (4, 4, 4, 4, 3))} 工行的",
        [(group(UNIONPAY19, (4, 4, 4, 4, 3)), "Bank/Payment Card Number")],
    ),
    (
        None,
        f"招行卡{group(CMB16, (4, 4, 4, 4), '-')}转账到这个",
        [(group(CMB16, (4, 4, 4, 4), "-"), "Bank/Payment Card Number")],
    ),
    (
        None,
        f"信用卡 {CREDIT_ZH} 背面三位 271，帮我查下这张的账单 🙏",
        [(CREDIT_ZH, "Bank/Payment Card Number"), ("271", "Payment Security Code")],
    ),
    (
        None,
        "对公账户 3100 1234 5678 0501 2345，开户行建行上海分行",
        [("3100 1234 5678 0501 2345", "Financial Account")],
    ),
    (None, "公积金账号 1108 2237 4501，查余额要用", [("1108 2237 4501", "Financial Account")]),
    (None, "支付宝账号就是手机 156-0192-8374", [("156-0192-8374", "Phone Number")]),
    (None, "QQ号 2847193650 加我一下😊", [("2847193650", "Account ID/Username")]),
    (None, "vx: siyuan_0923 有事找我", [("siyuan_0923", "Account ID/Username")]),
    (None, "【某银行】您的验证码为649027，请勿泄露。这个要填在哪里", [("649027", "Verification Code")]),
    (None, "刚收到的动态码是 773 104 帮我看看是不是诈骗😰", [("773 104", "Verification Code")]),
    (None, "我的登录密码是 Lsy@2023abc，帮我记着", [("Lsy@2023abc", "Password")]),
    (None, "银行卡取款密码582019 老是忘", [("582019", "PIN")]),
    (
        None,
        "家里wifi叫 CMCC-8F2A 密码 qwe123456789",
        [("CMCC-8F2A", "Network Identifier"), ("qwe123456789", "Password")],
    ),
    (
        None,
        "内网ip 192.168.3.105，外网ip 116.228.45.91 映射不出去",
        [("192.168.3.105", "Internal IP"), ("116.228.45.91", "IP Address")],
    ),
    (None, "跳板机 10.20.30.41 端口22 连不上了", [("10.20.30.41", "Internal IP")]),
    (None, "MAC地址 3C-22-FB-9A-01-7E 加到白名单", [("3C-22-FB-9A-01-7E", "Device ID")]),
    (None, f"手机丢了，IMEI：{IMEI_ZH}", [(IMEI_ZH, "Device ID")]),
    (None, "电脑序列号 SN: C02ZK1XLMD6M 保修还有多久", [("C02ZK1XLMD6M", "Device ID")]),
    (
        None,
        "住址：上海市徐汇区漕溪北路398弄12号1502室，邮编200030",
        [("上海市徐汇区漕溪北路398弄12号1502室", "Detailed Address"), ("200030", "Zip Code")],
    ),
    (
        None,
        "快递寄到杭州市西湖区文三路259号3幢801 谢谢",
        [("杭州市西湖区文三路259号3幢801", "Detailed Address")],
    ),
    (
        None,
        "我今年27了，生日1997年4月16号",
        [("27", "Specific Age"), ("1997年4月16号", "Specific Date of Birth")],
    ),
    (None, "出生日期：1988.11.02 性别那栏我自己填", [("1988.11.02", "Specific Date of Birth")]),
    (None, f"api key是 {SK_ZH} 为啥一直报 401", [(SK_ZH, "Key")]),
    (None, f"github token {GHP_ZH} 帮我看下为啥 clone 不了私有库", [(GHP_ZH, "Token")]),
    (None, f"阿里云 AccessKey ID: {LTAI}，Secret：{ALI_SECRET}", [(LTAI, "Key"), (ALI_SECRET, "Key")]),
    (
        None,
        "数据库连接 mysql://root:Aa123456!@172.18.0.5:3306/crm 报 access denied",
        [("mysql://root:Aa123456!@172.18.0.5:3306/crm", "Database Connection String")],
    ),
    (
        None,
        "jdbc:postgresql://10.1.2.3:5432/erp?user=erp_rw&password=Erp2024rw 这样写对吗",
        [
            (
                "jdbc:postgresql://10.1.2.3:5432/erp?user=erp_rw&password=Erp2024rw",
                "Database Connection String",
            )
        ],
    ),
    (
        None,
        "缓存用的 redis://:r3d1sPass@10.0.0.21:6379/0，连上就超时",
        [("redis://:r3d1sPass@10.0.0.21:6379/0", "Database Connection String")],
    ),
    (
        None,
        "公司OA地址 http://oa.xxcorp.local/login.jsp 在家打不开",
        [("http://oa.xxcorp.local/login.jsp", "Intranet Entry Point")],
    ),
    (
        None,
        "jenkins在 http://172.16.20.8:8080/jenkins 上，构建一直排队",
        [("http://172.16.20.8:8080/jenkins", "Intranet Entry Point")],
    ),
    (
        None,
        "备用码：7319-2046、5582-9913、0467-3381 存好",
        [("7319-2046", "Backup Code"), ("5582-9913", "Backup Code"), ("0467-3381", "Backup Code")],
    ),
    (
        None,
        "帮我存一下王建国的电话 13705718826，装修师傅",
        [("王建国", "Third-Party Identifiable Info"), ("13705718826", "Phone Number")],
    ),
    (None, f"接口返回的 token: {JWT_ZH} 过期时间怎么看", [(JWT_ZH, "Token")]),
    (None, f"荷兰那边的账户 IBAN：{IBAN_NL}，汇款备注写合同号", [(IBAN_NL, "Financial Account")]),
    (
        None,
        "香港手机 +852 9123 4567，美国号码 +1 (646) 555-0137",
        [("+852 9123 4567", "Phone Number"), ("+1 (646) 555-0137", "Phone Number")],
    ),
    (None, "密保问题“最喜欢的电影”答案：大话西游", [("大话西游", "Security Question Answer")]),
    (
        None,
        "my 手机 is 185 1234 5678，email 也可以 lsy.dev@gmail.com",
        [("185 1234 5678", "Phone Number"), ("lsy.dev@gmail.com", "Email")],
    ),
    (
        None,
        f"美国社安号 {SSN3}，报税要用；stripe 的 {STRIPE} 也一起记下",
        [(SSN3, "ID Number"), (STRIPE, "Key")],
    ),
    # negatives
    (None, "顺丰单号 SF1428837590213 查一下到哪了", []),
    (None, f"订单号 {group(NOT_CARD, (4, 4, 4, 4))} 退款怎么还没到账", []),
    (None, "iOS 17.4.1 升级后微信 8.0.47 老闪退", []),
    (
        None,
        "日志：2024-05-12 03:14:07,512 [main] WARN HikariPool-1 - Connection is not available, request timed out after 30000ms",
        [],
    ),
    (None, f"这本书 ISBN {ISBN_NEG} 是第几版", []),
    (None, "iPhone 15 Pro 256G 京东卖 ¥7,999，拼多多 7299 值得买吗", []),
    (None, "故宫地址是北京市东城区景山前街4号吗，几点开门", []),
    (None, "周杰伦演唱会上海站是几号开票🎤", []),
    (None, "10086 和 10010 哪个人工客服好打通", []),
    (None, "茅台股票代码 600519 今天涨了多少", []),
    (None, "G1234 次高铁从北京南到上海虹桥要多久", []),
    (None, "md5: 9e107d9d372bb6826bd81d3542a419d6 这个是什么字符串的哈希", []),
    (None, "错误码 0x800F081F，装 .NET 3.5 一直失败", []),
    (None, "RTX4070Ti-SUPER-16G 和 4080 性能差多少", []),
    (None, "时间戳 1715480047 转成北京时间是几点", []),
    (None, "验证码一直收不到怎么办😭换了好几次手机了", []),
    (None, "身份证号码第17位代表什么", []),
    (None, "发票代码 044031900111 发票号码 28371645 怎么查真伪", []),
    (None, f"商品条码 {EAN_NEG} 是什么饮料", []),
    (None, "天安门的经纬度是 39.9087°N, 116.3975°E 吗", []),
    (None, "docker 镜像 nginx:1.25.3-alpine 拉不下来，报 manifest unknown", []),
    (None, "commit a3f9c1e 之后 CI 就挂了，怎么回滚", []),
    (None, "马云现在还管阿里吗", []),
    (None, "美元兑人民币 7.2345，今天会不会破 7.3", []),
    (None, "UUID 550e8400-e29b-41d4-a716-446655440000 这种是 v4 吗", []),
    (None, "帮我写个通知：２０２４年３月１５日 14:00 全员大会，地点三楼大会议室", []),
    (None, "密码忘了怎么重置 Apple ID", []),
    (None, "12306 候补成功率怎么算，K字头和Z字头有啥区别", []),
]


def build() -> list[dict]:
    rows = []
    for lang, items in (("en", EN), ("zh", ZH)):
        assert len(items) == 80, (lang, len(items))
        assert sum(1 for _, _, s in items if not s) == 28, lang
        for n, (user_name, text, spans) in enumerate(items, 1):
            out = []
            for value, kind in spans:
                assert kind in CANONICAL_TYPES, kind
                assert value and value in text, (lang, n, value)
                out.append(
                    {"original_text": value, "privacy_type": kind, "privacy_level": level_of(kind).value}
                )
            rows.append(
                {
                    "id": f"holdout3-{lang}-{n:03d}",
                    "lang": lang,
                    "user_name": user_name,
                    "text": text,
                    "spans": out,
                    "ignore": [],
                    "source": "holdout3",
                }
            )
    assert len({r["text"] for r in rows}) == len(rows)
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fp:
        for row in rows:
            fp.write(json.dumps(row, ensure_ascii=False) + "\n")
    neg = sum(1 for r in rows if not r["spans"])
    print(f"wrote {len(rows)} messages ({neg} negatives) to {OUT.name}")


if __name__ == "__main__":
    main()
