"""A second held-out set, written blind: without reading the rules, their docs or the dev templates.

``python data/dev/holdout2.py`` writes ``data/dev/holdout2.jsonl`` (80 English + 80 Chinese
messages, about 35% negatives). Every value is invented; checksum-bearing values (Chinese resident
IDs, HK IDs, US SSNs, card numbers, IMEIs, IBANs) are checked here at generation time.
Entries: (lang, user_name, text, [(value, privacy type), ...]).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_dev import LEVELS

MESSAGES: list[tuple[str, str | None, str, list[tuple[str, str]]]] = [
    # -- English positives -------------------------------------------------------------------
    (
        "en",
        "Marcus Webb",
        "hey its marcus webb, can you save my number 415-555-0192 so u remember it next time",
        [("marcus webb", "Real Name"), ("415-555-0192", "Phone Number")],
    ),
    (
        "en",
        None,
        "my work email is d.okafor@brightlane.io and the personal one is dami.okafor92@gmail.com",
        [("d.okafor@brightlane.io", "Email"), ("dami.okafor92@gmail.com", "Email")],
    ),
    (
        "en",
        None,
        "uk mobile +44 7700 900461, landline 020 7946 0318 if that doesnt work",
        [("+44 7700 900461", "Phone Number"), ("020 7946 0318", "Phone Number")],
    ),
    (
        "en",
        None,
        "the OTP they texted me is 739 204 but it keeps saying invalid??",
        [("739 204", "Verification Code")],
    ),
    (
        "en",
        None,
        "wifi at the cabin: network BlueHeron_5G pw: h3ron-lake-2291",
        [("BlueHeron_5G", "Network Identifier"), ("h3ron-lake-2291", "Password")],
    ),
    (
        "en",
        None,
        "login is jtrevino / Marigold#4471 for the scool portal",
        [("jtrevino", "Account ID/Username"), ("Marigold#4471", "Password")],
    ),
    (
        "en",
        None,
        "pwd for the nas admin page is qx7!Lm2p and its at 192.168.50.12",
        [("qx7!Lm2p", "Password"), ("192.168.50.12", "Internal IP")],
    ),
    (
        "en",
        None,
        "ssn 412-67-3389 dob 04/17/1986 - need them for the w-4 form",
        [("412-67-3389", "ID Number"), ("04/17/1986", "Specific Date of Birth")],
    ),
    (
        "en",
        None,
        "my passport no. is 568214973, can you remind me before it expires in 2031",
        [("568214973", "Passport Number")],
    ),
    (
        "en",
        None,
        "CA drivers license D4827365 and the plate is 8KTR592, renewing registration online",
        [("D4827365", "Driver's License Number"), ("8KTR592", "License Plate")],
    ),
    (
        "en",
        None,
        "card number 4539 1488 0343 6715 cvv 318, book the hotel with that",
        [("4539 1488 0343 6715", "Bank/Payment Card Number"), ("318", "Payment Security Code")],
    ),
    (
        "en",
        None,
        "pay rent to IBAN GB15 BARC 2004 1558 3947 21, reference flat 4",
        [("GB15 BARC 2004 1558 3947 21", "Financial Account")],
    ),
    (
        "en",
        None,
        "my github token ghp_8fK2mQz7LwR4tYp1XvN9cB3dHs6JaE0uGi5o accidentally got pushed to a public repo how do i rotate it",
        [("ghp_8fK2mQz7LwR4tYp1XvN9cB3dHs6JaE0uGi5o", "Token")],
    ),
    (
        "en",
        None,
        "here's the openai key for the script: sk-proj-Xr7aQ2mK9vLp4TzW8nBc1YdE5fGh3JsU",
        [("sk-proj-Xr7aQ2mK9vLp4TzW8nBc1YdE5fGh3JsU", "Key")],
    ),
    (
        "en",
        None,
        "AWS creds are AKIAZ7QX4M2LPR9KVT3N / wJq8Rk2Lm5NvX9pTz4Ye7Bc1Hd6Gf3Sa0UiOwKq2 — put them in the ci secrets",
        [("AKIAZ7QX4M2LPR9KVT3N", "Key"), ("wJq8Rk2Lm5NvX9pTz4Ye7Bc1Hd6Gf3Sa0UiOwKq2", "Key")],
    ),
    (
        "en",
        None,
        "auth header was Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1Xzg4MjEzIiwiZXhwIjoxNzY3MjI1NjAwfQ.Qm3vT8xLk2pR7wZ4nY1cF5hJ9sD6gA0uE3iO8bN2kLw can you decode it",
        [
            (
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1Xzg4MjEzIiwiZXhwIjoxNzY3MjI1NjAwfQ.Qm3vT8xLk2pR7wZ4nY1cF5hJ9sD6gA0uE3iO8bN2kLw",
                "Session Token",
            )
        ],
    ),
    (
        "en",
        None,
        "slack bot token xoxb-2748193650-5829174036182-Gk7QzR2mXp9LwT4nVb8cYs1D plz store it somewhere safe",
        [("xoxb-2748193650-5829174036182-Gk7QzR2mXp9LwT4nVb8cYs1D", "Token")],
    ),
    (
        "en",
        None,
        "prod db is postgresql://app_admin:Sunfl0wer!88@10.4.2.17:5432/orders dont share it",
        [("postgresql://app_admin:Sunfl0wer!88@10.4.2.17:5432/orders", "Database Connection String")],
    ),
    (
        "en",
        None,
        "the dashboard connects with mongodb+srv://reports:T8vq2LmZ@cluster0.x7kq2.mongodb.net/analytics",
        [("mongodb+srv://reports:T8vq2LmZ@cluster0.x7kq2.mongodb.net/analytics", "Database Connection String")],
    ),
    (
        "en",
        None,
        "ssh into 10.20.3.145 thru the jump host bastion.int.kestrelfin.local",
        [("10.20.3.145", "Internal IP"), ("bastion.int.kestrelfin.local", "Intranet Entry Point")],
    ),
    (
        "en",
        None,
        "my home ip is 73.158.42.209, whitelist it on the firewall pls",
        [("73.158.42.209", "IP Address")],
    ),
    (
        "en",
        None,
        "MAC of my laptop: 3C:22:FB:7A:91:E4, the router keeps blocking it",
        [("3C:22:FB:7A:91:E4", "Network Identifier")],
    ),
    (
        "en",
        None,
        "phone got stolen, IMEI 357291084465123, carrier wants it for the blacklist",
        [("357291084465123", "Device ID")],
    ),
    (
        "en",
        None,
        "my blue cross member id is XQH774205138, can you remember it for the claim form",
        [("XQH774205138", "ID Number")],
    ),
    (
        "en",
        None,
        "backup codes for my google acct: 4829 1736, 9051 2284, 6617 3390 — keep them safe",
        [("4829 1736", "Backup Code"), ("9051 2284", "Backup Code"), ("6617 3390", "Backup Code")],
    ),
    (
        "en",
        None,
        "debit card pin is 8316 dont tell anyone lol",
        [("8316", "PIN")],
    ),
    (
        "en",
        None,
        "routing 021000021 account 4839201175 - set that up for direct deposit",
        [("4839201175", "Financial Account")],
    ),
    (
        "en",
        "Priya Raman",
        "Hi, I'm Priya Raman, born 9 March 1994 so I'm 31 now. Please remember that.",
        [("Priya Raman", "Real Name"), ("9 March 1994", "Specific Date of Birth"), ("31", "Specific Age")],
    ),
    (
        "en",
        None,
        "ship it to 2207 Larkspur Ln Apt 12B, Austin TX 78704 please",
        [("2207 Larkspur Ln Apt 12B, Austin TX 78704", "Detailed Address")],
    ),
    (
        "en",
        None,
        "my sister Hannah Cole's cell is (617) 555-0143, text her the pics",
        [("Hannah Cole", "Third-Party Identifiable Info"), ("(617) 555-0143", "Phone Number")],
    ),
    (
        "en",
        None,
        "my number in berlin is +49 30 52018847",
        [("+49 30 52018847", "Phone Number")],
    ),
    (
        "en",
        None,
        "add Kenji Sato to contacts, +81 90-4127-8836",
        [("Kenji Sato", "Third-Party Identifiable Info"), ("+81 90-4127-8836", "Phone Number")],
    ),
    (
        "en",
        None,
        "your Uber code is 4417 - whats this, i didnt request anything",
        [("4417", "Verification Code")],
    ),
    (
        "en",
        None,
        "my HKID is K834512(0) for the bank account opening",
        [("K834512(0)", "ID Number")],
    ),
    (
        "en",
        None,
        "uk driving licence no is PATEL705213RK9WQ",
        [("PATEL705213RK9WQ", "Driver's License Number")],
    ),
    (
        "en",
        None,
        "amex 3759 204815 66277 - use that one for the flights",
        [("3759 204815 66277", "Bank/Payment Card Number")],
    ),
    (
        "en",
        None,
        "pay with 5425233430109101, it's the mastercard",
        [("5425233430109101", "Bank/Payment Card Number")],
    ),
    (
        "en",
        None,
        "medicare number 3HK7-QW2-RT58 for my dad",
        [("3HK7-QW2-RT58", "ID Number")],
    ),
    (
        "en",
        None,
        "bitlocker recovery key 418253-093721-660418-275539-184052-731196-502288-649017 save this somewhere",
        [("418253-093721-660418-275539-184052-731196-502288-649017", "Backup Code")],
    ),
    (
        "en",
        None,
        "2fa recovery code: 7hq2-m9xz-4kpt",
        [("7hq2-m9xz-4kpt", "Backup Code")],
    ),
    (
        "en",
        None,
        "eth wallet private key 0x9b2e4f71c0d83a56e17b2f904c68d3a1e5b70f29c84d16a3b5e90c72f41d8e63 is it safe to paste it into metamask on a new laptop",
        [("0x9b2e4f71c0d83a56e17b2f904c68d3a1e5b70f29c84d16a3b5e90c72f41d8e63", "Private Key")],
    ),
    (
        "en",
        None,
        "staging grafana is on 172.16.8.40 port 8080, login ops_lead / Gr4f@na-stg",
        [("172.16.8.40", "Internal IP"), ("ops_lead", "Account ID/Username"), ("Gr4f@na-stg", "Password")],
    ),
    (
        "en",
        None,
        "my zip is 94110 and I'm 42 — do i qualify for the sf program?",
        [("94110", "Zip Code"), ("42", "Specific Age")],
    ),
    (
        "en",
        None,
        "texas DL 31847265 and DOB 1979-11-02",
        [("31847265", "Driver's License Number"), ("1979-11-02", "Specific Date of Birth")],
    ),
    (
        "en",
        "Gabriel Ruiz",
        "ok so its Gabriel Ruiz, gabe.ruiz@outlook.com, 305-555-0117 for the reservation",
        [("Gabriel Ruiz", "Real Name"), ("gabe.ruiz@outlook.com", "Email"), ("305-555-0117", "Phone Number")],
    ),
    (
        "en",
        None,
        "is it ok to give my ssn 531 28 7746 to the landlord",
        [("531 28 7746", "ID Number")],
    ),
    (
        "en",
        None,
        "the wifi password at my parents place is 'sunflower1962'",
        [("sunflower1962", "Password")],
    ),
    (
        "en",
        None,
        "discover card 6011 5823 9104 5573, billing zip 10027",
        [("6011 5823 9104 5573", "Bank/Payment Card Number"), ("10027", "Zip Code")],
    ),
    (
        "en",
        None,
        "landlord in cologne wants the deposit sent to DE40 3705 0299 1003 8472 61",
        [("DE40 3705 0299 1003 8472 61", "Financial Account")],
    ),
    (
        "en",
        None,
        "my dutch account NL85RABO0312847290 is the one for the salary",
        [("NL85RABO0312847290", "Financial Account")],
    ),
    (
        "en",
        None,
        "patient portal usrname mreyes_1988 pasword Cl0v3r.F1eld",
        [("mreyes_1988", "Account ID/Username"), ("Cl0v3r.F1eld", "Password")],
    ),
    (
        "en",
        None,
        "my reg is LK19 XTR, can you check if the mot is due",
        [("LK19 XTR", "License Plate")],
    ),
    # -- English negatives -------------------------------------------------------------------
    ("en", None, "where's my package? tracking 1Z 4F7 82E 03 5917 2648 hasnt moved since tuesday", []),
    ("en", None, "amazon order 112-7730418-2294617 arrived damaged, how do i return it", []),
    ("en", None, "is ISBN 9780262033848 the 3rd edition of CLRS or the 4th?", []),
    ("en", None, "upgraded to node v20.11.1 and now npm 10.2.4 throws EACCES on global installs", []),
    (
        "en",
        None,
        "log says 2024-03-18 14:22:07,114 ERROR worker-3 timeout after 30000ms what does that mean",
        [],
    ),
    ("en", None, "is $1,299.99 a good price for the 14 inch macbook pro or should i wait for black friday", []),
    ("en", None, "product code HX-2231-BLK is out of stock, any similar backpacks under $80?", []),
    (
        "en",
        None,
        "commit 4e1b9c07d2a35f8e61b0c94d7a2e5f3b8c610d9a broke the build, how do i revert just that one",
        [],
    ),
    ("en", None, "what did Barack Obama say about healthcare reform in 2009", []),
    ("en", None, "planning to see the Eiffel Tower and the Louvre next spring, any tips for skipping lines?", []),
    ("en", None, "team standup moved to March 14 at 3pm, what's a good agenda", []),
    ("en", None, "recipe says 2 1/2 cups flour and bake at 350°F for 25-30 min, can i do 180c instead", []),
    ("en", None, "Lakers won 112-108 last night, LeBron had 31 pts and 9 ast — is that a season high?", []),
    ("en", None, "convert 0x7FFFFFFF to decimal pls", []),
    ("en", None, "what's the uuid format, like 123e4567-e89b-12d3-a456-426614174000?", []),
    ("en", None, "error 0x80070005 when installing KB5034441, any fix?", []),
    ("en", None, "what's the number for amtrak customer service, is it still 1-800-872-7245", []),
    ("en", None, "127.0.0.1:8000 works but the container can't reach it, docker 24.0.7", []),
    ("en", None, "google public dns is 8.8.8.8 right? and cloudflare is 1.1.1.1", []),
    ("en", None, "invoice INV-2024-00873 says €412.50 incl. VAT, is 19% the german rate?", []),
    ("en", None, "my cat weighs 5.2 kg and eats 60g twice a day, is that too much", []),
    (
        "en",
        None,
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 is the empty file hash right?",
        [],
    ),
    ("en", None, "how many calories in 3 eggs and 2 slices of sourdough", []),
    ("en", None, "the 2026 World Cup final is at MetLife Stadium on July 19 right?", []),
    ("en", None, "what does HTTP 429 mean, i get it after ~100 requests a minute", []),
    ("en", None, "AAPL closed at 189.43 today, up 1.2%, why", []),
    ("en", None, "samsung SM-S918B vs SM-S918U what's the difference", []),
    ("en", None, "set a timer for 45 minutes and remind me to flip the brisket, smoker is at 225 degrees", []),
    # -- Chinese positives -------------------------------------------------------------------
    (
        "zh",
        "王晓峰",
        "我是王晓峰 手机号 139 2047 8815 以后联系我就打这个",
        [("王晓峰", "Real Name"), ("139 2047 8815", "Phone Number")],
    ),
    (
        "zh",
        None,
        "我的身份证号是110105198806234121，帮我填一下这个表",
        [("110105198806234121", "ID Number")],
    ),
    (
        "zh",
        None,
        "老婆的手机+86 186-2153-0947，紧急联系人填她",
        [("+86 186-2153-0947", "Phone Number")],
    ),
    (
        "zh",
        None,
        "公司座机021-54897720，有事白天打这个",
        [("021-54897720", "Phone Number")],
    ),
    (
        "zh",
        None,
        "收到短信验证码 738291，说是快递理赔，是不是诈骗啊",
        [("738291", "Verification Code")],
    ),
    (
        "zh",
        None,
        "招行发来的验证码４８２９１６，5分钟内有效，客服让我告诉他",
        [("４８２９１６", "Verification Code")],
    ),
    (
        "zh",
        None,
        "我的银行卡号 6217 0033 8102 4479 169 帮我记一下",
        [("6217 0033 8102 4479 169", "Bank/Payment Card Number")],
    ),
    (
        "zh",
        None,
        "工资卡是6228480402615730189 农行的",
        [("6228480402615730189", "Bank/Payment Card Number")],
    ),
    (
        "zh",
        None,
        "支付密码是920417 别忘了提醒我",
        [("920417", "Password")],
    ),
    (
        "zh",
        None,
        "我QQ 2847193056，邮箱 lin.xf@163.com",
        [("2847193056", "Account ID/Username"), ("lin.xf@163.com", "Email")],
    ),
    (
        "zh",
        None,
        "家里wifi叫 TP-LINK_8F2A 密码lxf88886666",
        [("TP-LINK_8F2A", "Network Identifier"), ("lxf88886666", "Password")],
    ),
    (
        "zh",
        None,
        "车牌号沪AD23857 新能源的 帮我查下违章",
        [("沪AD23857", "License Plate")],
    ),
    (
        "zh",
        None,
        "京N·7K2M9 这个车牌被贴罚单了 怎么申诉",
        [("京N·7K2M9", "License Plate")],
    ),
    (
        "zh",
        None,
        "护照号 E48392716 快过期了 怎么续签",
        [("E48392716", "Passport Number")],
    ),
    (
        "zh",
        None,
        "我身份证 330106197904111523 驾驶证档案编号510100563728，交管12123上要填",
        [("330106197904111523", "ID Number"), ("510100563728", "Driver's License Number")],
    ),
    (
        "zh",
        None,
        "社保个人编号 3301060012847，医保卡号 1028374651",
        [("3301060012847", "ID Number"), ("1028374651", "ID Number")],
    ),
    (
        "zh",
        None,
        "地址：浙江省杭州市西湖区文三路478号华星时代广场B座1203室，收件人李梅 13758291046",
        [
            ("浙江省杭州市西湖区文三路478号华星时代广场B座1203室", "Detailed Address"),
            ("李梅", "Third-Party Identifiable Info"),
            ("13758291046", "Phone Number"),
        ],
    ),
    (
        "zh",
        None,
        "香港身份证 Y527381(A) 开户的时候要用",
        [("Y527381(A)", "ID Number")],
    ),
    (
        "zh",
        None,
        "我今年34岁，1991年5月12号生的",
        [("34岁", "Specific Age"), ("1991年5月12号", "Specific Date of Birth")],
    ),
    (
        "zh",
        None,
        "数据库连接串 mysql://root:Qw3rty!23@192.168.1.200:3306/crm 帮我看看为什么连不上",
        [("mysql://root:Qw3rty!23@192.168.1.200:3306/crm", "Database Connection String")],
    ),
    (
        "zh",
        None,
        "服务器内网 10.0.8.15，公网ip 121.43.187.22",
        [("10.0.8.15", "Internal IP"), ("121.43.187.22", "IP Address")],
    ),
    (
        "zh",
        None,
        "api key：sk-9fJ2kLmQ7xR4vT8nW1pZ3yB6cD5eH0gA 放在.env里对吧",
        [("sk-9fJ2kLmQ7xR4vT8nW1pZ3yB6cD5eH0gA", "Key")],
    ),
    (
        "zh",
        None,
        "阿里云 AccessKey ID LTAI5tQ8mX2kR9vP4nW7zY3b，AccessKey Secret 8Kf2Lm9QxR4vT7nW1pZ3yB6cD5eH0",
        [("LTAI5tQ8mX2kR9vP4nW7zY3b", "Key"), ("8Kf2Lm9QxR4vT7nW1pZ3yB6cD5eH0", "Key")],
    ),
    (
        "zh",
        None,
        "gitlab的token glpat-Xq7Rm2Kp9LwT4nVb8cYs 过期了 怎么续",
        [("glpat-Xq7Rm2Kp9LwT4nVb8cYs", "Token")],
    ),
    (
        "zh",
        None,
        "银行账号 31050161373600001234 开户行建行杭州分行 转账用",
        [("31050161373600001234", "Financial Account")],
    ),
    (
        "zh",
        None,
        "手机丢了 IMEI是864215043728194 怎么定位",
        [("864215043728194", "Device ID")],
    ),
    (
        "zh",
        None,
        "路由器后台 192.168.31.1 管理员密码 admin@2023xm",
        [("192.168.31.1", "Internal IP"), ("admin@2023xm", "Password")],
    ),
    (
        "zh",
        None,
        "我的MAC地址 A4-5E-60-C2-1B-7F 被校园网封了",
        [("A4-5E-60-C2-1B-7F", "Network Identifier")],
    ),
    (
        "zh",
        None,
        "登录账号 lmei2019 密码 Mei#2019lm 帮我记着",
        [("lmei2019", "Account ID/Username"), ("Mei#2019lm", "Password")],
    ),
    (
        "zh",
        None,
        "口令是tianyuan88，别告诉别人",
        [("tianyuan88", "Password")],
    ),
    (
        "zh",
        None,
        "恢复码：38271-40592 81734-22950 存一下",
        [("38271-40592", "Backup Code"), ("81734-22950", "Backup Code")],
    ),
    (
        "zh",
        None,
        "信用卡 5187 1022 3390 6617，安全码 482",
        [("5187 1022 3390 6617", "Bank/Payment Card Number"), ("482", "Payment Security Code")],
    ),
    (
        "zh",
        "陈思远",
        "我叫陈思远，电话 0755-8632 1190",
        [("陈思远", "Real Name"), ("0755-8632 1190", "Phone Number")],
    ),
    (
        "zh",
        None,
        "+86 10 6255 3321 是我家座机",
        [("+86 10 6255 3321", "Phone Number")],
    ),
    (
        "zh",
        "刘晨",
        "帮我记一下：身份证 440305199209302810，姓名 刘晨",
        [("440305199209302810", "ID Number"), ("刘晨", "Real Name")],
    ),
    (
        "zh",
        None,
        "我的 gmail 是 sy.chen.dev@gmail.com, password 是 Chen_sy2024!",
        [("sy.chen.dev@gmail.com", "Email"), ("Chen_sy2024!", "Password")],
    ),
    (
        "zh",
        None,
        "妈妈手机 １５８ ２２７１ ０３６４ 存一下",
        [("１５８ ２２７１ ０３６４", "Phone Number")],
    ),
    (
        "zh",
        None,
        "车险保单号 PDAA202444030000187263 续保要用",
        [("PDAA202444030000187263", "ID Number")],
    ),
    (
        "zh",
        None,
        "新车牌是粤BF36982",
        [("粤BF36982", "License Plate")],
    ),
    (
        "zh",
        None,
        "港澳通行证 C48291736 过期了",
        [("C48291736", "Passport Number")],
    ),
    (
        "zh",
        None,
        "token 是 eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOjQwMjE3LCJyb2xlIjoibWVtYmVyIiwiaWF0IjoxNzM1Njg5NjAwfQ.f7Kq2xLm9RvT4nWp8cYs1DbE6hJg3ZaU0oNi5tMk 帮我解析一下里面的用户id",
        [
            (
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOjQwMjE3LCJyb2xlIjoibWVtYmVyIiwiaWF0IjoxNzM1Njg5NjAwfQ.f7Kq2xLm9RvT4nWp8cYs1DbE6hJg3ZaU0oNi5tMk",
                "Session Token",
            )
        ],
    ),
    (
        "zh",
        None,
        "redis://:Rd1s_pass99@10.1.5.33:6379/0 这个连接串对吗",
        [("redis://:Rd1s_pass99@10.1.5.33:6379/0", "Database Connection String")],
    ),
    (
        "zh",
        None,
        "在法国开户了 IBAN FR35 3000 4028 3700 0104 8236 752",
        [("FR35 3000 4028 3700 0104 8236 752", "Financial Account")],
    ),
    (
        "zh",
        "周雨桐",
        "我全名周雨桐，生日 1998-07-21",
        [("周雨桐", "Real Name"), ("1998-07-21", "Specific Date of Birth")],
    ),
    (
        "zh",
        None,
        "我朋友张浩的微信 zh_hao1122，你加他",
        [("张浩", "Third-Party Identifiable Info"), ("zh_hao1122", "Account ID/Username")],
    ),
    (
        "zh",
        None,
        "快递寄到 北京市海淀区中关村南大街27号院3号楼2单元601",
        [("北京市海淀区中关村南大街27号院3号楼2单元601", "Detailed Address")],
    ),
    (
        "zh",
        None,
        "美国的SSN是 219-44-6610 报税要用",
        [("219-44-6610", "ID Number")],
    ),
    (
        "zh",
        None,
        "银行卡PIN码 6802",
        [("6802", "PIN")],
    ),
    (
        "zh",
        None,
        "公司VPN地址 vpn.hzyuntu.com.cn 账号 wangxf 密码 Yt@2024vpn",
        [
            ("vpn.hzyuntu.com.cn", "Intranet Entry Point"),
            ("wangxf", "Account ID/Username"),
            ("Yt@2024vpn", "Password"),
        ],
    ),
    (
        "zh",
        None,
        "身份证 32050219970715443X 尾号X输不进去怎么办",
        [("32050219970715443X", "ID Number")],
    ),
    (
        "zh",
        None,
        "工行卡 6212 2640 0201 8839 474 绑定微信",
        [("6212 2640 0201 8839 474", "Bank/Payment Card Number")],
    ),
    (
        "zh",
        None,
        "帮我老公订票 身份证号370202198303192614 姓名赵磊",
        [("370202198303192614", "ID Number"), ("赵磊", "Third-Party Identifiable Info")],
    ),
    # -- Chinese negatives -------------------------------------------------------------------
    ("zh", None, "顺丰单号 SF1428503917264 到哪了", []),
    ("zh", None, "订单号 2024031822154873901 退款什么时候到账", []),
    ("zh", None, "这本书 ISBN 978-7-111-54742-6 还有货吗", []),
    ("zh", None, "微信更新到 8.0.47 以后老是闪退", []),
    ("zh", None, "日志里 2024-05-06 09:13:44 [WARN] 连接池耗尽 是什么原因", []),
    ("zh", None, "iPhone 15 现在 5999 元值得买吗", []),
    ("zh", None, "条形码 6902538006100 是哪个牌子的饮料", []),
    ("zh", None, "提交 a3f9c21 之后单测就挂了，怎么回滚", []),
    ("zh", None, "马云最近在干嘛", []),
    ("zh", None, "故宫周一闭馆吗", []),
    ("zh", None, "下周三 3月20号 开会，帮我想想议程", []),
    ("zh", None, "红烧肉要 500 克五花肉、3 勺生抽、1 勺老抽，炖 40 分钟够吗", []),
    ("zh", None, "国足 0:2 输给日本，第 78 分钟丢的第二个球", []),
    ("zh", None, "客服电话 95588 是工行的吗", []),
    ("zh", None, "版本号 v3.2.1-beta 和 3.2.0 有什么区别", []),
    ("zh", None, "发票代码 044002100111 发票号码 08736125 能报销吗", []),
    ("zh", None, "上证指数今天收在 3052.14 点", []),
    ("zh", None, "鲁迅的《狂人日记》是 1918 年发表的吧", []),
    ("zh", None, "8.8.8.8 是谷歌的 DNS 吗，国内用 114.114.114.114 更快？", []),
    ("zh", None, "身份证号码一共多少位？最后一位为什么会是X", []),
    ("zh", None, "银行卡号一般是16位还是19位", []),
    ("zh", None, "报错 ERR_CONNECTION_REFUSED 127.0.0.1:8080 怎么办", []),
    ("zh", None, "一斤等于 500 克，一公斤等于 2 斤对吧", []),
    ("zh", None, "G1 次高铁是从北京南到上海虹桥吗", []),
    ("zh", None, "MD5 值 d41d8cd98f00b204e9800998ecf8427e 是空文件吗", []),
    ("zh", None, "2025 年国庆中秋一起放假，一共放几天", []),
    ("zh", None, "华为 Mate 60 Pro 的型号是 ALN-AL00 吗", []),
    ("zh", None, "圆通快递单号 YT7510483926571 显示已签收但我没收到", []),
]


# -- checksum helpers (own code) ---------------------------------------------------------------


def _digits(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", value) if c.isdigit())


def luhn_ok(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def cn_id_ok(value: str) -> bool:
    """GB 11643 MOD 11-2 check digit, plus a plausible birth date."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    check = "10X98765432"[sum(int(c) * w for c, w in zip(value[:17], _CN_WEIGHTS)) % 11]
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    return check == value[17] and 1900 <= year <= 2025 and 1 <= month <= 12 and 1 <= day <= 31


def hk_id_ok(value: str) -> bool:
    m = re.fullmatch(r"([A-Z]{1,2})(\d{6})\(([\dA])\)", value)
    if not m:
        return False
    prefix, digits, check = m.groups()
    vals = [36] * (2 - len(prefix)) + [ord(c) - 55 for c in prefix]
    total = vals[0] * 9 + vals[1] * 8 + sum(int(d) * w for d, w in zip(digits, [7, 6, 5, 4, 3, 2]))
    expected = (11 - total % 11) % 11
    return check == ("A" if expected == 10 else str(expected))


def ssn_ok(value: str) -> bool:
    m = re.fullmatch(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})", value)
    if not m:
        return False
    area, group, serial = m.groups()
    return area not in ("000", "666") and area < "900" and group != "00" and serial != "0000"


def iban_ok(value: str) -> bool:
    s = value.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    lengths = {"GB": 22, "DE": 22, "NL": 18, "FR": 27}
    if s[:2] in lengths and len(s) != lengths[s[:2]]:
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def check_value(value: str, kind: str) -> None:
    """Assert validity of checksum-bearing values; raise on an invalid one."""
    if kind == "Bank/Payment Card Number":
        digits = _digits(value)
        assert 15 <= len(digits) <= 19 and luhn_ok(digits), f"bad card {value!r}"
    elif kind == "ID Number":
        if re.fullmatch(r"\d{17}[\dX]", value):
            assert cn_id_ok(value), f"bad Chinese resident ID {value!r}"
        elif re.fullmatch(r"[A-Z]{1,2}\d{6}\(.\)", value):
            assert hk_id_ok(value), f"bad HK ID {value!r}"
        elif re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", value):
            assert ssn_ok(value), f"bad SSN {value!r}"
    elif kind == "Financial Account" and re.match(r"[A-Z]{2}\d{2}", value):
        assert iban_ok(value), f"bad IBAN {value!r}"
    elif kind == "Device ID" and re.fullmatch(r"\d{15}", value):
        assert luhn_ok(value), f"bad IMEI {value!r}"


def rows() -> list[dict]:
    out = []
    counts = {"en": 0, "zh": 0}
    for lang, user_name, text, spans in MESSAGES:
        counts[lang] += 1
        where = f"holdout2 {lang}-{counts[lang]}"
        for value, kind in spans:
            if value not in text or kind not in LEVELS:
                raise ValueError(f"{where}: bad annotation {value!r} / {kind!r}")
            listed = sum(1 for v, _ in spans if v == value)
            if text.count(value) != listed:
                raise ValueError(f"{where}: {value!r} occurs {text.count(value)}x, listed {listed}x")
            check_value(value, kind)
        out.append(
            {
                "id": f"holdout2-{lang}-{counts[lang]:03d}",
                "lang": lang,
                "user_name": user_name,
                "text": text,
                "spans": [
                    {"original_text": v, "privacy_type": k, "privacy_level": LEVELS[k]} for v, k in spans
                ],
                "ignore": [],
                "source": "holdout2",
            }
        )
    return out


def render() -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows())


def main() -> int:
    path = HERE / "holdout2.jsonl"
    if "--check" in sys.argv[1:]:
        same = path.exists() and path.read_text(encoding="utf-8") == render()
        print("holdout2 set up to date" if same else "holdout2 set differs from holdout2.py")
        return 0 if same else 1
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {len(rows())} messages to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
