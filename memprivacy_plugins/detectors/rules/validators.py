"""Pure checks on candidate values: checksums and structural rules of real formats.

Every function takes the value as written (separators allowed where the format has
them) and returns a bool. None of them raises on odd input.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import re
import time
from functools import lru_cache
from operator import mul
from typing import Final

__all__ = [
    "aba_routing_ok",
    "card_prefix_ok",
    "cn_birth_date_ok",
    "cn_resident_id_checksum_ok",
    "cn_resident_id_ok",
    "digits_of",
    "e164_possible",
    "hk_id_ok",
    "iban_ok",
    "ipv4_kind",
    "ipv6_kind",
    "luhn_ok",
    "mod97",
    "tw_id_ok",
    "uk_nino_ok",
    "us_ssn_ok",
]

_NON_DIGIT: Final = re.compile(r"[^0-9]")


def digits_of(value: str) -> str:
    """The ASCII digits of ``value`` (separators dropped)."""
    if value.isdigit() and value.isascii():  # nothing to drop: skip the regex
        return value
    return _NON_DIGIT.sub("", value)


# Every second digit from the right counts doubled, less 9 when that makes two digits.
# Summed as bytes: int() per digit costs more than the rest of the check.
_LUHN_DOUBLED: Final = bytes.maketrans(b"0123456789", b"0246813579")


def luhn_ok(value: str) -> bool:
    """ISO/IEC 7812 Luhn check over the digits of ``value`` (cards, IMEI)."""
    digits = digits_of(value)
    if len(digits) < 2:
        return False
    codes = digits.encode("ascii")
    return (sum(codes[-1::-2]) + sum(codes[-2::-2].translate(_LUHN_DOUBLED)) - 48 * len(codes)) % 10 == 0


def card_prefix_ok(digits: str) -> bool:
    """Issuer prefixes in use (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Mir, Maestro)."""
    if not 13 <= len(digits) <= 19:
        return False
    first = digits[0]
    if first == "4":  # Visa
        return len(digits) in (13, 16, 19)
    two = int(digits[:2])
    if 51 <= two <= 55 or 2221 <= int(digits[:4]) <= 2720:  # Mastercard
        return len(digits) == 16
    if two in (34, 37):  # Amex
        return len(digits) == 15
    if two in (30, 36, 38, 39):  # Diners
        return 14 <= len(digits) <= 19
    if two == 35:  # JCB
        return 16 <= len(digits) <= 19
    if two == 62 or two == 81:  # UnionPay
        return 16 <= len(digits) <= 19
    if first == "6":  # Discover, Maestro, RuPay and other 6-series debit
        return 16 <= len(digits) <= 19
    if two in (50, 56, 57, 58) or first == "2":  # Maestro, Mir (220x)
        return 12 <= len(digits) <= 19
    return False


# GB 11643-1999: weights 2^(17-i) mod 11, check character from the sum mod 11.
_CN_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK: Final = "10X98765432"
# First two digits: province-level division codes (GB/T 2260), plus 83 (Taiwan residents'
# permits) and 91 (residence permits for foreigners issue 2023).
_CN_PROVINCES: Final = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83 91".split()
)


@lru_cache(maxsize=2)
def _today(day_number: int) -> _dt.date:
    return _dt.date.today()


def cn_birth_date_ok(yyyymmdd: str, *, today: _dt.date | None = None) -> bool:
    """A real calendar date from 1900 up to today."""
    if len(yyyymmdd) != 8 or not yyyymmdd.isdigit():
        return False
    try:
        born = _dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    if today is None:
        today = _today(int(time.time() // 86400))  # date.today() once a day, not per candidate
    return _dt.date(1900, 1, 1) <= born <= today


def cn_resident_id_shape_ok(value: str) -> bool:
    """18 characters, a province code and a real birth date (checksum not checked)."""
    compact = value.replace(" ", "").upper()
    return (
        len(compact) == 18
        and compact[:17].isdigit()
        and (compact[17].isdigit() or compact[17] == "X")
        and compact[:2] in _CN_PROVINCES
        and cn_birth_date_ok(compact[6:14])
    )


def cn_resident_id_checksum_ok(value: str) -> bool:
    """The MOD 11-2 check character of a value that passed :func:`cn_resident_id_shape_ok`."""
    compact = value.replace(" ", "").upper()
    return _CN_CHECK[sum(map(mul, map(int, compact[:17]), _CN_WEIGHTS)) % 11] == compact[17]


def cn_resident_id_ok(value: str) -> bool:
    """Mainland China resident identity card number (GB 11643, MOD 11-2 check character)."""
    return cn_resident_id_shape_ok(value) and cn_resident_id_checksum_ok(value)


_HK_DROP: Final = re.compile(r"[\s()]")
_HK_SHAPE: Final = re.compile(r"([A-Z]{1,2})([0-9]{6})([0-9A])")


def hk_id_ok(value: str) -> bool:
    """Hong Kong identity card: 1-2 letters, 6 digits, check character (0-9 or A), mod 11."""
    compact = _HK_DROP.sub("", value).upper()
    m = _HK_SHAPE.fullmatch(compact)
    if not m:
        return False
    letters, digits, check = m.groups()
    if len(letters) == 1:
        letters = " " + letters
    total = 0
    weight = 9
    for ch in letters:
        total += (36 if ch == " " else ord(ch) - 55) * weight
        weight -= 1
    for ch in digits:
        total += int(ch) * weight
        weight -= 1
    remainder = (11 - total % 11) % 11
    expected = "A" if remainder == 10 else str(remainder)
    return check == expected


_TW_SHAPE: Final = re.compile(r"[A-Z][12][0-9]{8}")
_TW_LETTERS: Final = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # values 10..35 in this order


def tw_id_ok(value: str) -> bool:
    """Taiwan national identification number: letter, 1 or 2, eight digits, weighted mod 10."""
    compact = value.strip().upper()
    if not _TW_SHAPE.fullmatch(compact):
        return False
    code = _TW_LETTERS.index(compact[0]) + 10
    total = code // 10 + (code % 10) * 9
    for i, ch in enumerate(compact[1:9]):
        total += int(ch) * (8 - i)
    total += int(compact[9])
    return total % 10 == 0


# ISO 13616 lengths for the countries people most often paste.
_IBAN_LENGTHS: Final = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BR": 29,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NL": 18,
    "NO": 15,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "SA": 24,
    "SC": 31,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
}


# Letters as the numbers MOD 97-10 reads them (A=10 ... Z=35).
_BASE36_LETTERS: Final = {ord(c): str(i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10)}


_IBAN_SHAPE: Final = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def mod97(alnum: str) -> int:
    """ISO 7064 MOD 97-10 remainder of a string of digits and letters (A=10 ... Z=35)."""
    if alnum.isascii() and alnum.isalnum():  # one big integer instead of a loop per digit
        return int(alnum.upper().translate(_BASE36_LETTERS)) % 97
    remainder = 0
    for ch in alnum:
        chunk = str(int(ch, 36))
        for d in chunk:
            remainder = (remainder * 10 + ord(d) - 48) % 97
    return remainder


def iban_ok(value: str) -> bool:
    """IBAN: known country length and MOD 97 = 1 after moving the first four characters."""
    compact = "".join(value.split()).replace("-", "").upper()  # re.sub(r"[\s-]", "", value), faster
    if not _IBAN_SHAPE.fullmatch(compact):
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    return mod97(compact[4:] + compact[:4]) == 1


def us_ssn_ok(value: str) -> bool:
    """SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000."""
    digits = digits_of(value)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return len(set(digits)) > 1


# The first two digits of a US routing number: Federal Reserve districts (00-12), thrifts
# (21-32), electronic (61-72) and traveler's cheques (80). Other prefixes are not issued.
_ABA_PREFIXES: Final = frozenset(f"{n:02d}" for n in (*range(13), *range(21, 33), *range(61, 73), 80))


def aba_routing_ok(value: str) -> bool:
    """US ABA routing number: 9 digits, an issued prefix, weights 3-7-1 summing to a multiple of 10."""
    digits = digits_of(value)
    if len(digits) != 9 or digits[:2] not in _ABA_PREFIXES:
        return False
    return sum(int(d) * w for d, w in zip(digits, (3, 7, 1, 3, 7, 1, 3, 7, 1))) % 10 == 0


_NINO_SHAPE: Final = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]")
_NINO_BAD_PREFIX: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def uk_nino_ok(value: str) -> bool:
    """UK National Insurance number: two letters (not D F I Q U V, second not O), 6 digits, A-D."""
    compact = value.replace(" ", "").upper()
    if not _NINO_SHAPE.fullmatch(compact):
        return False
    return compact[:2] not in _NINO_BAD_PREFIX


# Ranges a person would call internal. Documentation ranges (192.0.2.0/24, 2001:db8::/32 ...)
# count as public: they stand in for public addresses in examples.
_INTERNAL_NETS: Final = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


def _ip_kind(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if addr.is_unspecified or addr.is_multicast:
        return None
    for net in _INTERNAL_NETS:
        if addr.version == net.version and addr in net:
            return "internal"
    return "public"


# The IPv4 ones as (network, mask) integers: ipaddress objects cost microseconds per test.
_INTERNAL_V4: Final = tuple(
    (int(n.network_address), int(n.netmask)) for n in _INTERNAL_NETS if n.version == 4
)
_MULTICAST_V4: Final = ipaddress.ip_network("224.0.0.0/4")


def ipv4_kind(value: str) -> str | None:
    """``"public"``, ``"internal"`` (private, loopback, link-local, CGNAT) or None if not an address."""
    parts = value.split(".")
    if len(parts) != 4 or any(not p.isdigit() or len(p) > 3 or (len(p) > 1 and p[0] == "0") for p in parts):
        return None
    if not value.isascii():  # other Unicode digits pass isdigit(); ipaddress rejects them
        return None
    octets = [int(p) for p in parts]
    if max(octets) > 255:
        return None
    if parts[0] in ("0", "255") or value == "255.255.255.255":  # "this network", netmasks
        return None
    addr = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3]
    if addr == 0 or (addr & int(_MULTICAST_V4.netmask)) == int(_MULTICAST_V4.network_address):
        return None
    if any(addr & mask == net for net, mask in _INTERNAL_V4):
        return "internal"
    return "public"


def ipv6_kind(value: str) -> str | None:
    """Like :func:`ipv4_kind` for IPv6 (unique-local fc00::/7 and link-local fe80::/10 are internal)."""
    try:
        addr = ipaddress.IPv6Address(value)
    except ValueError:
        return None
    return _ip_kind(addr)


# ITU-T E.164 country calling codes with the national significant number lengths in use
# (min, max digits). Codes not listed but assigned take 6-12 digits.
_CC_LENGTHS: Final = {
    "1": (10, 10),
    "7": (10, 10),
    "20": (9, 10),
    "27": (9, 9),
    "30": (10, 10),
    "31": (9, 9),
    "32": (8, 9),
    "33": (9, 9),
    "34": (9, 9),
    "36": (8, 9),
    "39": (6, 11),
    "40": (9, 9),
    "41": (9, 9),
    "43": (7, 13),
    "44": (9, 10),
    "45": (8, 8),
    "46": (7, 13),
    "47": (8, 8),
    "48": (9, 9),
    "49": (6, 13),
    "51": (8, 9),
    "52": (10, 10),
    "53": (8, 8),
    "54": (10, 11),
    "55": (10, 11),
    "56": (9, 9),
    "57": (10, 10),
    "58": (10, 10),
    "60": (8, 10),
    "61": (9, 9),
    "62": (8, 12),
    "63": (8, 10),
    "64": (8, 10),
    "65": (8, 8),
    "66": (8, 9),
    "81": (9, 10),
    "82": (8, 11),
    "84": (9, 10),
    "86": (10, 11),
    "90": (10, 10),
    "91": (10, 10),
    "92": (9, 10),
    "93": (9, 9),
    "94": (9, 9),
    "95": (7, 10),
    "98": (10, 10),
    "212": (9, 9),
    "213": (9, 9),
    "234": (8, 10),
    "254": (9, 9),
    "351": (9, 9),
    "352": (8, 11),
    "353": (7, 9),
    "358": (6, 12),
    "380": (9, 9),
    "420": (9, 9),
    "852": (8, 8),
    "853": (8, 8),
    "855": (8, 9),
    "880": (10, 10),
    "886": (8, 9),
    "960": (7, 7),
    "961": (7, 8),
    "962": (8, 9),
    "964": (10, 10),
    "965": (8, 8),
    "966": (9, 9),
    "971": (8, 9),
    "972": (8, 9),
    "974": (8, 8),
    "977": (8, 10),
}
# Assigned codes (ITU list) as prefixes; a number's code is the one prefix that matches.
_CC_OTHER: Final = frozenset(
    "211 218 216 220 221 222 223 224 225 226 227 228 229 230 231 232 233 235 236 237 238 239 240 241 242 243 "
    "244 245 246 248 249 250 251 252 253 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 "
    "298 299 350 354 355 356 357 359 370 371 372 373 374 375 376 377 378 381 382 383 385 386 387 389 421 423 "
    "500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 "
    "677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 850 856 870 967 968 970 973 975 976 992 993 "
    "994 995 996 998".split()
)


def e164_possible(digits: str) -> bool:
    """Could ``digits`` (country code first, no "+") be a dialable international number?"""
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        return False
    for n in (1, 2, 3):
        cc = digits[:n]
        national = len(digits) - n
        if cc in _CC_LENGTHS:
            low, high = _CC_LENGTHS[cc]
            return low <= national <= high
        if cc in _CC_OTHER:
            return 6 <= national <= 12
    return False
