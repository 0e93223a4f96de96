"""A held-out set, written after the rules and never used to tune them.

``python data/dev/holdout.py`` writes ``data/dev/holdout.jsonl``. docs/rules.md reports the
rules' first run on it, before any change prompted by it, next to the dev-set figures.
Entries: (lang, user_name, text, [(value, privacy type), ...]).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_dev import LEVELS

MESSAGES: list[tuple[str, str | None, str, list[tuple[str, str]]]] = [
    # -- English -------------------------------------------------------------------------
    (
        "en",
        "Olivia Brooks",
        "Olivia Brooks here, new cell is 773-555-0148, please update my profile",
        [("Olivia Brooks", "Real Name"), ("773-555-0148", "Phone Number")],
    ),
    (
        "en",
        None,
        "can u remind me my bank login? user: obrooks91 pass: Tulip!Garden7",
        [("obrooks91", "Account ID/Username"), ("Tulip!Garden7", "Password")],
    ),
    (
        "en",
        None,
        "Chase sent 804152 as the code, do I enter it on the app or the site?",
        [("804152", "Verification Code")],
    ),
    (
        "en",
        None,
        "Hi! My Visa is 4556 7375 8689 9855, exp 09/26, cvc 771. Book the Marriott for Friday.",
        [("4556 7375 8689 9855", "Bank/Payment Card Number"), ("771", "Payment Security Code")],
    ),
    (
        "en",
        None,
        "forward everything to olivia.brooks@protonmail.com from now on",
        [("olivia.brooks@protonmail.com", "Email")],
    ),
    (
        "en",
        None,
        "Our VPN gateway is vpn.northwind.corp and the RDP box is 10.12.0.44",
        [("vpn.northwind.corp", "Intranet Entry Point"), ("10.12.0.44", "Internal IP")],
    ),
    ("en", None, "what's a good name for a golden retriever puppy?", []),
    (
        "en",
        None,
        "SSN 078-05-1121 - is it safe to send that over email to my accountant?",
        [("078-05-1121", "ID Number")],
    ),
    (
        "en",
        None,
        "I moved! New address: 18 Willow Creek Rd, Apt 3C, Boulder, CO 80302",
        [("18 Willow Creek Rd, Apt 3C, Boulder, CO 80302", "Detailed Address")],
    ),
    (
        "en",
        None,
        "my stripe secret key sk_live_51HvQ2bKxR8mT3nY7pL4wZ9aE got leaked on github, what now?",
        [("sk_live_51HvQ2bKxR8mT3nY7pL4wZ9aE", "Key")],
    ),
    ("en", None, "can you convert 2.5 kg to pounds", []),
    (
        "en",
        None,
        "DOB is 12/03/1978 and my member ID is XJH448120937 for the Aetna claim",
        [("12/03/1978", "Specific Date of Birth"), ("XJH448120937", "ID Number")],
    ),
    (
        "en",
        None,
        "Set up my Netflix on the TV, email is brooks.o@gmail.com, password netflix4us",
        [("brooks.o@gmail.com", "Email"), ("netflix4us", "Password")],
    ),
    ("en", None, "I'm turning 45 next week and my wife wants a surprise party", [("45", "Specific Age")]),
    (
        "en",
        None,
        "git remote add origin https://oauth2:glpat-xY7pQ2mR9tK4vL1nB8wZ@gitlab.com/team/app.git",
        [("glpat-xY7pQ2mR9tK4vL1nB8wZ", "Token")],
    ),
    ("en", None, "The kids' school is closed Monday for Presidents Day", []),
    (
        "en",
        None,
        "route the call to +61 412 345 678 after 5pm Sydney time",
        [("+61 412 345 678", "Phone Number")],
    ),
    ("en", None, "whats the tracking on 9400111899223344556677, it's been stuck for days", []),
    (
        "en",
        None,
        "my routing is 021000021 and checking acct 483920175, set up autopay",
        [("483920175", "Financial Account")],
    ),
    ("en", None, "Remind me: door code for mom's building is 2580", [("2580", "PIN")]),
    ("en", None, "Please don't store this but my passport is 531234567", [("531234567", "Passport Number")]),
    ("en", None, "Add a calendar event: dentist on 3/14 at 2:15pm", []),
    ("en", None, "ssh -i key.pem ubuntu@54.213.88.17 is timing out", [("54.213.88.17", "IP Address")]),
    (
        "en",
        None,
        "the AWS creds are AKIA4QXZRT7YBN2MK5PW / 9vK2+xQ7mR4tY8pL1nB6wZ3cV5hJ0dS2aE4gU7iO",
        [("AKIA4QXZRT7YBN2MK5PW", "Key"), ("9vK2+xQ7mR4tY8pL1nB6wZ3cV5hJ0dS2aE4gU7iO", "Key")],
    ),
    ("en", None, "how do I politely decline a meeting invite?", []),
    (
        "en",
        None,
        "I earn about 4k a month and rent is 1,800 - can I afford a car?",
        [("about 4k a month", "Assets/Income")],
    ),
    (
        "en",
        None,
        "My license # is F2556734 in Florida, renew online?",
        [("F2556734", "Driver's License Number")],
    ),
    ("en", None, "ping me on telegram @obrooks_dev", [("@obrooks_dev", "Account ID/Username")]),
    (
        "en",
        None,
        "The Wi-Fi at the cabin: network Lakeside5G, key lake2024house",
        [("Lakeside5G", "Network Identifier"), ("lake2024house", "Password")],
    ),
    ("en", None, "What year did the Berlin Wall fall?", []),
    (
        "en",
        None,
        "use the recovery key 4F8K-29DM-X7QP-1L3N if I get locked out",
        [("4F8K-29DM-X7QP-1L3N", "Backup Code")],
    ),
    ("en", None, "my daughter's pediatrician is at (503) 555-0113", [("(503) 555-0113", "Phone Number")]),
    ("en", None, "Invoice INV-2024-00418 for $2,340.00 is attached, pay by net 30", []),
    (
        "en",
        None,
        "JWT for staging: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoib2xpdmlhIn0.4pcPyMD09olPSyXnrXCjTwXyr4BsezdI1AVTmud2fU4",
        [
            (
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoib2xpdmlhIn0.4pcPyMD09olPSyXnrXCjTwXyr4BsezdI1AVTmud2fU4",
                "Token",
            )
        ],
    ),
    ("en", None, "I think I have a UTI, what can I take over the counter?", [("UTI", "Medical Health")]),
    ("en", None, "my PIN's 9031 for the debit card, don't tell my husband", [("9031", "PIN")]),
    (
        "en",
        None,
        "Sort code 20-00-00 account 55779911, send the deposit there",
        [("55779911", "Financial Account")],
    ),
    ("en", None, "the meeting room code is R-204 on floor 2", []),
    ("en", None, "I was born 7 July 1985 in Leeds", [("7 July 1985", "Specific Date of Birth")]),
    (
        "en",
        None,
        "mysql -h db-prod.internal -u report -p'Rep0rt!ng' sales",
        [("db-prod.internal", "Intranet Entry Point"), ("Rep0rt!ng", "Password")],
    ),
    # -- Chinese -------------------------------------------------------------------------
    (
        "zh",
        "刘思远",
        "你好我是刘思远，电话15900001234，明天上午能来修空调吗",
        [("刘思远", "Real Name"), ("15900001234", "Phone Number")],
    ),
    (
        "zh",
        None,
        "【中国银行】您尾号8866的账户于10:32支出2000元，验证码556120。这是诈骗吗？",
        [("556120", "Verification Code")],
    ),
    (
        "zh",
        None,
        "帮我填表：姓名王芳，身份证号码320102198201271392，联系电话 137 2345 6789",
        [("王芳", "Real Name"), ("320102198201271392", "ID Number"), ("137 2345 6789", "Phone Number")],
    ),
    ("zh", None, "今天天气不错，适合去爬山吗？", []),
    (
        "zh",
        None,
        "我的工行卡号是6212 2602 0001 2345 678，转500过来",
        [("6212 2602 0001 2345 678", "Bank/Payment Card Number")],
    ),
    (
        "zh",
        None,
        "收货地址：广州市天河区珠江新城花城大道68号环球都会广场2208",
        [("广州市天河区珠江新城花城大道68号环球都会广场2208", "Detailed Address")],
    ),
    ("zh", None, "服务器的root密码是 Tx#8812aa ，记得定期改", [("Tx#8812aa", "Password")]),
    ("zh", None, "这个Excel公式怎么写：=SUM(A1:A10)", []),
    (
        "zh",
        None,
        "我老公手机号18812345678，他叫周杰，有事找他",
        [("18812345678", "Phone Number"), ("周杰", "Third-Party Identifiable Info")],
    ),
    ("zh", None, "护照 EH1234567 下个月到期，能加急办理吗", [("EH1234567", "Passport Number")]),
    ("zh", None, "微信号 sy_liu1990，备注“客户”", [("sy_liu1990", "Account ID/Username")]),
    # corrected after the first run: the company VPN URL is an intranet entry point (PL4)
    (
        "zh",
        None,
        "公司VPN地址 https://vpn.huaxin-tech.com 账号liusy 密码Hx@2024vpn",
        [
            ("https://vpn.huaxin-tech.com", "Intranet Entry Point"),
            ("liusy", "Account ID/Username"),
            ("Hx@2024vpn", "Password"),
        ],
    ),
    ("zh", None, "帮我查一下明天从上海到北京的高铁", []),
    ("zh", None, "孩子班主任的电话是021-64123456", [("021-64123456", "Phone Number")]),
    ("zh", None, "车牌号浙A8B2C6，被拍了闯红灯怎么处理", [("浙A8B2C6", "License Plate")]),
    ("zh", None, "我的邮箱 liusiyuan@foxmail.com 收不到验证邮件", [("liusiyuan@foxmail.com", "Email")]),
    ("zh", None, "2025年春节是几月几号？", []),
    ("zh", None, "确诊了甲状腺癌，医生建议手术，我好害怕", [("甲状腺癌", "Medical Health")]),
    ("zh", None, "我的支付宝账号就是手机号13687654321", [("13687654321", "Phone Number")]),
    ("zh", None, "网银U盾密码和登录密码都是 lsy880512", [("lsy880512", "Password")]),
    ("zh", None, "香港电话 +852 6123 4567，过关后打我", [("+852 6123 4567", "Phone Number")]),
    ("zh", None, "帮我把这段话改得正式一点：我们下周再聊", []),
    ("zh", None, "身份证后四位是1392，这样能查到吗", []),
    (
        "zh",
        None,
        "内网数据库 10.0.8.15:3306 用户 readonly 密码 Ro!2024",
        [("10.0.8.15", "Internal IP"), ("readonly", "Account ID/Username"), ("Ro!2024", "Password")],
    ),
    (
        "zh",
        None,
        "我今年31岁，月薪1.5万，存款20万，想买房",
        [("31岁", "Specific Age"), ("月薪1.5万", "Assets/Income"), ("存款20万", "Assets/Income")],
    ),
    ("zh", None, "快递单号YT7412589630147，帮我催一下", []),
    ("zh", None, "宝宝出生日期2021年6月18日，打疫苗要用", [("2021年6月18日", "Specific Date of Birth")]),
    ("zh", None, "我的QQ：2847561930 邮箱也是这个qq号", [("2847561930", "Account ID/Username")]),
    (
        "zh",
        None,
        "阿里云AccessKey Secret是 k8Zp3Lq9Wx2Rv7Tn4Yb1Mc6Hd0Fs5Ga，帮我配一下OSS",
        [("k8Zp3Lq9Wx2Rv7Tn4Yb1Mc6Hd0Fs5Ga", "Key")],
    ),
    ("zh", None, "股票账户资金账号 3100 8866 2233，密码是六个8", [("3100 8866 2233", "Financial Account")]),
    ("zh", None, "给我推荐几部好看的国产电视剧", []),
    (
        "zh",
        None,
        "家里地址是成都市武侯区桐梓林北路6号仁恒滨河湾5栋1单元1702",
        [("成都市武侯区桐梓林北路6号仁恒滨河湾5栋1单元1702", "Detailed Address")],
    ),
    ("zh", None, "登录时提示输入动态口令，口令是 905713", [("905713", "Verification Code")]),
    ("zh", None, "这台电脑的MAC是 A4-5E-60-D1-22-9F，帮我绑定到路由器", [("A4-5E-60-D1-22-9F", "Device ID")]),
    ("zh", None, "请问《三体》的作者是谁？", []),
    (
        "zh",
        None,
        "我在字节跳动做产品经理，工号 BD100234",
        [
            ("字节跳动", "Employer/Company Name"),
            ("产品经理", "Job Title/Rank"),
            ("BD100234", "Account ID/Username"),
        ],
    ),
    ("zh", None, "信用卡有效期 08/27，背面三位数是 315", [("315", "Payment Security Code")]),
    ("zh", None, "我妈住院了，住在协和医院心内科12床", [("协和医院心内科12床", "Precise Location")]),
    (
        "zh",
        None,
        "新的GitHub令牌 ghp_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9 帮我更新到secrets里",
        [("ghp_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9", "Token")],
    ),
    ("zh", None, "价格是1299元还是1399元？我记不清了", []),
]


def rows() -> list[dict]:
    out = []
    counts = {"en": 0, "zh": 0}
    for lang, user_name, text, spans in MESSAGES:
        counts[lang] += 1
        for value, kind in spans:
            if value not in text or kind not in LEVELS:
                raise ValueError(f"holdout {lang}-{counts[lang]}: bad annotation")
        out.append(
            {
                "id": f"holdout-{lang}-{counts[lang]:03d}",
                "lang": lang,
                "user_name": user_name,
                "text": text,
                "spans": [
                    {"original_text": v, "privacy_type": k, "privacy_level": LEVELS[k]} for v, k in spans
                ],
                "ignore": [],
                "source": "holdout",
            }
        )
    return out


def render() -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows())


def main() -> int:
    path = HERE / "holdout.jsonl"
    if "--check" in sys.argv[1:]:
        same = path.exists() and path.read_text(encoding="utf-8") == render()
        print("holdout set up to date" if same else "holdout set differs from holdout.py")
        return 0 if same else 1
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {len(rows())} messages to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
