"""Identity documents announced by a cue: ID numbers of any country, passports, driving licences.

The value's shape is deliberately loose (letters and digits, 5-20 characters, enough
digits): the cue says what it is, and formats differ by country. Checksummed national
IDs that need no cue live in ``zh/resident_id.py``, ``zh/hk_tw_id.py``, ``en/ssn.py`` and
``en/uk_nino.py``.
"""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words
from ..text import Doc
from ..validators import digits_of

_DOC_NUMBER: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[ \-/](?=[A-Za-z0-9])){4,24}")
_PASSPORT: Final = re.compile(r"[A-Za-z]{0,3}[0-9]{5,10}[A-Za-z0-9]?")


def _enough_digits(value: str, minimum: int) -> bool:
    return len(digits_of(value)) >= minimum


class IdNumberByCueRule(CueValueRule):
    PRIVACY_TYPE = "ID Number"
    CUES = Words(
        en=(
            "id number",
            "id no",
            "id card number",
            "id card",
            "id#",
            "national id",
            "national id number",
            "identity card",
            "identity number",
            "identification number",
            "ssn",
            "social security number",
            "social security no",
            "social insurance number",
            "sin",
            "nric",
            "fin",
            "aadhaar",
            "aadhar",
            "pan",
            "tax id",
            "tin",
            "tax file number",
            "tfn",
            "nin",
            "national insurance number",
            "personal number",
            "personnummer",
            "dni",
            "nie",
            "cpf",
            "curp",
            "my number",
            "resident registration number",
            "hkid",
            "medicare number",
            "medicare no",
            "medicare",
            "medicaid number",
            "medicaid",
            "policy number",
            "policy no",
        ),
        zh=(
            "身份证号码",
            "身份证号",
            "身份证",
            "证件号码",
            "证件号",
            "公民身份号码",
            "身份號碼",
            "身分證",
            "身份證",
            "社保卡号",
            "社保个人编号",
            "社保编号",
            "社保号",
            "社会保障号",
            "医保卡号",
            "医保编号",
            "医保号",
            "保单号码",
            "保单号",
            "台胞证号",
            "居住证号",
            "军官证号",
        ),
    )
    MIN_DIGITS = 4
    SCORE = 0.9

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if _DOC_NUMBER.fullmatch(value) and _enough_digits(value, 4) and not value.isalpha():
            if cue.group() in ("pan", "fin", "sin", "tin", "nin") and not piece.connector:
                return None
            if cue.group() == "my number" and len(digits_of(value)) != 12:
                return None  # in chat, "my number" is a phone; Japan's My Number has 12 digits
            return self.PRIVACY_TYPE
        return None


class PassportRule(CueValueRule):
    PRIVACY_TYPE = "Passport Number"
    CUES = Words(
        en=("passport", "passport number", "passport no", "passport #", "passport num"),
        zh=("护照号码", "护照号", "护照", "護照", "通行证号码", "通行证号", "通行证", "回乡证", "旅行证件号"),
    )
    MIN_DIGITS = 5
    SCORE = 0.92

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        compact = value.replace(" ", "")
        if _PASSPORT.fullmatch(compact) and _enough_digits(value, 5):
            return self.PRIVACY_TYPE
        return None


class DriversLicenseRule(CueValueRule):
    PRIVACY_TYPE = "Driver's License Number"
    CUES = Words(
        en=(
            "driver's license",
            "drivers license",
            "driver license",
            "driver's licence",
            "drivers licence",
            "driving licence",
            "driving license",
            "license number",
            "licence number",
            "license #",
            "licence #",
            "license no",
            "licence no",
            "dl number",
            "dl#",
            "dl no",
            "dl",
        ),
        zh=("驾驶证号码", "驾驶证号", "驾驶证", "驾照号码", "驾照号", "驾照", "駕照", "驾驶执照"),
    )
    MIN_DIGITS = 4
    SCORE = 0.93

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if _DOC_NUMBER.fullmatch(value) and _enough_digits(value, 4):
            if cue.group() == "dl" and not piece.connector and not _licence_dl(doc, cue, piece):
                return None
            return self.PRIVACY_TYPE
        return None


# Bare "dl" is also "download" ("dl 3 files"): without a connector it needs the capitals of
# the abbreviation or a US state before it ("texas dl 31847265", "CA DL D1234567"), and the
# value right after it with six digits or more.
_US_STATES: Final = tuple(  # names ("_" for a space) and two-letter codes
    word.replace("_", " ")
    for word in (
        "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia "
        "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts "
        "michigan minnesota mississippi missouri montana nebraska nevada new_hampshire new_jersey "
        "new_mexico new_york north_carolina north_dakota ohio oklahoma oregon pennsylvania "
        "rhode_island south_carolina south_dakota tennessee texas utah vermont virginia washington "
        "west_virginia wisconsin wyoming "
        "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm "
        "ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc"
    ).split()
)
_STATE_BEFORE: Final = re.compile(r"(?<![a-z])(?:" + "|".join(_US_STATES) + r")(?:'s)? $")


def _licence_dl(doc: Doc, cue: re.Match[str], piece: Piece) -> bool:
    if not piece.first or not _enough_digits(piece.value, 6):
        return False
    if doc.text[cue.start() : cue.end()] == "DL":
        return True
    return _STATE_BEFORE.search(doc.lower, max(0, cue.start() - 16), cue.start()) is not None
