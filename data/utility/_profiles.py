"""Persona profiles: the values a persona keeps across messages (names, city, employer, ...)."""

from __future__ import annotations

import random
from typing import Any

import _values as v

# -- English -------------------------------------------------------------------------------

_EN_FEMALE = ("Emily", "Sarah", "Priya", "Hannah", "Olivia", "Grace", "Chloe", "Aisha", "Megan", "Fiona")
_EN_MALE = ("James", "Daniel", "Marcus", "Ethan", "Owen", "Ravi", "Liam", "Noah", "Callum", "Tomas")
_EN_LAST = ("Carter", "Morgan", "Bennett", "Shah", "Walsh", "Fitzgerald", "Nguyen", "Okonkwo", "Harper", "Delgado",
            "Sullivan", "Kowalski", "Ashworth", "Brennan", "Lindgren", "Moreau")
_EN_KIDS = ("Maya", "Leo", "Ava", "Sam", "Ruby", "Theo")
_US_CITIES = (
    ("Portland", "OR", "972", ("503", "971"), ("Maple Avenue", "NE Alberta Street", "SE Division Street")),
    ("Austin", "TX", "787", ("512", "737"), ("Riverside Drive", "Guadalupe Street", "Burnet Road")),
    ("Seattle", "WA", "981", ("206", "425"), ("Pine Street", "Fremont Avenue N", "Eastlake Avenue E")),
    ("Denver", "CO", "802", ("303", "720"), ("Colfax Avenue", "Tennyson Street", "S Pearl Street")),
    ("Boston", "MA", "021", ("617", "857"), ("Beacon Street", "Tremont Street", "Centre Street")),
    ("Chicago", "IL", "606", ("312", "773"), ("N Clark Street", "W Armitage Avenue", "S Halsted Street")),
    ("San Francisco", "CA", "941", ("415", "628"), ("Valencia Street", "Irving Street", "Divisadero Street")),
    ("Atlanta", "GA", "303", ("404", "678"), ("Peachtree Road NE", "Ponce de Leon Avenue", "Moreland Avenue")),
)
_GB_CITIES = (
    ("London", ("SW4", "N16", "E8", "SE15"), ("Albion Road", "Lordship Lane", "Rectory Grove")),
    ("Manchester", ("M14", "M20", "M21"), ("Wilmslow Road", "Burton Road", "Beech Road")),
    ("Leeds", ("LS6", "LS7", "LS8"), ("Cardigan Road", "Chapel Lane", "Harehills Avenue")),
    ("Bristol", ("BS6", "BS3", "BS7"), ("Gloucester Road", "North Street", "Chandos Road")),
)
_EN_COMPANIES = (("Northwind Analytics", "northwind.io"), ("Halcyon Health", "halcyonhealth.com"),
                 ("Bluefin Logistics", "bluefinlogistics.com"), ("Quarry Labs", "quarrylabs.dev"),
                 ("Ardent Mutual", "ardentmutual.co.uk"), ("Lumen & Vale", "lumenvale.com"),
                 ("Copperline Studios", "copperline.studio"), ("Meridian Freight", "meridianfreight.com"))
_EN_TITLES = ("senior data analyst", "product manager", "staff software engineer", "UX researcher", "account executive",
              "nurse practitioner", "operations lead", "financial controller")
_EN_PROJECTS = ("Bluebird", "Kestrel", "Halibut", "Nimbus", "Tangerine", "Falconer", "Marigold", "Driftwood")


def _postcode_inward(rng: random.Random) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))


def _en_name(rng: random.Random, female: bool, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(_EN_FEMALE if female else _EN_MALE)} {rng.choice(_EN_LAST)}"
        if name not in used:
            used.add(name)
            return name


def _en_profile(index: int, rng: random.Random) -> dict[str, Any]:
    country = "GB" if index % 3 == 2 else "US"
    female = index % 2 == 0
    used: set[str] = set()
    full = _en_name(rng, female, used)
    first, last = full.split()
    p: dict[str, Any] = {"country": country, "female": female, "full": full, "first": first, "last": last,
                         "birth": v.birth_date(rng, 1962, 2001)}
    if country == "US":
        city, state, zip3, areas, streets = _US_CITIES[index % len(_US_CITIES)]
        p["areas"] = areas
        p["address"] = (f"{rng.randint(12, 4800)} {rng.choice(streets)}, Apt {rng.randint(1, 12)}{rng.choice('ABCD')}, "
                        f"{city}, {state} {zip3}{rng.randint(1, 99):02d}")
    else:
        city, outs, streets = _GB_CITIES[index % len(_GB_CITIES)]
        p["address"] = (f"Flat {rng.randint(1, 9)}, {rng.randint(2, 180)} {rng.choice(streets)}, {city} "
                        f"{rng.choice(outs)} {_postcode_inward(rng)}")
    p["city"] = city
    p["company"], p["domain"] = _EN_COMPANIES[index % len(_EN_COMPANIES)]
    p["title"] = rng.choice(_EN_TITLES)
    p["project"] = rng.choice(_EN_PROJECTS)
    p["mom"] = f"{rng.choice(_EN_FEMALE)} {last}"
    p["brother"] = f"{rng.choice(_EN_MALE)} {last}"
    p["friend"] = _en_name(rng, True, used)
    p["landlord"] = _en_name(rng, False, used)
    p["kid"] = rng.choice(_EN_KIDS)
    return p


# -- Chinese -------------------------------------------------------------------------------

_ZH_SURNAMES = (("张", "zhang"), ("王", "wang"), ("李", "li"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
                ("黄", "huang"), ("赵", "zhao"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
                ("马", "ma"), ("胡", "hu"), ("郭", "guo"), ("林", "lin"))
_ZH_GIVEN_F = (("静", "jing"), ("丽娟", "lijuan"), ("思雨", "siyu"), ("婷", "ting"), ("雪梅", "xuemei"), ("晓燕", "xiaoyan"),
               ("佳怡", "jiayi"), ("欣然", "xinran"))
_ZH_GIVEN_M = (("伟", "wei"), ("强", "qiang"), ("浩然", "haoran"), ("建军", "jianjun"), ("子轩", "zixuan"), ("磊", "lei"),
               ("宇航", "yuhang"), ("志明", "zhiming"))
_ZH_KIDS = ("小宝", "乐乐", "朵朵", "豆豆", "天天", "果果")
# city, districts with their ID region codes, streets, plate province, zip prefix
_ZH_CITIES = (
    ("上海市", (("浦东新区", "310115"), ("徐汇区", "310104")), ("张杨路", "漕溪北路", "世纪大道"), "沪", "200"),
    ("北京市", (("朝阳区", "110105"), ("海淀区", "110108")), ("望京西路", "中关村南大街", "学院路"), "京", "100"),
    ("深圳市", (("南山区", "440305"),), ("科技园南路", "南海大道", "后海大道"), "粤", "518"),
    ("杭州市", (("西湖区", "330106"),), ("文三路", "古墩路", "天目山路"), "浙", "310"),
    ("成都市", (("武侯区", "510107"),), ("科华北路", "人民南路四段", "玉林南路"), "川", "610"),
    ("武汉市", (("武昌区", "420106"),), ("中北路", "武珞路", "徐东大街"), "鄂", "430"),
)
_ZH_COMPOUNDS = ("阳光花园", "锦绣家园", "翠苑小区", "金地名郡", "融科天城")
_ZH_COMPANIES = (("华信科技", "huaxin-tech.cn", "HX"), ("蓝鲸数据", "lanjingdata.com", "LJ"), ("星河互娱", "xinghe-game.com", "XH"),
                 ("远航物流", "yuanhang56.com", "YH"), ("云杉医疗", "yunshanmed.cn", "YS"), ("启明证券", "qiming-sec.com", "QM"))
_ZH_TITLES = ("高级产品经理", "数据分析师", "后端开发工程师", "财务主管", "UI设计师", "销售经理", "人事专员", "算法工程师")
_ZH_PROJECTS = ("青鸾", "天枢", "北斗七号", "鲲鹏", "扶摇", "玄武", "白泽", "烛龙")


def _zh_name(rng: random.Random, female: bool, used: set[str], surname: tuple[str, str] | None = None) -> tuple[str, str]:
    while True:
        s = surname or rng.choice(_ZH_SURNAMES)
        g = rng.choice(_ZH_GIVEN_F if female else _ZH_GIVEN_M)
        if s[0] + g[0] not in used:
            used.add(s[0] + g[0])
            return s[0] + g[0], f"{s[1]} {g[1]}"


def _zh_profile(index: int, rng: random.Random) -> dict[str, Any]:
    female = index % 2 == 1
    used: set[str] = set()
    surname = _ZH_SURNAMES[index % len(_ZH_SURNAMES)]
    full, pinyin = _zh_name(rng, female, used, surname)
    city, districts, streets, province, _zip = _ZH_CITIES[index % len(_ZH_CITIES)]
    district, region = rng.choice(districts)
    birth = v.birth_date(rng, 1965, 2002)
    p: dict[str, Any] = {"female": female, "full": full, "pinyin": pinyin, "birth": birth, "city": city, "district": district,
                         "plate_province": province}
    floor_room = f"{rng.randint(2, 28)}{rng.randint(1, 4):02d}"
    if city == "上海市":  # lanes (弄) are a Shanghai thing
        p["address"] = f"{city}{district}{rng.choice(streets)}{rng.randint(8, 1999)}弄{rng.randint(1, 40)}号{floor_room}室"
    else:
        p["address"] = (f"{city}{district}{rng.choice(streets)}{rng.randint(1, 399)}号{rng.choice(_ZH_COMPOUNDS)}"
                        f"{rng.randint(1, 12)}栋{rng.randint(1, 3)}单元{floor_room}")
    body = region + birth.strftime("%Y%m%d") + f"{rng.randint(0, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9)):03d}"
    p["id_number"] = body + v.cn_id_check(body)
    p["company"], p["domain"], p["company_code"] = _ZH_COMPANIES[index % len(_ZH_COMPANIES)]
    p["title"] = rng.choice(_ZH_TITLES)
    p["project"] = rng.choice(_ZH_PROJECTS)
    p["mom"] = _zh_name(rng, True, used)[0]
    p["brother"] = _zh_name(rng, False, used, surname)[0]
    p["friend"], p["friend_pinyin"] = _zh_name(rng, True, used)
    p["kid"] = rng.choice(_ZH_KIDS)
    return p


def make_profile(lang: str, index: int, rng: random.Random) -> dict[str, Any]:
    return _en_profile(index, rng) if lang == "en" else _zh_profile(index, rng)
