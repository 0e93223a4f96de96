"""Value generators for the dev set: real formats with valid checksums, and look-alikes.

Every function takes a ``random.Random`` so the output depends only on the seed.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def luhn_complete(body: str) -> str:
    """Append the Luhn check digit to ``body``."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


# -- phones ------------------------------------------------------------------------------

CN_MOBILE_PREFIXES = "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 180 181 182 183 185 186 187 188 189 191 198 199".split()


def cn_mobile(rng: random.Random) -> str:
    number = rng.choice(CN_MOBILE_PREFIXES) + digits(rng, 8)
    style = rng.random()
    if style < 0.45:
        return number
    if style < 0.65:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style < 0.75:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style < 0.87:
        return f"+86 {number[:3]} {number[3:7]} {number[7:]}"
    if style < 0.92:
        return f"+86{number}"
    return number.translate(FULL_WIDTH)


def cn_landline(rng: random.Random) -> str:
    area = rng.choice(
        ["010", "021", "020", "022", "0755", "0571", "028", "027", "025", "029", "0512", "0532"]
    )
    local = rng.choice("2345678") + digits(rng, 7 if len(area) == 3 else rng.choice((6, 7)))
    style = rng.random()
    if style < 0.6:
        return f"{area}-{local}"
    if style < 0.8:
        return f"({area}){local}"
    return f"{area} {local[:4]} {local[4:]}"


US_AREAS = "212 213 312 415 617 646 206 512 303 702 305 404 503 718 773 858 917 929".split()


def us_phone(rng: random.Random) -> str:
    area = rng.choice(US_AREAS)
    exchange = rng.choice("23456789") + digits(rng, 2)
    line = digits(rng, 4)
    return rng.choice(
        [
            f"({area}) {exchange}-{line}",
            f"{area}-{exchange}-{line}",
            f"{area}.{exchange}.{line}",
            f"+1 {area} {exchange} {line}",
            f"+1-{area}-{exchange}-{line}",
            f"1-{area}-{exchange}-{line}",
        ]
    )


def intl_phone(rng: random.Random) -> str:
    import phonenumbers

    for _ in range(200):
        country, fmt = rng.choice(
            [
                ("GB", "+44 7{} {}"),
                ("GB", "+44 20 {} {}"),
                ("DE", "+49 30 {} {}"),
                ("FR", "+33 6 {} {}"),
                ("JP", "+81 90-{}-{}"),
                ("SG", "+65 {} {}"),
                ("HK", "+852 {} {}"),
                ("AU", "+61 4{} {}"),
            ]
        )
        if country == "GB" and "7{}" in fmt:
            text = fmt.format(digits(rng, 3), digits(rng, 6))
        elif country == "GB" or country == "DE":
            text = fmt.format(digits(rng, 4), digits(rng, 4))
        elif country == "FR":
            d = digits(rng, 8)
            text = "+33 6 " + " ".join(d[i : i + 2] for i in range(0, 8, 2))
        elif country == "JP":
            text = fmt.format(digits(rng, 4), digits(rng, 4))
        elif country == "SG":
            text = fmt.format(rng.choice("89") + digits(rng, 3), digits(rng, 4))
        elif country == "HK":
            text = fmt.format(rng.choice("569") + digits(rng, 3), digits(rng, 4))
        else:
            text = fmt.format(digits(rng, 2), f"{digits(rng, 3)} {digits(rng, 3)}")
        if phonenumbers.is_valid_number(phonenumbers.parse(text, None)):
            return text
    raise RuntimeError("no valid international number generated")


# -- identity documents ------------------------------------------------------------------

CN_REGIONS = "110101 110105 310104 310115 440305 440106 330106 510107 420111 320102 610113 500103 370202 350203 430104".split()
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def cn_id(rng: random.Random, *, spaced: bool = False) -> str:
    year = rng.randint(1955, 2004)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = f"{rng.choice(CN_REGIONS)}{year}{month:02d}{day:02d}{digits(rng, 3)}"
    check = "10X98765432"[sum(int(body[i]) * _CN_WEIGHTS[i] for i in range(17)) % 11]
    value = body + check
    if spaced:
        return f"{value[:6]} {value[6:14]} {value[14:]}"
    return value


def us_ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def hk_id(rng: random.Random) -> str:
    letter = rng.choice("ABCDEGHKMPRVYZ")
    body = digits(rng, 6)
    total = 36 * 9 + (ord(letter) - 55) * 8 + sum(int(c) * w for c, w in zip(body, range(7, 1, -1)))
    remainder = (11 - total % 11) % 11
    return f"{letter}{body}({'A' if remainder == 10 else remainder})"


def passport_cn(rng: random.Random) -> str:
    return (
        rng.choice(["E", "G"]) + digits(rng, 8)
        if rng.random() < 0.7
        else "E" + rng.choice("ABCDEF") + digits(rng, 7)
    )


def passport_us(rng: random.Random) -> str:
    return rng.choice("56") + digits(rng, 8)


def drivers_license_us(rng: random.Random) -> str:
    return rng.choice(["D", "S", "B", "F"]) + digits(rng, 7)


def cn_plate(rng: random.Random) -> str:
    province = rng.choice("京沪粤浙苏川鄂湘鲁豫闽")
    letter = rng.choice("ABCDEFGHJK")
    tail = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2)) + digits(rng, 3)
    if rng.random() < 0.2:
        tail = rng.choice("DF") + digits(rng, 5)  # new-energy plate
    sep = rng.choice(["", "", "·", " "])
    return f"{province}{letter}{sep}{tail}"


def us_plate(rng: random.Random) -> str:
    return (
        rng.choice("5678") + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3)) + digits(rng, 3)
    )


# -- money ---------------------------------------------------------------------------------


def card(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        number = luhn_complete("4" + digits(rng, 14))
    elif kind < 0.5:
        number = luhn_complete(str(rng.randint(51, 55)) + digits(rng, 13))
    elif kind < 0.6:
        number = luhn_complete(rng.choice(["34", "37"]) + digits(rng, 12))
        return rng.choice([number, f"{number[:4]} {number[4:10]} {number[10:]}"])
    elif kind < 0.9:
        number = luhn_complete(
            "62" + rng.choice(["2202", "2848", "2700", "1483", "2588"]) + digits(rng, rng.choice((9, 12)))
        )
    else:
        number = luhn_complete("35" + digits(rng, 13))
    style = rng.random()
    if style < 0.4:
        return number
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return (" " if style < 0.85 else "-").join(groups)


def iban(rng: random.Random) -> str:
    country, body = rng.choice(
        [
            ("DE", lambda: digits(rng, 18)),
            ("GB", lambda: rng.choice(["NWBK", "BARC", "HBUK"]) + digits(rng, 14)),
            ("FR", lambda: digits(rng, 23)),
            ("NL", lambda: rng.choice(["ABNA", "INGB", "RABO"]) + digits(rng, 10)),
        ]
    )
    bban = body()
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    value = f"{country}{check:02d}{bban}"
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.6 else value


def cn_bank_account(rng: random.Random) -> str:
    return "6" + rng.choice(["2", "0"]) + digits(rng, rng.choice((15, 17)))


def us_bank_account(rng: random.Random) -> str:
    return digits(rng, rng.choice((10, 11, 12)))


# -- network -------------------------------------------------------------------------------


def public_ip(rng: random.Random) -> str:
    while True:
        a = rng.choice(
            [
                23,
                34,
                45,
                52,
                61,
                66,
                73,
                81,
                98,
                101,
                104,
                113,
                118,
                121,
                139,
                142,
                151,
                183,
                203,
                210,
                218,
                221,
            ]
        )
        value = f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if not value.startswith(("100.6", "100.7", "100.8", "100.9", "100.1")):
            return value


def internal_ip(rng: random.Random) -> str:
    return rng.choice(
        [
            f"192.168.{rng.randint(0, 10)}.{rng.randint(2, 254)}",
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
        ]
    )


def mac(rng: random.Random) -> str:
    sep = rng.choice([":", "-"])
    octets = [f"{rng.randint(0, 255):02X}" for _ in range(6)]
    octets[0] = f"{rng.randint(0, 127) * 2:02X}"
    text = sep.join(octets)
    return text.lower() if rng.random() < 0.4 else text


def imei(rng: random.Random) -> str:
    return luhn_complete(rng.choice(["35", "86", "01"]) + digits(rng, 12))


# -- secrets -------------------------------------------------------------------------------

_WORDS = (
    "sunshine dragon monkey tiger panda coffee summer winter rocket galaxy maple ocean shadow falcon".split()
)


def password(rng: random.Random) -> str:
    kind = rng.random()
    word = rng.choice(_WORDS)
    if kind < 0.25:
        return word.capitalize() + rng.choice("!@#$%&*") + str(rng.randint(1990, 2026))
    if kind < 0.45:
        return "".join(
            rng.choice(string.ascii_letters + string.digits + "!@#$%^&*") for _ in range(rng.randint(10, 16))
        )
    if kind < 0.6:
        return word + str(rng.randint(100, 99999))
    if kind < 0.75:
        return (
            rng.choice(["Qwe", "Abc", "Zxc", "Asd"])
            + str(rng.randint(100, 999))
            + rng.choice(["!", "@", "#", "..", "_"])
        )
    if kind < 0.88:
        return digits(rng, rng.choice((6, 8)))
    return word[0].upper() + word[1:3] + rng.choice("@#") + word[3:] + str(rng.randint(10, 99)) + "!"


def otp(rng: random.Random) -> str:
    return digits(rng, rng.choice((4, 6, 6, 6)))


def pin(rng: random.Random) -> str:
    return digits(rng, rng.choice((4, 4, 6)))


def cvv(rng: random.Random) -> str:
    return digits(rng, 3)


def _alnum(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def api_key(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return "sk-" + rng.choice(["", "proj-"]) + _alnum(rng, 40)
    if kind < 0.55:
        return "AKIA" + _alnum(rng, 16, string.ascii_uppercase + string.digits)
    if kind < 0.7:
        return "AIza" + _alnum(rng, 35, string.ascii_letters + string.digits + "_-")
    if kind < 0.85:
        return "sk_live_" + _alnum(rng, 24)
    return "LTAI" + _alnum(rng, 20)


def token(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return "ghp_" + _alnum(rng, 36)
    if kind < 0.6:
        return "xoxb-" + digits(rng, 11) + "-" + digits(rng, 12) + "-" + _alnum(rng, 24)
    if kind < 0.8:
        return "hf_" + _alnum(rng, 34)
    return "glpat-" + _alnum(rng, 20)


def jwt(rng: random.Random) -> str:
    import base64
    import json

    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    header = part({"alg": "HS256", "typ": "JWT"})
    payload = part({"sub": digits(rng, 8), "iat": 1700000000 + rng.randint(0, 9999999)})
    return f"{header}.{payload}.{_alnum(rng, 43, string.ascii_letters + string.digits + '_-')}"


def session_id(rng: random.Random) -> str:
    return _alnum(rng, 32, "0123456789abcdef")


def connection_string(rng: random.Random) -> str:
    user = rng.choice(["admin", "app", "svc_orders", "root", "readonly"])
    pw = _alnum(rng, 12)
    host = rng.choice(
        ["db.internal", "10.0.3.21", "pg-prod.corp", "mysql.example-corp.com", "cluster0.ab1cd.mongodb.net"]
    )
    db = rng.choice(["orders", "crm", "prod", "analytics"])
    kind = rng.random()
    if kind < 0.35:
        return f"postgresql://{user}:{pw}@{host}:5432/{db}"
    if kind < 0.55:
        return f"mysql://{user}:{pw}@{host}:3306/{db}"
    if kind < 0.7:
        return f"mongodb+srv://{user}:{pw}@{host}/{db}?retryWrites=true"
    if kind < 0.85:
        return f"redis://:{pw}@{host}:6379/0"
    return f"Server={host};Database={db};User Id={user};Password={pw};"


def intranet_url(rng: random.Random) -> str:
    return rng.choice(
        [
            f"http://{internal_ip(rng)}:{rng.choice([8080, 8443, 3000, 9000])}/{rng.choice(['admin', 'login', 'dashboard', 'jenkins'])}",
            f"https://{rng.choice(['jira', 'wiki', 'git', 'oa', 'hr'])}.{rng.choice(['corp', 'internal', 'intranet', 'lan'])}/{rng.choice(['browse/OPS-12', 'login', 'home', 'projects'])}",
            f"http://intranet.{rng.choice(['acme', 'huaxin', 'northwind'])}.com/{rng.choice(['hr', 'portal', 'oa'])}",
        ]
    )


def private_key_block(rng: random.Random) -> str:
    body = "\n".join(_alnum(rng, 64, string.ascii_letters + string.digits + "+/") for _ in range(3))
    return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"


def backup_codes(rng: random.Random, n: int) -> list[str]:
    return [
        f"{digits(rng, 4)}-{digits(rng, 4)}"
        if rng.random() < 0.5
        else _alnum(rng, 8, string.ascii_lowercase + string.digits)
        for _ in range(n)
    ]


def username(rng: random.Random) -> str:
    return (
        rng.choice(["dragon", "xiaoyu", "maple", "nightowl", "coder", "kiki", "leo", "panda"])
        + rng.choice(["_", "", "."])
        + str(rng.randint(7, 2024))
    )


def qq_number(rng: random.Random) -> str:
    return rng.choice("123456789") + digits(rng, rng.choice((7, 8, 9)))


def wechat_id(rng: random.Random) -> str:
    return rng.choice(["wxid_", "zw", "lily_", "tom"]) + _alnum(
        rng, rng.choice((6, 8)), string.ascii_lowercase + string.digits
    )


# -- people and places -----------------------------------------------------------------------

ZH_SURNAMES = (
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹".split()
)
ZH_GIVEN = "伟 芳 娜 敏 静 强 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀英 晓东 志强 海燕 建华 丽华 子轩 欣怡 浩然 雨桐 梓涵 一鸣 思远 佳怡".split()
EN_FIRST = "James Emily Michael Sarah David Jessica Daniel Olivia Ryan Priya Kevin Hannah Carlos Aisha Ethan Chloe Lucas Grace".split()
EN_LAST = "Smith Johnson Williams Brown Garcia Miller Davis Martinez Anderson Thompson Patel Nguyen Kim Walker Wright Lopez".split()


def zh_name(rng: random.Random) -> str:
    return rng.choice(ZH_SURNAMES) + rng.choice(ZH_GIVEN)


def en_name(rng: random.Random) -> str:
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


ZH_ADDR_PARTS = [
    ("北京市", "朝阳区", ["建国路", "望京街", "东三环中路"]),
    ("上海市", "浦东新区", ["世纪大道", "张杨路", "碧波路"]),
    ("广州市", "天河区", ["天河路", "体育西路", "珠江新城华夏路"]),
    ("深圳市", "南山区", ["科苑路", "深南大道", "后海大道"]),
    ("杭州市", "西湖区", ["文三路", "教工路", "天目山路"]),
    ("成都市", "武侯区", ["人民南路", "科华北路", "天府大道"]),
    ("武汉市", "洪山区", ["珞喻路", "光谷大道", "雄楚大道"]),
    ("南京市", "鼓楼区", ["中山北路", "湖南路", "汉中路"]),
]
ZH_COMPOUNDS = ["阳光花园", "万科城", "碧桂园", "翠湖小区", "SOHO现代城", "金地名苑", "绿地中心", "华润城"]


def zh_address(rng: random.Random) -> str:
    city, district, roads = rng.choice(ZH_ADDR_PARTS)
    road = rng.choice(roads)
    number = f"{rng.randint(1, 999)}号"
    tail = rng.choice(
        [
            "",
            f"{rng.choice(ZH_COMPOUNDS)}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 32)}0{rng.randint(1, 4)}室",
            f"{rng.choice(ZH_COMPOUNDS)}{rng.randint(1, 20)}号楼{rng.randint(1, 28)}0{rng.randint(1, 6)}室",
            f"{rng.randint(2, 30)}楼",
        ]
    )
    prefix = rng.choice([city + district, city + district, district, ""])
    return f"{prefix}{road}{number}{tail}"


EN_STREETS = [
    "Main St",
    "Oak Avenue",
    "Maple Drive",
    "Elm Street",
    "Sunset Blvd",
    "Park Ave",
    "Mission Street",
    "Cedar Lane",
    "Lakeview Road",
    "5th Avenue",
]
EN_CITIES = [
    ("Springfield", "IL", "627"),
    ("Austin", "TX", "787"),
    ("Seattle", "WA", "981"),
    ("Brooklyn", "NY", "112"),
    ("San Jose", "CA", "951"),
    ("Denver", "CO", "802"),
]


def en_address(rng: random.Random) -> str:
    street = f"{rng.randint(12, 9899)} {rng.choice(EN_STREETS)}"
    city, state, zip3 = rng.choice(EN_CITIES)
    unit = rng.choice(
        ["", "", f", Apt {rng.randint(1, 30)}{rng.choice('ABCD')}", f", Suite {rng.randint(100, 950)}"]
    )
    return rng.choice(
        [
            f"{street}{unit}, {city}, {state} {zip3}{digits(rng, 2)}",
            f"{street}{unit}",
            f"{street}{unit}, {city}",
        ]
    )


def us_zip(rng: random.Random) -> str:
    return rng.choice([z for _, _, z in EN_CITIES]) + digits(rng, 2)


def cn_postcode(rng: random.Random) -> str:
    return rng.choice(["100", "200", "510", "518", "310", "610"]) + digits(rng, 3)


def dob_zh(rng: random.Random) -> str:
    y, m, d = rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{y}年{m}月{d}号"])


def dob_en(rng: random.Random) -> str:
    y, m, d = rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28)
    month = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][m - 1]
    return rng.choice(
        [f"{month} {d}, {y}", f"{m:02d}/{d:02d}/{y}", f"{d} {month} {y}", f"{y}-{m:02d}-{d:02d}"]
    )


def coordinates(rng: random.Random) -> str:
    return f"{rng.uniform(22, 40):.5f}, {rng.uniform(100, 122):.5f}"


# -- look-alikes (never private) ---------------------------------------------------------------


def order_number(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(2021, 2025)}{digits(rng, 12)}",
            digits(rng, 18),
            "E" + digits(rng, 15),
            digits(rng, 16),
        ]
    )


def tracking_number(rng: random.Random) -> str:
    return rng.choice(
        [
            "SF" + digits(rng, 13),
            "YT" + digits(rng, 13),
            "1Z" + _alnum(rng, 16, string.ascii_uppercase + string.digits),
            "JD" + digits(rng, 13),
            "7" + digits(rng, 11),
        ]
    )


def isbn13(rng: random.Random) -> str:
    body = "978" + rng.choice("01") + digits(rng, 8)
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    check = (10 - total % 10) % 10
    full = body + str(check)
    return f"{full[:3]}-{full[3]}-{full[4:7]}-{full[7:12]}-{full[12]}"


def version(rng: random.Random) -> str:
    return rng.choice(
        [
            f"v{rng.randint(1, 5)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}",
            f"{rng.randint(1, 3)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}",
            f"{rng.randint(1, 20)}.{rng.randint(0, 9)}",
        ]
    )


def timestamp(rng: random.Random) -> str:
    return rng.choice(
        [
            str(1690000000 + rng.randint(0, 99999999)),
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
            str(1690000000000 + rng.randint(0, 99999999999)),
        ]
    )


def price(rng: random.Random, lang: str) -> str:
    if lang == "zh":
        return rng.choice(
            [
                f"{rng.randint(9, 9999)}元",
                f"¥{rng.randint(10, 99999):,}",
                f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}块",
            ]
        )
    return rng.choice(
        [
            f"${rng.randint(5, 9999):,}.{rng.randint(0, 99):02d}",
            f"${rng.randint(10, 500)}",
            f"{rng.randint(5, 300)} USD",
        ]
    )


def flight(rng: random.Random) -> str:
    return rng.choice(["CA", "MU", "CZ", "UA", "DL", "BA"]) + str(rng.randint(100, 9999))


def git_sha(rng: random.Random) -> str:
    return _alnum(rng, 40, "0123456789abcdef")


def invoice_number(rng: random.Random) -> str:
    return rng.choice(["INV-", "No.", "PO-"]) + str(rng.randint(2020, 2025)) + "-" + digits(rng, 5)


def hotline(rng: random.Random) -> str:
    return rng.choice(
        ["400-820-8820", "400-610-1688", "95588", "10086", "1-800-275-2273", "1-888-280-4331", "12306", "114"]
    )


LOOKALIKES: dict[str, Callable[[random.Random], str]] = {
    "order_no": order_number,
    "tracking_no": tracking_number,
    "isbn": isbn13,
    "version": version,
    "timestamp": timestamp,
    "flight": flight,
    "git_sha": git_sha,
    "invoice_no": invoice_number,
    "hotline": hotline,
}
