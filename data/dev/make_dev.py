"""Build ``data/dev/dev.jsonl``: the dev set for ``memprivacy eval`` (format in DATASET.md).

    python data/dev/make_dev.py            # rewrites data/dev/dev.jsonl
    python data/dev/make_dev.py --check    # fails if the committed file differs

Deterministic: one seeded ``random.Random``; the same code gives the same bytes.
Three parts, each annotated exactly (every private value, twice if it occurs twice):

* template messages in English and Chinese, slots filled with values in real formats
  (checksums valid) and with look-alikes that are not private (order and tracking
  numbers, ISBNs, versions, timestamps, prices, hotlines, commit hashes);
* negatives: everyday requests, some full of those look-alikes;
* hand-written messages (``handwritten.py``), for the phrasing templates do not have.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten
import values as v

SEED = 20260525
OUT = HERE / "dev.jsonl"
LEVELS = {
    "Real Name": "PL2",
    "Third-Party Identifiable Info": "PL2",
    "Phone Number": "PL2",
    "Email": "PL2",
    "Detailed Address": "PL2",
    "Work Address": "PL2",
    "Zip Code": "PL2",
    "Account ID/Username": "PL2",
    "Network Identifier": "PL2",
    "IP Address": "PL2",
    "Device ID": "PL2",
    "Specific Age": "PL2",
    "Specific Date of Birth": "PL2",
    "Employer/Company Name": "PL2",
    "Job Title/Rank": "PL2",
    "School": "PL2",
    "Relationship Info": "PL2",
    "Gender": "PL2",
    "ID Number": "PL3",
    "Passport Number": "PL3",
    "Driver's License Number": "PL3",
    "License Plate": "PL3",
    "Bank/Payment Card Number": "PL3",
    "Financial Account": "PL3",
    "Assets/Income": "PL3",
    "Debt/Loan Info": "PL3",
    "Credit Score": "PL3",
    "Medical Health": "PL3",
    "Precise Location": "PL3",
    "Transaction Record": "PL3",
    "Password": "PL4",
    "PIN": "PL4",
    "Verification Code": "PL4",
    "Token": "PL4",
    "Session Token": "PL4",
    "Key": "PL4",
    "Private Key": "PL4",
    "Payment Security Code": "PL4",
    "Backup Code": "PL4",
    "Database Connection String": "PL4",
    "Internal IP": "PL4",
    "Intranet Entry Point": "PL4",
}

MED = {
    "zh": ["轻度抑郁", "二型糖尿病", "高血压", "焦虑症", "甲状腺结节", "慢性胃炎", "失眠症", "乙肝"],
    "en": [
        "type 2 diabetes",
        "mild depression",
        "an anxiety disorder",
        "high blood pressure",
        "ADHD",
        "a herniated disc",
        "asthma",
    ],
}
EMPLOYER = {
    "zh": ["腾讯", "字节跳动", "招商银行", "华为", "美团", "国家电网"],
    "en": ["Deloitte", "Kaiser Permanente", "Goldman Sachs", "Target", "Accenture"],
}
INCOME = {
    "zh": ["月薪两万五", "年薪40万", "税后一个月1.8万"],
    "en": ["$120k a year", "about $95,000 a year", "$6,200 a month after tax"],
}
DEBT = {
    "zh": ["房贷还欠87万", "网贷欠了6万多", "信用卡欠了3万"],
    "en": ["$38,000 in student loans", "a $12k credit card balance", "$240k left on the mortgage"],
}


def _ignore_context(fn: Callable[[random.Random], str]) -> Callable[[random.Random, dict], str]:
    return lambda r, c: fn(r)


def _fw(value: str) -> str:
    return value.translate(v.FULL_WIDTH)


# name -> (generator, privacy type or None for look-alikes)
SLOTS: dict[str, tuple[Callable[[random.Random, dict], str], str | None]] = {
    "self_name": (lambda r, c: c["name"], "Real Name"),
    "self_given": (lambda r, c: c["given"], "Real Name"),
    "tp_name": (
        lambda r, c: v.zh_name(r) if c["lang"] == "zh" else v.en_name(r),
        "Third-Party Identifiable Info",
    ),
    "phone_cn": (lambda r, c: v.cn_mobile(r), "Phone Number"),
    "landline_cn": (lambda r, c: v.cn_landline(r), "Phone Number"),
    "phone_us": (lambda r, c: v.us_phone(r), "Phone Number"),
    "phone_intl": (lambda r, c: v.intl_phone(r), "Phone Number"),
    "email": (lambda r, c: _email(r, c), "Email"),
    "cn_id": (lambda r, c: v.cn_id(r), "ID Number"),
    "cn_id_spaced": (lambda r, c: v.cn_id(r, spaced=True), "ID Number"),
    "cn_id_fw": (lambda r, c: _fw(v.cn_id(r)), "ID Number"),
    "cn_dl": (lambda r, c: v.cn_id(r), "Driver's License Number"),
    "ssn": (lambda r, c: v.us_ssn(r), "ID Number"),
    "hk_id": (lambda r, c: v.hk_id(r), "ID Number"),
    "passport_cn": (lambda r, c: v.passport_cn(r), "Passport Number"),
    "passport_us": (lambda r, c: v.passport_us(r), "Passport Number"),
    "dl_us": (lambda r, c: v.drivers_license_us(r), "Driver's License Number"),
    "plate_cn": (lambda r, c: v.cn_plate(r), "License Plate"),
    "plate_us": (lambda r, c: v.us_plate(r), "License Plate"),
    "card": (lambda r, c: v.card(r), "Bank/Payment Card Number"),
    "card_fw": (lambda r, c: _fw(v.card(r)), "Bank/Payment Card Number"),
    "iban": (lambda r, c: v.iban(r), "Financial Account"),
    "cn_acct": (lambda r, c: v.cn_bank_account(r), "Financial Account"),
    "us_acct": (lambda r, c: v.us_bank_account(r), "Financial Account"),
    "ip_pub": (lambda r, c: v.public_ip(r), "IP Address"),
    "ip_int": (lambda r, c: v.internal_ip(r), "Internal IP"),
    "mac": (lambda r, c: v.mac(r), "Device ID"),
    "imei": (lambda r, c: v.imei(r), "Device ID"),
    "password": (lambda r, c: v.password(r), "Password"),
    "otp": (lambda r, c: v.otp(r), "Verification Code"),
    "otp_fw": (lambda r, c: _fw(v.otp(r)), "Verification Code"),
    "pin": (lambda r, c: v.pin(r), "PIN"),
    "pay_pw": (lambda r, c: v.digits(r, 6), "Password"),
    "cvv": (lambda r, c: v.cvv(r), "Payment Security Code"),
    "api_key": (lambda r, c: v.api_key(r), "Key"),
    "token": (lambda r, c: v.token(r), "Token"),
    "jwt": (lambda r, c: v.jwt(r), "Token"),
    "session": (lambda r, c: v.session_id(r), "Session Token"),
    "conn": (lambda r, c: v.connection_string(r), "Database Connection String"),
    "intranet_url": (lambda r, c: v.intranet_url(r), "Intranet Entry Point"),
    "pem": (lambda r, c: v.private_key_block(r), "Private Key"),
    "username": (lambda r, c: v.username(r), "Account ID/Username"),
    "qq": (lambda r, c: v.qq_number(r), "Account ID/Username"),
    "wechat": (lambda r, c: v.wechat_id(r), "Account ID/Username"),
    "addr_zh": (lambda r, c: v.zh_address(r), "Detailed Address"),
    "addr_en": (lambda r, c: v.en_address(r), "Detailed Address"),
    "work_addr_zh": (lambda r, c: v.zh_address(r), "Work Address"),
    "work_addr_en": (lambda r, c: v.en_address(r), "Work Address"),
    "zip_us": (lambda r, c: v.us_zip(r), "Zip Code"),
    "cn_post": (lambda r, c: v.cn_postcode(r), "Zip Code"),
    "dob_zh": (lambda r, c: v.dob_zh(r), "Specific Date of Birth"),
    "dob_en": (lambda r, c: v.dob_en(r), "Specific Date of Birth"),
    "age_zh": (lambda r, c: f"{r.randint(19, 68)}岁", "Specific Age"),
    "age_en": (lambda r, c: f"{r.randint(19, 68)} years old", "Specific Age"),
    "credit": (lambda r, c: str(r.randint(560, 820)), "Credit Score"),
    "coords": (lambda r, c: v.coordinates(r), "Precise Location"),
    "med": (lambda r, c: r.choice(MED[c["lang"]]), "Medical Health"),
    "employer": (lambda r, c: r.choice(EMPLOYER[c["lang"]]), "Employer/Company Name"),
    "income": (lambda r, c: r.choice(INCOME[c["lang"]]), "Assets/Income"),
    "debt": (lambda r, c: r.choice(DEBT[c["lang"]]), "Debt/Loan Info"),
    # look-alikes: never annotated
    **{name: (_ignore_context(fn), None) for name, fn in v.LOOKALIKES.items()},
    "price": (lambda r, c: v.price(r, c["lang"]), None),
    "n": (lambda r, c: str(r.randint(2, 60)), None),
    "year": (lambda r, c: str(r.randint(2015, 2026)), None),
    "time": (lambda r, c: f"{r.randint(7, 22)}:{r.choice(['00', '15', '30', '45'])}", None),
}


def _email(r: random.Random, c: dict) -> str:
    if c["lang"] == "en" and c.get("name") and r.random() < 0.5:
        first, last = c["name"].lower().split()
        local = r.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{r.randint(1, 99)}"])
    else:
        local = (
            r.choice(["lucky", "xiaoyu", "mike", "daisy", "zw", "panda", "leo", "amy"])
            + r.choice(["", ".", "_"])
            + str(r.randint(1, 2024))
        )
    domain = r.choice(
        [
            "gmail.com",
            "qq.com",
            "163.com",
            "outlook.com",
            "yahoo.com",
            "126.com",
            "icloud.com",
            "proton.me",
            "acme-corp.com",
        ]
    )
    return f"{local}@{domain}"


# -- templates ---------------------------------------------------------------------------
# A template is text with {slot} fields; {backup:N} expands to N annotated backup codes.

ZH_POSITIVE = [
    "我叫{self_name}，手机{phone_cn}，帮我把这个号码存到通讯录里。",
    "帮我记一下：我的身份证号是{cn_id}，下周办签证要用。",
    "银行卡号{card}，下个月的房租从这张卡扣，到时候提醒我。",
    "刚收到短信：【招商银行】您的验证码是{otp}，5分钟内有效，请勿泄露。这条是真的吗？",
    "WiFi密码是{password}，客人来了直接告诉他们就行。",
    "我的邮箱是{email}，有新的面试通知就提醒我。",
    "快递寄到{addr_zh}，收件人写我名字{self_name}，电话{phone_cn}。",
    "家里座机{landline_cn}，有急事可以打这个。",
    "公司服务器内网地址是{ip_int}，用户名{username}，密码{password}，帮我写个ssh连接脚本。",
    "数据库连接串：{conn}，帮我看下为什么连不上。",
    "我的车牌号是{plate_cn}，帮我查下最近有没有违章。",
    "护照号{passport_cn}，{dob_zh}出生，帮我填一下签证申请表。",
    "最近确诊了{med}，医生让我每天吃药，帮我设置服药提醒。",
    "我今年{age_zh}了，在{employer}上班，{income}，想咨询下怎么理财。",
    "支付宝绑的是{phone_cn}，支付密码{pay_pw}，你帮我记住。",
    "我的QQ号是{qq}，微信号{wechat}，加我好友吧。",
    "信用卡背面的安全码是{cvv}，帮我在这个网站上付一下款。",
    "API密钥：{api_key}，帮我写进配置文件里。",
    "这是我的GitHub token：{token}，帮我配一下CI。",
    "我的银行账号{cn_acct}，开户行中国银行北京分行，工资打到这里。",
    "邮编{cn_post}，地址是{addr_zh}，帮我写个寄件单。",
    "我老婆叫{tp_name}，电话{phone_cn}，紧急联系人填她。",
    "我的芝麻信用分是{credit}，能申请这个贷款吗？",
    "这台服务器的MAC地址是{mac}，帮我加到白名单。",
    "后台登录地址{intranet_url}，账号{username}，密码{password}，帮我测一下能不能进。",
    "备用码：{backup:4}，帮我保存好，别弄丢了。",
    "手机丢了，IMEI号{imei}，报警要用。",
    "我的生日是{dob_zh}，帮我算下是什么星座。",
    "对方的IBAN是{iban}，我要给德国的朋友转一笔钱。",
    "我住在{addr_zh}，附近有什么好吃的推荐吗？",
    "我的身份证号码是{cn_id_fw}，这样写对吗？",
    "你好，我是{self_name}，之前预约了体检，预约手机号是{phone_cn}。",
    "香港身份证号码{hk_id}，帮我核对一下格式对不对。",
    "我在美国的电话是{phone_us}，邮箱{email}，有事联系。",
    "session id是{session}，帮我看看为什么登录态老是失效。",
    "JWT：{jwt}，帮我解析一下payload里有什么。",
    "私钥如下：\n{pem}\n帮我转成PKCS8格式。",
    "车停在{coords}这个位置，帮我记一下，回头找车用。",
    "帮我给{tp_name}发个消息，他手机号{phone_cn}，说我晚点到。",
    "服务器公网IP是{ip_pub}，帮我配一下安全组规则。",
    "身份证{cn_id_spaced}，姓名{self_name}，帮我填到表格里。",
    "我换号了，新手机号{phone_cn}，旧的那个{phone_cn}下个月停用。",
    "银行卡的PIN码是{pin}，别告诉别人。",
    "邮箱{email}的密码是{password}，帮我记着，我老忘。",
    "我叫{self_name}，{dob_zh}出生，身份证号{cn_id}，入职要填这些。",
    "我的驾驶证号是{cn_dl}，驾照扣了几分帮我查下。",
    "{debt}，每个月压力好大，有什么办法吗？",
    "登录验证码{otp_fw}，帮我输一下。",
    "刷卡用的卡号是{card_fw}，帮我看看是不是输错了。",
    "我在深圳的公司地址是{work_addr_zh}，来面试的人让他们到这里。",
    "同事{tp_name}的邮箱是{email}，帮我把周报抄送给她。",
    "我的国际号码是{phone_intl}，出国期间打这个。",
    "我的用户名是{username}，密码{password}，这个论坛账号你帮我登一下。",
    "大家都叫我{self_given}，你也这么叫就行。",
    "{self_name}的护照{passport_cn}快过期了，怎么续签？",
]

ZH_NEGATIVE = [
    "订单号{order_no}，帮我查下物流到哪了。",
    "快递单号{tracking_no}，显示已签收但我没收到，怎么办？",
    "这本书的ISBN是{isbn}，帮我找找有没有电子版。",
    "App升级到{version}之后一直闪退，怎么解决？",
    "日志里的时间戳{timestamp}，帮我转成北京时间。",
    "航班{flight}延误了，帮我看看能不能改签。",
    "客服电话{hotline}一直打不通，还有别的办法吗？",
    "这个月买衣服花了{price}，是不是有点多？",
    "我忘记密码了，怎么重置？",
    "验证码一直收不到，怎么办？",
    "DNS设置成8.8.8.8和114.114.114.114可以吗？",
    "提交{git_sha}引入了一个bug，帮我看下改了什么。",
    "发票号{invoice_no}的这张发票能报销吗？",
    "帮我推荐几本关于机器学习的入门书。",
    "明天北京天气怎么样？要不要带伞？",
    "{year}年的年会定在几号？帮我提醒一下。",
    "Python里怎么把一个数字格式化成千分位？比如1234567。",
    "密码至少要8位，包含大小写字母和数字，这个规则合理吗？",
    "张学友的演唱会什么时候在上海开？",
    "国庆节去哪里玩人少一点？",
    "帮我写一首关于海燕的诗。",
    "{n}个人聚餐，人均{price}，总共多少钱？",
    "{time}的会议改到明天了，帮我改一下日程。",
    "这个手机壳多少钱？{price}能买到吗？",
    "订单{order_no}退款{price}什么时候到账？",
    "我的验证码过期了，重新发一个要等多久？",
    "今天跑了{n}公里，配速还可以吗？",
    "给我讲讲HTTPS是怎么加密的。",
    "怎么在Excel里把身份证号那一列设置成文本格式？",
    "版本号{version}和上一个版本有什么区别？",
    "帮我把这段话翻译成英文：今天的会议很顺利。",
    "推荐一个适合新手的健身计划，每周练{n}次。",
]

EN_POSITIVE = [
    "Hi, I'm {self_name}. My cell is {phone_us}, can you save it to my contacts?",
    "My SSN is {ssn}, I need it for the tax form you're helping me fill out.",
    "Please charge this card: {card}, expiry 08/27.",
    "Got a text: Your verification code is {otp}. Don't share it. Is this legit?",
    "The wifi password is {password} if the guests ask.",
    "Send the interview reminders to {email} please.",
    "Ship it to {addr_en}, attention {self_name}, phone {phone_us}.",
    "The staging box is at {ip_int}, user {username}, password {password}. Write me an ssh config.",
    "Here's the connection string: {conn} - why does it time out?",
    "My license plate is {plate_us}, can you check for parking tickets?",
    "Passport number {passport_us}, born {dob_en}, help me fill in the visa form.",
    "I was just diagnosed with {med}. Can you set up a medication reminder?",
    "I'm {age_en}, I work at {employer} and make {income}. How should I invest?",
    "My credit score is {credit}, can I refinance?",
    "My API key is {api_key}, put it in the .env file.",
    "Use this GitHub token: {token} to set up the CI job.",
    "Account number {us_acct}, routing 021000021, set up direct deposit with that.",
    "My zip code is {zip_us}, find me a dentist nearby.",
    "My wife {tp_name} is my emergency contact, her number is {phone_us}.",
    "The MAC address of my laptop is {mac}, whitelist it please.",
    "Admin panel: {intranet_url} - log in with {username} / {password}.",
    "Backup codes: {backup:5} - keep them somewhere safe.",
    "My phone was stolen, the IMEI is {imei}.",
    "My birthday is {dob_en}, what's my zodiac sign?",
    "Wire the money to IBAN {iban}, it's my landlord in Berlin.",
    "I live at {addr_en}, any good brunch spots nearby?",
    "The CVV on the back is {cvv}.",
    "This is {self_name}, I booked a checkup earlier with {phone_us}.",
    "Call me on {phone_intl} while I'm abroad.",
    "session id = {session}, why does my login keep expiring?",
    "Decode this JWT for me: {jwt}",
    "Here's the key:\n{pem}\nconvert it to PKCS8.",
    "I parked at {coords}, remember it for me.",
    "Text {tp_name} at {phone_us} that I'm running late.",
    "Our server's public IP is {ip_pub}, set up the firewall rule.",
    "My driver's license number is {dl_us}, it expires next month.",
    "Set my ATM PIN reminder: the PIN is {pin}.",
    "My email {email} and its password {password}, please remember them.",
    "My name is {self_name}, DOB {dob_en}, SSN {ssn} - that's what HR needs.",
    "I have {debt} and it's stressing me out.",
    "The login code is {otp}, enter it for me.",
    "Our office is at {work_addr_en}, tell the candidates to come there.",
    "Cc my coworker {tp_name} at {email} on the weekly report.",
    "My username is {username} and my password is {password} for that forum.",
    "Thanks! - {self_given}",
    "My new number is {phone_us}, the old one {phone_us} gets cut off next month.",
    "I'm in London this week, reach me at {phone_intl} or {email}.",
    "My Chinese ID is {cn_id}, for the train ticket booking.",
    "Card number {card}, CVV {cvv}, pay the invoice.",
    "{self_name}'s passport {passport_us} expires soon, how do I renew?",
]

EN_NEGATIVE = [
    "Where's my order #{order_no}? It's been a week.",
    "Tracking number {tracking_no} says delivered but nothing arrived.",
    "Can you summarize the book with ISBN {isbn}?",
    "Since updating to {version} the app keeps crashing.",
    "Convert the unix timestamp {timestamp} to UTC please.",
    "Flight {flight} got delayed, what are my options?",
    "I called {hotline} but nobody picked up.",
    "I forgot my password, how do I reset it?",
    "My verification code never arrived, what should I do?",
    "Should I use 8.8.8.8 or 1.1.1.1 as my DNS?",
    "Commit {git_sha} broke the build, what changed?",
    "It was {price}, is that a good deal for noise-cancelling headphones?",
    "What's the capital of Australia?",
    "Will it rain tomorrow in Seattle?",
    "Mark the May {n} meeting as tentative.",
    "Can you explain how TLS certificates work?",
    "The password must be at least 12 characters, is that secure enough?",
    "Write a regex that matches phone numbers like (xxx) xxx-xxxx.",
    "Elon Musk tweeted about Dogecoin again, why does the price jump?",
    "Order {n} pizzas for the team at {time}.",
    "Invoice {invoice_no} is overdue, draft a polite reminder to the vendor.",
    "My code returns 404 when I call /api/users?page=2, why?",
    "Split a {price} bill between {n} people.",
    "What does error code 0x80070005 mean on Windows?",
    "Set a timer for {n} minutes.",
    "Remind me to renew the library books on the {n}th.",
    "Recommend three sci-fi novels like The Three-Body Problem.",
    "How many calories are in {n} grams of oats?",
    "Grace Hopper invented the first compiler, right?",
    "Translate 'see you on Friday at {time}' into Spanish.",
    "Explain the difference between version {version} and the previous release.",
    "What's a good PIN length for a phone, 4 or 6 digits?",
]


def fill(template: str, rng: random.Random, ctx: dict) -> tuple[str, list[tuple[str, str]]]:
    """The filled text and its (value, type) annotations in order."""
    out: list[str] = []
    spans: list[tuple[str, str]] = []
    pos = 0
    for m in re.finditer(r"\{(\w+)(?::(\d+))?\}", template):
        out.append(template[pos : m.start()])
        pos = m.end()
        name, count = m.group(1), m.group(2)
        if name == "backup":
            codes = v.backup_codes(rng, int(count))
            out.append(" ".join(codes))
            spans.extend((code, "Backup Code") for code in codes)
            continue
        generate, kind = SLOTS[name]
        value = generate(rng, ctx)
        out.append(value)
        if kind is not None:
            spans.append((value, kind))
    out.append(template[pos:])
    return "".join(out), spans


def _identity(rng: random.Random, lang: str) -> dict:
    if lang == "zh":
        surname = rng.choice(v.ZH_SURNAMES)
        given = rng.choice([g for g in v.ZH_GIVEN if len(g) == 2])
        if rng.random() < 0.4:
            given = rng.choice(v.ZH_GIVEN)
        name = surname + given
        return {"lang": lang, "name": name, "given": given if len(given) == 2 else name}
    first, last = rng.choice(v.EN_FIRST), rng.choice(v.EN_LAST)
    return {"lang": lang, "name": f"{first} {last}", "given": first}


def build(rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    plan = [
        ("zh", ZH_POSITIVE, 270),
        ("zh", ZH_NEGATIVE, 150),
        ("en", EN_POSITIVE, 270),
        ("en", EN_NEGATIVE, 150),
    ]
    counters = {"zh": 0, "en": 0}
    for lang, templates, n in plan:
        # every template at least once, the rest drawn at random
        order = list(templates) + [rng.choice(templates) for _ in range(n - len(templates))]
        rng.shuffle(order)
        for template in order:
            ctx = _identity(rng, lang)
            text, spans = fill(template, rng, ctx)
            uses_name = "{self_name}" in template or "{self_given}" in template
            user_name = ctx["name"] if uses_name or rng.random() < 0.5 else None
            counters[lang] += 1
            rows.append(_row(f"{lang}-{counters[lang]:04d}", lang, user_name, text, spans, "template"))
    for i, (lang, user_name, text, spans) in enumerate(handwritten.MESSAGES, 1):
        rows.append(_row(f"hw-{lang}-{i:03d}", lang, user_name, text, spans, "handwritten"))
    return rows


def _row(
    row_id: str, lang: str, user_name: str | None, text: str, spans: list[tuple[str, str]], source: str
) -> dict:
    for value, kind in spans:
        if value not in text:
            raise ValueError(f"{row_id}: an annotated value is not in the text")
        if kind not in LEVELS:
            raise ValueError(f"{row_id}: unknown type {kind}")
    return {
        "id": row_id,
        "lang": lang,
        "user_name": user_name,
        "text": text,
        "spans": [
            {"original_text": value, "privacy_type": kind, "privacy_level": LEVELS[kind]}
            for value, kind in spans
        ],
        "ignore": [],
        "source": source,
    }


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if dev.jsonl is not what this script writes"
    )
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render(build(random.Random(SEED)))
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print("dev set up to date" if same else "dev set differs from the generator's output")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    rows = text.splitlines()
    negatives = sum(1 for line in rows if not json.loads(line)["spans"])
    zh = sum(1 for line in rows if json.loads(line)["lang"] == "zh")
    print(
        f"wrote {len(rows)} messages ({zh} zh, {len(rows) - zh} en, {negatives} negatives) to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
