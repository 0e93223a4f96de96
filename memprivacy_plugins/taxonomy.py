"""The MemPrivacy taxonomy: privacy levels, canonical types and their aliases.

Types are free-form English strings in the paper; this module fixes one canonical
spelling per type, maps the variants models and people write to it, and derives the
placeholder prefix (``Third-Party Identifiable Info`` -> ``Third_Party_Identifiable_Info``).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final, Mapping

__all__ = [
    "PrivacyLevel",
    "CANONICAL_TYPES",
    "canonical_type",
    "level_of",
    "placeholder_prefix",
    "prefix_key",
    "is_known_type",
    "parse_level",
]


class PrivacyLevel(str, Enum):
    """PL1 (preferences, never extracted) to PL4 (immediately exploitable secrets)."""

    PL1 = "PL1"
    PL2 = "PL2"
    PL3 = "PL3"
    PL4 = "PL4"

    @property
    def rank(self) -> int:
        return int(self.value[2])

    def __str__(self) -> str:  # "PL2", not "PrivacyLevel.PL2"
        return self.value


_PL2 = (
    "Real Name",
    "Third-Party Identifiable Info",
    "Phone Number",
    "Email",
    "Detailed Address",
    "Zip Code",
    "Work Address",
    "Account ID/Username",
    "Network Identifier",
    "IP Address",
    "Device ID",
    "Specific Age",
    "Specific Date of Birth",
    "Gender",
    "Employer/Company Name",
    "Job Title/Rank",
    "School",
    "Relationship Info",
    "Identity Background",
)
_PL3 = (
    "ID Number",
    "Passport Number",
    "Driver's License Number",
    "License Plate",
    "Bank/Payment Card Number",
    "Financial Account",
    "Transaction Record",
    "Assets/Income",
    "Debt/Loan Info",
    "Credit Score",
    "Medical Health",
    "Medical Record",
    "Precise Location",
    "Itinerary/Trajectory",
    "Accommodation Records",
    "Biometrics",
    "Sensitive Identity",
    "Religious Beliefs",
    "Political Views/Stance",
    "Judicial Record",
    "Communication Content",
    "Minor Information",
)
_PL4 = (
    "Password",
    "PIN",
    "Verification Code",
    "Token",
    "Session Token",
    "Key",
    "Private Key",
    "Payment Security Code",
    "Security Question Answer",
    "Backup Code",
    "Database Connection String",
    "Internal IP",
    "Intranet Entry Point",
    "Vulnerability Details",
    "Business Secret",
    "Project Code",
)

CANONICAL_TYPES: Final[Mapping[str, PrivacyLevel]] = {
    **{t: PrivacyLevel.PL2 for t in _PL2},
    **{t: PrivacyLevel.PL3 for t in _PL3},
    **{t: PrivacyLevel.PL4 for t in _PL4},
}

# Alternate names seen in the paper, in model output and in people's writing. Keys are
# compared after _norm(), so case, spacing, '-', '_', '/' and '&' variants need no entry.
_ALIASES: Final[Mapping[str, str]] = {
    "name": "Real Name",
    "full name": "Real Name",
    "user name real": "Real Name",
    "third party info": "Third-Party Identifiable Info",
    "third party name": "Third-Party Identifiable Info",
    "third party identifiable information": "Third-Party Identifiable Info",
    "third party pii": "Third-Party Identifiable Info",
    "phone": "Phone Number",
    "mobile number": "Phone Number",
    "telephone number": "Phone Number",
    "phone no": "Phone Number",
    "email address": "Email",
    "e mail": "Email",
    "address": "Detailed Address",
    "home address": "Detailed Address",
    "postal code": "Zip Code",
    "postcode": "Zip Code",
    "zip": "Zip Code",
    "office address": "Work Address",
    "account id": "Account ID/Username",
    "username": "Account ID/Username",
    "user name": "Account ID/Username",
    "account": "Account ID/Username",
    "ip": "IP Address",
    "public ip": "IP Address",
    "mac address": "Device ID",
    "device identifier": "Device ID",
    "age": "Specific Age",
    "date of birth": "Specific Date of Birth",
    "birthday": "Specific Date of Birth",
    "dob": "Specific Date of Birth",
    "employer": "Employer/Company Name",
    "company name": "Employer/Company Name",
    "company": "Employer/Company Name",
    "job title": "Job Title/Rank",
    "occupation": "Job Title/Rank",
    "school name": "School",
    "relationship": "Relationship Info",
    "relationship information": "Relationship Info",
    "id card number": "ID Number",
    "national id": "ID Number",
    "identity card number": "ID Number",
    "ssn": "ID Number",
    "social security number": "ID Number",
    "passport": "Passport Number",
    "driver license number": "Driver's License Number",
    "drivers license number": "Driver's License Number",
    "driver s license": "Driver's License Number",
    "driver license": "Driver's License Number",
    "license plate number": "License Plate",
    "car plate": "License Plate",
    "bank card number": "Bank/Payment Card Number",
    "credit card number": "Bank/Payment Card Number",
    "payment card number": "Bank/Payment Card Number",
    "card number": "Bank/Payment Card Number",
    "bank account": "Financial Account",
    "bank account number": "Financial Account",
    "iban": "Financial Account",
    "transaction": "Transaction Record",
    "transaction records": "Transaction Record",
    "assets": "Assets/Income",
    "income": "Assets/Income",
    "salary": "Assets/Income",
    "debt": "Debt/Loan Info",
    "loan": "Debt/Loan Info",
    "health": "Medical Health",
    "health condition": "Medical Health",
    "medical condition": "Medical Health",
    "medical information": "Medical Health",
    "location": "Precise Location",
    "itinerary": "Itinerary/Trajectory",
    "trajectory": "Itinerary/Trajectory",
    "travel itinerary": "Itinerary/Trajectory",
    "accommodation record": "Accommodation Records",
    "hotel booking": "Accommodation Records",
    "biometric": "Biometrics",
    "religion": "Religious Beliefs",
    "religious belief": "Religious Beliefs",
    "political views": "Political Views/Stance",
    "political stance": "Political Views/Stance",
    "criminal record": "Judicial Record",
    "minor info": "Minor Information",
    "passcode": "Password",
    "pin code": "PIN",
    "otp": "Verification Code",
    "verification codes": "Verification Code",
    "one time password": "Verification Code",
    "api key": "Key",
    "secret key": "Key",
    "access token": "Token",
    "api token": "Token",
    "session id": "Session Token",
    "session cookie": "Session Token",
    "cvv": "Payment Security Code",
    "cvc": "Payment Security Code",
    "security answer": "Security Question Answer",
    "backup codes": "Backup Code",
    "recovery code": "Backup Code",
    "connection string": "Database Connection String",
    "database url": "Database Connection String",
    "private ip": "Internal IP",
    "internal ip address": "Internal IP",
    "intranet url": "Intranet Entry Point",
    "vulnerability": "Vulnerability Details",
    "trade secret": "Business Secret",
    "project codename": "Project Code",
    "project code name": "Project Code",
}

_NORM_RE = re.compile(r"[^0-9a-z]+")


def _norm(name: str) -> str:
    return _NORM_RE.sub(" ", name.lower().replace("'", "")).strip()


_LOOKUP: Final[dict[str, str]] = {_norm(t): t for t in CANONICAL_TYPES}
for _alias, _target in _ALIASES.items():
    _LOOKUP.setdefault(_norm(_alias), _target)
# "Driver's License Number" normalises with the apostrophe dropped; keep the spaced form too.
_LOOKUP.setdefault("driver s license number", "Driver's License Number")


def canonical_type(name: str) -> str | None:
    """Return the canonical spelling of a type name or alias, or None if unknown."""
    return _LOOKUP.get(_norm(name))


def is_known_type(name: str) -> bool:
    return canonical_type(name) is not None


def level_of(name: str) -> PrivacyLevel | None:
    """The canonical level of a known type (aliases accepted), else None."""
    canonical = canonical_type(name)
    return CANONICAL_TYPES[canonical] if canonical else None


def parse_level(value: str | PrivacyLevel) -> PrivacyLevel:
    """Accept ``"PL3"``, ``"pl3"``, ``"3"`` or a PrivacyLevel; raise ValueError otherwise."""
    if isinstance(value, PrivacyLevel):
        return value
    text = str(value).strip().upper()
    if text.isdigit():
        text = "PL" + text
    try:
        return PrivacyLevel(text)
    except ValueError:
        raise ValueError("privacy level must be one of PL1, PL2, PL3, PL4") from None


_PREFIX_RE = re.compile(r"[^0-9A-Za-z]+")


def placeholder_prefix(privacy_type: str) -> str:
    """``Third-Party Identifiable Info`` -> ``Third_Party_Identifiable_Info``.

    Every run of non-alphanumeric characters becomes one ``_``. Unknown (custom) types
    keep their own spelling; an empty result falls back to ``Private``.
    """
    prefix = _PREFIX_RE.sub("_", privacy_type).strip("_")
    return prefix or "Private"


def prefix_key(prefix: str) -> str:
    """The case- and separator-insensitive form used to look a placeholder up."""
    return _PREFIX_RE.sub("_", prefix).strip("_").lower()


KNOWN_PREFIX_KEYS: Final[frozenset[str]] = frozenset(
    prefix_key(placeholder_prefix(t)) for t in CANONICAL_TYPES
)
