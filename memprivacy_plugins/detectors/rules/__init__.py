"""The embedded rules detector: patterns, validators and cue words, in English and Chinese.

``DEFAULT_RULES`` is the one registry: a rule class is run by ``RulesDetector()`` when
it is listed here. ``OPT_IN_RULES`` are shipped but run only when passed explicitly.
A test fails if a ``Rule`` subclass in this package is in neither tuple.
"""

from __future__ import annotations

from .base import CueValueRule, Found, Rule, Words
from .detector import RulesDetector
from .en.medicare_mbi import MedicareMbiRule
from .en.nanp_phone import NanpPhoneRule
from .en.ssn import UsSsnRule
from .en.street_address import StreetAddressRule
from .en.uk_nino import UkNinoRule
from .generic.account_id import AccountIdRule
from .generic.age import AgeRule
from .generic.api_key import ApiKeyRule
from .generic.backup_code import BackupCodeRule
from .generic.birth_date import BirthDateRule
from .generic.cli_password import CommandLinePasswordRule
from .generic.connection_string import ConnectionStringRule
from .generic.coordinates import CoordinatesRule
from .generic.credentials import CredentialPairRule
from .generic.credit_score import CreditScoreRule
from .generic.device_id import DeviceIdByCueRule, MacAddressRule
from .generic.email import EmailRule
from .generic.financial_account import FinancialAccountRule
from .generic.iban import IbanRule
from .generic.id_documents import DriversLicenseRule, IdNumberByCueRule, PassportRule
from .generic.intl_phone import IntlPhoneRule
from .generic.intranet import IntranetUrlRule
from .generic.ip_address import IpAddressRule
from .generic.known_secrets import KnownSecretRule
from .generic.license_plate_cue import LicensePlateByCueRule
from .generic.network_id import NetworkIdRule
from .generic.password import PasswordRule
from .generic.payment_card import PaymentCardRule
from .generic.payment_security_code import PaymentSecurityCodeRule
from .generic.phone_by_cue import PhoneByCueRule, TrunkPhoneRule
from .generic.pin import PinRule
from .generic.private_key import PrivateKeyRule
from .generic.real_name import RealNameRule
from .generic.token import TokenRule
from .generic.url_credentials import UrlPasswordRule
from .generic.verification_code import VerificationCodeRule
from .generic.zip_code import ZipCodeRule
from .zh.cn_address import CnAddressRule
from .zh.cn_phone import CnPhoneRule
from .zh.hk_tw_id import HkTwIdRule
from .zh.license_plate import CnLicensePlateRule
from .zh.resident_id import CnResidentIdRule

__all__ = ["DEFAULT_RULES", "OPT_IN_RULES", "CueValueRule", "Found", "Rule", "RulesDetector", "Words"]

DEFAULT_RULES: tuple[type[Rule], ...] = (
    # structured identifiers, no cue needed
    EmailRule,
    CnPhoneRule,
    NanpPhoneRule,
    IntlPhoneRule,
    TrunkPhoneRule,
    PhoneByCueRule,
    CnResidentIdRule,
    HkTwIdRule,
    UsSsnRule,
    UkNinoRule,
    MedicareMbiRule,
    PaymentCardRule,
    IbanRule,
    IpAddressRule,
    MacAddressRule,
    CnLicensePlateRule,
    CoordinatesRule,
    # secrets
    KnownSecretRule,
    PrivateKeyRule,
    ConnectionStringRule,
    IntranetUrlRule,
    UrlPasswordRule,
    CredentialPairRule,
    CommandLinePasswordRule,
    PasswordRule,
    PinRule,
    VerificationCodeRule,
    PaymentSecurityCodeRule,
    BackupCodeRule,
    TokenRule,
    ApiKeyRule,
    # values announced by a cue word
    IdNumberByCueRule,
    PassportRule,
    DriversLicenseRule,
    FinancialAccountRule,
    AccountIdRule,
    DeviceIdByCueRule,
    LicensePlateByCueRule,
    ZipCodeRule,
    NetworkIdRule,
    CreditScoreRule,
    BirthDateRule,
    AgeRule,
    # names and addresses
    RealNameRule,
    StreetAddressRule,
    CnAddressRule,
)

OPT_IN_RULES: tuple[type[Rule], ...] = ()
