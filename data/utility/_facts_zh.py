"""Chinese fact templates: what a user in mainland China tells an assistant to remember."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import _values as v
from _catalog import Fact, pick, prof, slot

P = Mapping[str, Any]


def _email_qq(rng: random.Random, p: P, pinyin: str) -> str:
    user = rng.choice((pinyin.replace(" ", ""), pinyin.replace(" ", "_") + str(rng.randint(80, 99)),
                       pinyin.split()[0] + pinyin.split()[1][0] + str(rng.randint(100, 999))))
    if rng.random() < 0.3:
        return f"{v.digits(rng, 9, first_nonzero=True)}@qq.com"
    return f"{user}@{rng.choice(('163.com', '126.com', 'qq.com', 'foxmail.com', 'sina.com'))}"


def _wan(lo: int, hi: int) -> Any:
    return lambda rng, p: f"{rng.randint(lo, hi)}万"


def _yuan(lo: int, hi: int, step: int) -> Any:
    return lambda rng, p: f"{rng.randrange(lo, hi, step)}元"


def _dob(rng: random.Random, p: P) -> str:
    b = p["birth"]
    return f"{b.year}年{b.month}月{b.day}日"


def _train(rng: random.Random, p: P) -> str:
    return f"{rng.choice('GD')}{rng.randint(1, 1999)}"


def _flight(rng: random.Random, p: P) -> str:
    return rng.choice(("MU", "CA", "CZ", "HO", "ZH", "3U")) + str(rng.randint(1000, 9899))


_DOCTORS = ("王医生", "李主任", "陈大夫", "刘医生", "周主任", "孙医生")
_MEDS = ("二甲双胍", "舍曲林", "氨氯地平", "优甲乐", "阿托伐他汀", "孟鲁司特")
_ALLERGENS = ("青霉素", "海鲜", "花生", "头孢", "芒果", "尘螨")
_DIAGNOSES = ("腰椎间盘突出", "轻度脂肪肝", "甲状腺结节", "二型糖尿病", "慢性胃炎", "焦虑症")
_BLOOD = ("O型", "A型", "B型", "AB型", "Rh阴性O型")
_DESTS = ("成都", "西安", "厦门", "昆明", "青岛", "三亚", "大理", "哈尔滨")
_HOTELS = ("全季酒店", "亚朵酒店", "汉庭", "希尔顿欢朋", "如家精选", "一家民宿")
_SCHOOLS = ("实验小学", "第二中心小学", "外国语学校附属小学", "师大附小")


FACTS: tuple[Fact, ...] = (
    # -- contacts
    Fact("own_phone", "contacts",
         ("我的手机号是{phone}，有事打这个。", "帮我记一下，我现在用的手机号是{phone}", "表格上联系电话填{phone}就行，是我本人的"),
         ("我自己的手机号是多少？", "我本人的联系电话是哪个？", "别人打哪个号码能找到我？"),
         "phone", {"phone": slot("Phone Number", lambda r, p: v.cn_mobile(r))}),
    Fact("mom_phone", "contacts",
         ("我妈换号了，新号码{phone}，旧的停机了。", "妈妈{mom}的新手机：{phone}，记得更新一下"),
         ("我妈的新手机号是多少？", "怎么联系我妈妈？"),
         "phone", {"phone": slot("Phone Number", lambda r, p: v.cn_mobile(r)),
                   "mom": slot("Third-Party Identifiable Info", prof("mom"))}),
    Fact("dentist_phone", "contacts",
         ("新找的牙医是{clinic}的{doc}，诊所电话{phone}。", "牙科诊所的电话记一下：{phone}，周一休息"),
         ("牙医诊所的电话是多少？",),
         "phone", {"phone": slot("Phone Number", lambda r, p: v.cn_landline(r)), "doc": slot("Third-Party Identifiable Info", pick(*_DOCTORS)),
                   "clinic": slot(None, pick("瑞尔齿科", "马泷齿科", "拜博口腔"))}),
    Fact("friend_email", "contacts",
         ("{friend}给了我她的私人邮箱：{email}，读书会的通知发这个。", "{friend}的邮箱是{email}，她工作邮箱不常看"),
         ("{friend}的私人邮箱是什么？",),
         "email", {"email": slot("Email", lambda r, p: _email_qq(r, p, p["friend_pinyin"])),
                   "friend": slot("Third-Party Identifiable Info", prof("friend"))}),
    Fact("work_email", "contacts",
         ("工作上的事发我公司邮箱{email}。", "换工作了，新的工作邮箱是{email}"),
         ("我的工作邮箱是什么？", "工作上的邮件该发到哪？"),
         "email", {"email": slot("Email", lambda r, p: p["pinyin"].replace(" ", ".") + "@" + p["domain"])}),
    Fact("personal_email", "contacts",
         ("发票都发到{email}，那是我的私人邮箱。",),
         ("我的私人邮箱是哪个？", "发票应该发到哪个邮箱？"),
         "email", {"email": slot("Email", lambda r, p: _email_qq(r, p, p["pinyin"]))}),
    Fact("emergency", "contacts",
         ("紧急联系人写我哥{bro}，电话{phone}。", "万一有急事就打我哥哥的电话{phone}"),
         ("紧急联系人的电话是多少？", "我出事了该打给谁？"),
         "phone", {"phone": slot("Phone Number", lambda r, p: v.cn_mobile(r)),
                   "bro": slot("Third-Party Identifiable Info", prof("brother"))}),
    Fact("home_address", "contacts",
         ("搬家了！新地址是{address}。", "以后快递都寄到{address}"),
         ("我家现在的地址是什么？", "我住在哪里？"),
         "address", {"address": slot("Detailed Address", prof("address"))}),
    Fact("landlord", "contacts",
         ("房东姓{landlord}，有维修的事打{phone}。",),
         ("房东的电话是多少？",),
         "phone", {"phone": slot("Phone Number", lambda r, p: v.cn_mobile(r)),
                   "landlord": slot("Third-Party Identifiable Info", pick("张", "赵", "钱", "何", "吴"))}),
    Fact("vet", "contacts",
         ("{pet}看病去{vetclinic}，电话{phone}。",),
         ("宠物医院的电话是多少？",),
         "phone", {"phone": slot("Phone Number", lambda r, p: v.cn_landline(r)), "pet": slot(None, pick("豆豆", "咪咪", "旺财", "团子")),
                   "vetclinic": slot(None, pick("瑞鹏宠物医院", "新瑞鹏", "芭比堂动物医院"))}),
    Fact("kid_school", "contacts",
         ("{kid}九月开始在{school}上二年级，早上七点四十送到校门口。",),
         ("{kid}在哪所学校上学？",),
         "school", {"school": slot("School", lambda r, p: p["district"] + r.choice(_SCHOOLS)),
                    "kid": slot("Minor Information", prof("kid"))}, kind="fact"),
    # -- accounts
    Fact("card", "accounts",
         ("我的招行信用卡号是{card}，订酒店押金用这张。", "网购用的信用卡：{card}"),
         ("我的信用卡号是多少？", "网购付款用哪张卡？"),
         "card", {"card": slot("Bank/Payment Card Number", lambda r, p: v.card_number(r, "unionpay"))}),
    Fact("salary_card", "accounts",
         ("工资卡是建行的，卡号{card}。",),
         ("我的工资卡卡号是多少？",),
         "card", {"card": slot("Bank/Payment Card Number", lambda r, p: v.card_number(r, "unionpay19"))}),
    Fact("wechat", "accounts",
         ("我的微信号是{wx}，你可以推给新同事。",),
         ("我的微信号是什么？",),
         "wx", {"wx": slot("Account ID/Username", lambda r, p: p["pinyin"].split()[1] + "_" + p["birth"].strftime("%m%d") + r.choice(("", "x", "zz")))}),
    Fact("qq", "accounts",
         ("QQ号{qq}，打游戏的时候加我。",),
         ("我的QQ号是多少？",),
         "qq", {"qq": slot("Account ID/Username", lambda r, p: v.digits(r, r.choice((9, 10)), first_nonzero=True))}),
    Fact("wifi", "accounts",
         ("家里wifi名字{ssid}，密码{pw}", "来家里的朋友总问，wifi密码是{pw}"),
         ("家里wifi密码是多少？", "客人来我家怎么连网？"),
         "pw", {"pw": slot("Password", lambda r, p: v.password(r)), "ssid": slot(None, pick("TP-LINK_5G_8A", "ChinaNet-x7Kq", "Xiaomi_3F2C"))}),
    Fact("mail_pw", "accounts",
         ("我把163邮箱的密码改成了{pw}，别让我忘了。",),
         ("我邮箱的密码改成什么了？", "我现在怎么登录163邮箱？"),
         "pw", {"pw": slot("Password", lambda r, p: v.password(r))}),
    Fact("bank_pin", "accounts",
         ("银行卡取款密码是{pin}。", "老忘：银行卡密码{pin}"),
         ("我的银行卡密码是多少？", "ATM取钱要输什么？"),
         "pin", {"pin": slot("PIN", lambda r, p: v.pin(r, 6))}),
    Fact("api_key", "accounts",
         ("副业项目的API key是{key}，先存你这。",),
         ("我副业项目的API key是什么？",),
         "key", {"key": slot("Key", lambda r, p: v.api_key(r))}),
    Fact("otp", "accounts",
         ("刚收到银行的验证码{otp}，十分钟内有效。",),
         ("银行发给我的验证码是多少？", "银行短信里的码是多少？"),
         "otp", {"otp": slot("Verification Code", lambda r, p: v.otp(r))}),
    Fact("alipay", "accounts",
         ("支付宝账号用的是{acct}，转账就转这个。",),
         ("我的支付宝账号是什么？",),
         "acct", {"acct": slot("Account ID/Username", lambda r, p: _email_qq(r, p, p["pinyin"]))}),
    # -- ids
    Fact("passport", "ids",
         ("护照号{passport}，办签证要用。", "填机票信息用：护照号码 {passport}"),
         ("我的护照号是多少？", "办签证要填的证件号码是什么？"),
         "passport", {"passport": slot("Passport Number", lambda r, p: v.passport(r, "CN"))}),
    Fact("id_number", "ids",
         ("我的身份证号是{nid}，填表老要用。",),
         ("我的身份证号码是多少？",),
         "nid", {"nid": slot("ID Number", prof("id_number"))}),
    Fact("plate", "ids",
         ("我家车牌号{plate}，办停车证要用。",),
         ("我家车的车牌号是多少？", "办停车证要填的车牌是什么？"),
         "plate", {"plate": slot("License Plate", lambda r, p: v.cn_plate(r, p["plate_province"]))}),
    Fact("dob", "ids",
         ("顺便说一下，我的生日是{dob}。",),
         ("我的生日是哪天？", "我的出生日期是什么？"),
         "dob", {"dob": slot("Specific Date of Birth", _dob)}),
    Fact("social_card", "ids",
         ("社保卡号{card}，看病报销要填。",),
         ("我的社保卡号是多少？",),
         "card", {"card": slot("Financial Account", lambda r, p: v.confirmation_code(r, 1) + v.digits(r, 8))}),
    # -- health
    Fact("medication", "health",
         ("医生让我每天早饭后吃{med}，一次一片。",),
         ("医生给我开的什么药？", "我每天早上要吃什么药？"),
         "med", {"med": slot("Medical Health", pick(*_MEDS))}, kind="fact"),
    Fact("allergy", "health",
         ("记住我对{allergen}过敏，会起疹子。",),
         ("我对什么过敏？", "我吃什么会起疹子？"),
         "allergen", {"allergen": slot("Medical Health", pick(*_ALLERGENS))}, kind="fact"),
    Fact("diagnosis", "health",
         ("检查结果出来了，是{diagnosis}，先保守治疗。", "医生说我是{diagnosis}，要定期复查"),
         ("医生诊断我是什么病？", "检查结果是什么问题？"),
         "diagnosis", {"diagnosis": slot("Medical Health", pick(*_DIAGNOSES))}, kind="fact"),
    Fact("blood", "health",
         ("我是{bt}血，献血的时候用得上。",),
         ("我是什么血型？",),
         "bt", {"bt": slot("Medical Health", pick(*_BLOOD))}, kind="fact"),
    Fact("mrn", "health",
         ("我在{hospital}的就诊卡号是{mrn}。",),
         ("我在医院的就诊卡号是多少？",),
         "mrn", {"mrn": slot("Medical Record", lambda r, p: v.digits(r, 10, first_nonzero=True)),
                 "hospital": slot(None, pick("华山医院", "协和医院", "华西医院", "中山医院"))}),
    # -- travel
    Fact("train", "travel",
         ("买好了{date}去{dest}的高铁，{train}次，{car}车{seat}座。",),
         ("我去{dest}的高铁是哪个车次？",),
         "train", {"train": slot("Itinerary/Trajectory", _train), "dest": slot(None, pick(*_DESTS)),
                   "date": slot(None, lambda r, p: f"{r.randint(1, 12)}月{r.randint(1, 28)}号"),
                   "car": slot(None, lambda r, p: f"{r.randint(1, 16):02d}"), "seat": slot(None, lambda r, p: f"{r.randint(1, 18)}{r.choice('ABCDF')}")},
         kind="fact"),
    Fact("flight", "travel",
         ("订了{dest}的机票，航班号{flight}，早上八点起飞。",),
         ("我去{dest}的航班号是多少？",),
         "flight", {"flight": slot("Itinerary/Trajectory", _flight), "dest": slot(None, pick(*_DESTS))}, kind="fact"),
    Fact("hotel", "travel",
         ("{city2}住{hotel}，订单号{conf}。",),
         ("我在{city2}的酒店订单号是多少？",),
         "conf", {"conf": slot("Accommodation Records", lambda r, p: v.digits(r, 12, first_nonzero=True)),
                  "hotel": slot(None, pick(*_HOTELS)), "city2": slot(None, pick(*_DESTS))}),
    Fact("ffn", "travel",
         ("我的东航常旅客卡号是{ffn}，订票时记得填。",),
         ("我的常旅客卡号是多少？", "订机票时要填的会员号是多少？"),
         "ffn", {"ffn": slot("Account ID/Username", lambda r, p: v.digits(r, 12, first_nonzero=True))}),
    # -- money
    Fact("salary", "money",
         ("新offer谈下来了，月薪{salary}，十四薪。",),
         ("我新工作的月薪是多少？",),
         "salary", {"salary": slot("Assets/Income", _yuan(15000, 60000, 500))}, kind="fact"),
    Fact("mortgage", "money",
         ("房贷还剩{loan}没还，打算今年提前还一部分。",),
         ("房贷还剩多少？", "房子还欠银行多少钱？"),
         "loan", {"loan": slot("Debt/Loan Info", _wan(40, 380))}, kind="fact"),
    Fact("credit", "money",
         ("今天看了下芝麻信用分，{score}分。",),
         ("我的芝麻信用分是多少？",),
         "score", {"score": slot("Credit Score", lambda r, p: str(r.randint(600, 820)))}, kind="fact"),
    Fact("fund", "money",
         ("公积金账户余额现在有{amount}了。",),
         ("我的公积金余额有多少？",),
         "amount", {"amount": slot("Assets/Income", _yuan(20000, 260000, 100))}, kind="fact"),
    # -- work
    Fact("employer", "work",
         ("下周一去{company}报到，岗位是{title}。",),
         ("我现在在哪家公司上班？", "我的新东家是哪家？"),
         "company", {"company": slot("Employer/Company Name", prof("company")), "title": slot("Job Title/Rank", prof("title"))},
         kind="fact"),
    Fact("staging_ip", "work",
         ("测试服务器的内网地址是{ip}，用deploy账号登录。",),
         ("测试服务器的IP是多少？", "登录测试环境连哪个地址？"),
         "ip", {"ip": slot("Internal IP", lambda r, p: v.internal_ip(r))}),
    Fact("db_url", "work",
         ("线上数据库连接串：{dburl}，迁移的时候要用",),
         ("线上数据库的连接串是什么？",),
         "dburl", {"dburl": slot("Database Connection String", lambda r, p: v.db_url(r, r.choice(("orders", "billing", "crm"))))}),
    Fact("project", "work",
         ("新项目内部代号叫{code}，先别往外说。",),
         ("新项目的内部代号是什么？",),
         "code", {"code": slot("Project Code", prof("project"))}, kind="fact"),
    Fact("employee_id", "work",
         ("我的工号是{emp}，报销单上要填。",),
         ("我的工号是多少？",),
         "emp", {"emp": slot("Account ID/Username", lambda r, p: p["company_code"] + v.digits(r, 6))}),
    # -- codes
    Fact("door_code", "codes",
         ("小区单元门的门禁密码是{code}。", "单元门密码{code}，按完再按确认键"),
         ("单元门的门禁密码是多少？", "怎么进我们楼的单元门？"),
         "code", {"code": slot("Password", lambda r, p: v.pin(r, 4) + "#")}),
    Fact("pickup", "codes",
         ("菜鸟驿站的取件码是{code}，帮我记一下。",),
         ("快递的取件码是多少？",),
         "code", {"code": slot("Verification Code", lambda r, p: f"{r.randint(1, 9)}-{r.randint(1, 6)}-{v.digits(r, 4)}")}),
    Fact("locker", "codes",
         ("健身房储物柜密码{combo}。",),
         ("健身房柜子的密码是多少？",),
         "combo", {"combo": slot("Password", lambda r, p: v.pin(r, 4))}),
    Fact("security_answer", "codes",
         ("银行的密保问题“小学班主任姓什么”，答案是{ans}。",),
         ("我银行密保问题的答案是什么？",),
         "ans", {"ans": slot("Security Question Answer", pick("姓高", "姓马", "姓郑", "姓林", "姓宋"))}, kind="fact"),
)

FILLERS: tuple[str, ...] = (
    "最近想多喝水，下午三点左右提醒我一下。",
    "坐长途飞机我喜欢靠过道的位置。",
    "帮我记一下购物清单：牛奶、菠菜、鸡蛋、咖啡豆。",
    "上周那家川菜馆挺好吃的，下次再去。",
    "周日记得提醒我给阳台的花浇水。",
    "我最近在看《三体》，看到第二部了。",
    "我早上起不来，九点前别给我安排事。",
    "明年春天想跑个半马，帮我做个训练计划。",
    "APP提示有5.2.1版本更新，要不要升级？",
    "订单号 48213 的书到了但是压坏了，我要投诉。",
    "我平时基本吃素，偶尔吃鱼。",
    "等天气好点找个周末去爬山吧。",
    "客厅想刷成浅灰绿色。",
    "周二提醒我打电话给银行问新卡的事。",
    "我一般下班后六点半去健身房。",
    "会议改到周四下午两点了。",
    "隔壁装修，最近睡得很差。",
    "推荐个通勤听的播客吧，历史类的。",
    "这个月外卖点太多了，帮我做个预算。",
    "我姐十月结婚，我还没买衣服。",
    "新买的扫地机器人 1299 元，算便宜吗？",
    "我喝咖啡要加燕麦奶，不加糖。",
    "提醒我每周三晚上倒垃圾，要分类。",
    "我在学日语，每天背 20 个单词。",
    "这本教材的 ISBN 是 978-7-111-54742-6，帮我查查是不是最新版。",
    "我们组每天早上 9:45 开站会。",
    "想多在家做饭，推荐几个两人份的简单菜。",
    "物流信息显示包裹今早 06:12 已经出库。",
    "想养只狗，但是房子有点小。",
    "我不喜欢晚上开车，出行尽量天黑前到。",
    "路由器上次自动升级到 2.4.18 就坏了，提醒我关掉自动更新。",
    "今年过年在我家吃年夜饭，大概十二个人。",
)
