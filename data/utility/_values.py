"""Value generators for the utility set: realistic formats, valid checksums, seeded ``random.Random``.

Every function takes the generator's ``rng`` so that one seed fixes the whole data set.
Phone numbers are checked with ``phonenumbers`` (valid for their region); card numbers pass
Luhn; Chinese ID numbers carry the GB 11643 check character; IBANs pass mod-97; US routing
numbers pass the ABA checksum.
"""

from __future__ import annotations

import random
import string
from datetime import date, timedelta

import phonenumbers

UPPER = string.ascii_uppercase
ALNUM = string.ascii_letters + string.digits


def digits(rng: random.Random, n: int, *, first_nonzero: bool = False) -> str:
    out = "".join(rng.choice(string.digits) for _ in range(n))
    if first_nonzero and out[0] == "0":
        out = str(rng.randint(1, 9)) + out[1:]
    return out


# -- phones -----------------------------------------------------------------------------

_US_AREAS = ("415", "503", "212", "617", "312", "206", "512", "303", "646", "718", "404", "971", "720", "425")
_CN_MOBILE = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
              "158", "159", "176", "177", "180", "182", "185", "186", "187", "188", "189", "199")
_CN_LANDLINE = (("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("028", 8), ("027", 8))


def _valid(number: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def us_phone(rng: random.Random, areas: tuple[str, ...] = _US_AREAS) -> str:
    while True:
        area = rng.choice(areas)
        exchange = str(rng.randint(2, 9)) + digits(rng, 2)
        line = digits(rng, 4)
        if exchange.endswith("11") or exchange == "555" or not _valid(area + exchange + line, "US"):
            continue
        style = rng.randrange(4)
        if style == 0:
            return f"({area}) {exchange}-{line}"
        if style == 1:
            return f"{area}-{exchange}-{line}"
        if style == 2:
            return f"+1 {area} {exchange} {line}"
        return f"{area}.{exchange}.{line}"


def uk_mobile(rng: random.Random) -> str:
    while True:
        rest = "7" + str(rng.choice((4, 5, 7, 8, 9))) + digits(rng, 8)
        if not _valid("0" + rest, "GB"):
            continue
        if rng.random() < 0.5:
            return f"+44 {rest[:4]} {rest[4:]}"
        return f"0{rest[:4]} {rest[4:]}"


def cn_mobile(rng: random.Random) -> str:
    while True:
        n = rng.choice(_CN_MOBILE) + digits(rng, 8)
        if not _valid(n, "CN"):
            continue
        style = rng.randrange(4)
        if style == 0:
            return f"{n[:3]} {n[3:7]} {n[7:]}"
        if style == 1:
            return n
        if style == 2:
            return f"{n[:3]}-{n[3:7]}-{n[7:]}"
        return f"+86 {n[:3]} {n[3:7]} {n[7:]}"


def cn_landline(rng: random.Random) -> str:
    while True:
        area, width = rng.choice(_CN_LANDLINE)
        local = str(rng.randint(2, 8)) + digits(rng, width - 1)
        if _valid(area + local, "CN"):
            return f"{area}-{local[:4]} {local[4:]}" if rng.random() < 0.5 else f"{area}-{local}"


# -- cards, accounts, identity numbers ----------------------------------------------------


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the digit left of the check digit
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    clean = "".join(ch for ch in number if ch.isdigit())
    return len(clean) > 1 and luhn_check_digit(clean[:-1]) == clean[-1]


def card_number(rng: random.Random, brand: str) -> str:
    if brand == "visa":
        body = "4" + digits(rng, 14)
    elif brand == "mastercard":
        body = str(rng.randint(51, 55)) + digits(rng, 13)
    elif brand == "amex":
        body = rng.choice(("34", "37")) + digits(rng, 12)
        n = body + luhn_check_digit(body)
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    elif brand == "unionpay19":
        body = "6222" + digits(rng, 14)
        n = body + luhn_check_digit(body)
        return f"{n[:4]} {n[4:8]} {n[8:12]} {n[12:16]} {n[16:]}" if rng.random() < 0.5 else n
    else:  # unionpay 16
        body = "62" + rng.choice(("1483", "2848", "1700", "2588")) + digits(rng, 9)
    n = body + luhn_check_digit(body)
    return " ".join(n[i : i + 4] for i in range(0, 16, 4)) if rng.random() < 0.6 else n


_CN_REGIONS = ("110105", "110108", "310104", "310115", "440305", "440106", "330106", "510107", "420106", "320102")
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def cn_id_check(body17: str) -> str:
    return _CN_ID_CHECK[sum(int(c) * w for c, w in zip(body17, _CN_ID_WEIGHTS)) % 11]


def cn_id_number(rng: random.Random, birth: date, female: bool) -> str:
    seq = rng.randint(0, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    body = rng.choice(_CN_REGIONS) + birth.strftime("%Y%m%d") + f"{seq:03d}"
    return body + cn_id_check(body)


def us_ssn(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


_NI_BAD_FIRST = set("DFIQUV")
_NI_BAD_SECOND = set("DFIOQUV")
_NI_BAD_PAIRS = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def uk_ni_number(rng: random.Random) -> str:
    while True:
        a, b = rng.choice(UPPER), rng.choice(UPPER)
        if a in _NI_BAD_FIRST or b in _NI_BAD_SECOND or a + b in _NI_BAD_PAIRS:
            continue
        nums = digits(rng, 6)
        return f"{a}{b} {nums[:2]} {nums[2:4]} {nums[4:]} {rng.choice('ABCD')}"


def aba_routing(rng: random.Random) -> str:
    """A US routing number: a Federal Reserve prefix (01-12, 21-32) and the ABA check digit."""
    prefix = rng.choice([f"{n:02d}" for n in (*range(1, 13), *range(21, 33))])
    d = [int(c) for c in prefix + digits(rng, 6)]
    check = (10 - (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5]) % 10) % 10
    return "".join(map(str, d)) + str(check)


def iban_check_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def gb_iban(rng: random.Random) -> str:
    bank = rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL"))
    bban = bank + digits(rng, 6) + digits(rng, 8)
    numeric = "".join(str(int(c, 36)) for c in bban + "GB00")
    check = 98 - int(numeric) % 97
    s = f"GB{check:02d}{bban}"
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def passport(rng: random.Random, country: str) -> str:
    if country == "US":
        return rng.choice(UPPER.replace("O", "").replace("I", "")) + digits(rng, 8)
    if country == "GB":
        return digits(rng, 9, first_nonzero=True)
    return rng.choice(("E", "EA", "EB", "EJ")) + digits(rng, 7) if rng.random() < 0.5 else "E" + digits(rng, 8)


def ca_driver_license(rng: random.Random) -> str:
    return rng.choice(UPPER) + digits(rng, 7)


def uk_driving_licence(rng: random.Random, surname: str, first: str, birth: date, female: bool) -> str:
    sur = (surname.upper().replace("'", "")[:5]).ljust(5, "9")
    month = birth.month + (50 if female else 0)
    initials = (first[:1].upper() + "9")
    return f"{sur}{str(birth.year)[2]}{month:02d}{birth.day:02d}{str(birth.year)[3]}{initials}9{rng.choice(UPPER)}{rng.choice(UPPER)}"


def us_plate(rng: random.Random) -> str:
    return str(rng.randint(4, 9)) + "".join(rng.choice(UPPER.replace("O", "").replace("I", "")) for _ in range(3)) + digits(rng, 3)


def uk_plate(rng: random.Random) -> str:
    letters = UPPER.replace("I", "").replace("Q", "").replace("Z", "")
    return f"{rng.choice(letters)}{rng.choice(letters)}{rng.choice(('19', '20', '21', '69', '70', '71', '72'))} " + "".join(
        rng.choice(letters) for _ in range(3)
    )


_CN_PLATE_PROVINCES = (("沪", "ABCDEFGHJKLN"), ("京", "ABCEFGHJKLMNPQ"), ("粤", "ABCDEFGS"), ("浙", "ABCDEFG"), ("川", "AB"),
                       ("鄂", "A"), ("苏", "ABCDE"))


def cn_plate(rng: random.Random, province: str | None = None) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    prov, codes = next((p for p in _CN_PLATE_PROVINCES if p[0] == province), rng.choice(_CN_PLATE_PROVINCES))
    tail = "".join(rng.choice(letters + "0123456789") if i < 2 else rng.choice("0123456789") for i in range(5))
    sep = rng.choice(("", "·", " "))
    return f"{prov}{rng.choice(codes)}{sep}{tail}"


# -- network, secrets, codes ---------------------------------------------------------------


def internal_ip(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    if kind == 1:
        return f"192.168.{rng.randint(0, 99)}.{rng.randint(2, 254)}"
    return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"


def public_ip(rng: random.Random) -> str:
    first = rng.choice((24, 47, 67, 73, 98, 104, 116, 121, 139, 180, 203, 219))
    return f"{first}.{rng.randint(1, 254)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"


def api_key(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return "sk-proj-" + "".join(rng.choice(ALNUM) for _ in range(40))
    if kind == 1:
        return "ghp_" + "".join(rng.choice(ALNUM) for _ in range(36))
    return "AKIA" + "".join(rng.choice(UPPER + string.digits) for _ in range(16))


_WORDS = ("Maple", "Sunrise", "Otter", "Falcon", "Copper", "Harbor", "Willow", "Cobalt", "Juniper", "Tango", "Pepper",
          "Orchid", "Nimbus", "Saffron", "Granite", "Lantern")


def password(rng: random.Random) -> str:
    kind = rng.randrange(4)
    a, b = rng.sample(_WORDS, 2)
    if kind == 0:
        return f"{a}{rng.choice('!#$%&*@')}{b}{rng.randint(10, 99)}"
    if kind == 1:
        return f"{a.lower()}-{b}-{rng.randint(1980, 2024)}"
    if kind == 2:
        return "".join(rng.choice(ALNUM + "!#$%") for _ in range(12))
    return f"{a}{rng.randint(100, 999)}{rng.choice('!?#')}"


def pin(rng: random.Random, n: int = 4) -> str:
    while True:
        p = digits(rng, n)
        if len(set(p)) > 1 and p not in ("1234", "123456", "0000"):
            return p


def otp(rng: random.Random) -> str:
    return digits(rng, 6, first_nonzero=True)


def backup_codes(rng: random.Random) -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return ", ".join("".join(rng.choice(alphabet) for _ in range(4)) + "-" + "".join(rng.choice(alphabet) for _ in range(4)) for _ in range(3))


def db_url(rng: random.Random, database: str) -> str:
    user = rng.choice(("app_user", "svc_orders", "readonly", "etl"))
    host = rng.choice(("db-prod", "pg-main", "orders-db", "analytics-pg")) + "." + rng.choice(("internal", "corp.local", "lan"))
    return f"postgresql://{user}:{password(rng)}@{host}:5432/{database}"


def confirmation_code(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(n))


def birth_date(rng: random.Random, year_lo: int, year_hi: int) -> date:
    start = date(year_lo, 1, 1)
    return start + timedelta(days=rng.randrange((date(year_hi, 12, 31) - start).days))
