"""The user's name (from user_name and self-introductions), ages, birth dates, addresses, plates,
postcodes, coordinates, account handles, network names and credit scores."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]
NAME = "Real Name"


@pytest.mark.parametrize(
    ("user_name", "text", "expected"),
    [
        ("张伟", "我叫张伟，手机13800138000", [("张伟", NAME), ("13800138000", "Phone Number")]),
        ("张伟", "张 伟 的快递", [("张 伟", NAME)]),
        ("陈晓东", "我是晓东，方案看了吗", [("晓东", NAME)]),
        ("陈晓东", "王晓东是我同事", []),  # another person with the same given name
        ("王国庆", "国庆节去哪玩", []),  # the given name as an ordinary word
        ("欧阳娜娜", "娜娜在吗", [("娜娜", NAME)]),  # compound surname
        ("Emily Chen", "hey it's emily chen here", [("emily chen", NAME)]),
        (
            "Emily Chen",
            "Chen, Emily - DOB 04/17/1991",
            [("Chen, Emily", NAME), ("04/17/1991", "Specific Date of Birth")],
        ),
        ("Emily Chen", "EmilyChen on the form", [("EmilyChen", NAME)]),
        ("Emily Chen", "Thanks, Emily", [("Emily", NAME)]),
        ("Mark Davis", "Mark here. Move my appointment?", [("Mark", NAME)]),
        ("Mark Davis", "Mark the 3pm meeting as optional", []),  # a first name that is also a word
        ("David Miller", "my friend David Patel called", []),  # someone else's full name
        (None, "我叫李娜，今年28岁", [("李娜", NAME), ("28岁", "Specific Age")]),
        (None, "my name is Ryan Kim and I'm 34", [("Ryan Kim", NAME), ("34", "Specific Age")]),
        (None, "I'm 29 years old and live alone", [("29 years old", "Specific Age")]),
        (None, "我儿子今年5岁", []),  # someone else's age is not the user's
        (None, "I'm 30 minutes late", []),
    ],
)
def test_people(found: Found, user_name: str | None, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, user_name=user_name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出生日期：1990年3月7日", [("1990年3月7日", "Specific Date of Birth")]),
        ("1988年11月2日出生，属龙", [("1988年11月2日", "Specific Date of Birth")]),
        ("born on March 7, 1990 in Ohio", [("March 7, 1990", "Specific Date of Birth")]),
        ("老婆生日是3月8号", []),  # someone else's birthday
        (
            "我家住在北京市朝阳区建国路88号SOHO现代城5号楼1203室，欢迎",
            [("北京市朝阳区建国路88号SOHO现代城5号楼1203室", "Detailed Address")],
        ),
        ("快递放到丰台区西罗园南里小区3号楼2单元", [("丰台区西罗园南里小区3号楼2单元", "Detailed Address")]),
        ("公司地址：深圳市南山区科苑路15号", [("深圳市南山区科苑路15号", "Work Address")]),
        (
            "I live at 221B Baker Street, London NW1 6XE",
            [("221B Baker Street, London NW1 6XE", "Detailed Address")],
        ),
        (
            "ship to 1234 N. Clark St., Apt. 5, Chicago, IL 60610",
            [("1234 N. Clark St., Apt. 5, Chicago, IL 60610", "Detailed Address")],
        ),
        ("我们去了朝阳公园", []),
        ("南京路步行街人好多", []),
        ("车牌沪A·D12345被贴条", [("沪A·D12345", "License Plate")]),
        ("粤B12345 停在门口", [("粤B12345", "License Plate")]),
        ("license plate 8KZT422 got a ticket", [("8KZT422", "License Plate")]),
        ("邮编 100020", [("100020", "Zip Code")]),
        ("my zip code is 94107", [("94107", "Zip Code")]),
        ("postcode SW1A 1AA", [("SW1A 1AA", "Zip Code")]),
        ("parked at 31.23040, 121.47370", [("31.23040, 121.47370", "Precise Location")]),
        ("my QQ号是1048576320", [("1048576320", "Account ID/Username")]),
        ("微信：zhang_wei88，加一下", [("zhang_wei88", "Account ID/Username")]),
        ("My Venmo is @jake-smith-22", [("@jake-smith-22", "Account ID/Username")]),
        ("wifi名字是ChinaNet-8F2A", [("ChinaNet-8F2A", "Network Identifier")]),
        ("my credit score is 712", [("712", "Credit Score")]),
        ("Got a 740 credit score!", [("740", "Credit Score")]),
        ("芝麻信用分 680", [("680", "Credit Score")]),
    ],
)
def test_places_and_accounts(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
