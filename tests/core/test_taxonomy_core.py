from __future__ import annotations

import pytest

from memprivacy_plugins.taxonomy import (
    CANONICAL_TYPES,
    PrivacyLevel,
    canonical_type,
    level_of,
    parse_level,
    placeholder_prefix,
    prefix_key,
)


@pytest.mark.parametrize(
    "name, canonical",
    [
        ("Third-Party Identifiable Info", "Third-Party Identifiable Info"),
        ("third party identifiable info", "Third-Party Identifiable Info"),
        ("THIRD_PARTY_IDENTIFIABLE_INFO", "Third-Party Identifiable Info"),
        ("phone number", "Phone Number"),
        ("mobile number", "Phone Number"),
        ("Account ID / Username", "Account ID/Username"),
        ("driver's license number", "Driver's License Number"),
        ("Drivers License Number", "Driver's License Number"),
        ("API key", "Key"),
        ("otp", "Verification Code"),
        ("CVV", "Payment Security Code"),
        ("private ip", "Internal IP"),
        ("Favourite Colour", None),
    ],
)
def test_aliases(name: str, canonical: str | None) -> None:
    assert canonical_type(name) == canonical


def test_levels() -> None:
    assert level_of("Email") is PrivacyLevel.PL2
    assert level_of("medical condition") is PrivacyLevel.PL3
    assert level_of("Internal IP") is PrivacyLevel.PL4
    assert level_of("IP Address") is PrivacyLevel.PL2
    assert level_of("unknown thing") is None
    assert parse_level("pl3") is PrivacyLevel.PL3 and parse_level("4") is PrivacyLevel.PL4
    with pytest.raises(ValueError):
        parse_level("PL9")
    assert len(CANONICAL_TYPES) == 19 + 22 + 16


def test_placeholder_prefix() -> None:
    assert placeholder_prefix("Third-Party Identifiable Info") == "Third_Party_Identifiable_Info"
    assert placeholder_prefix("Bank/Payment Card Number") == "Bank_Payment_Card_Number"
    assert placeholder_prefix("Driver's License Number") == "Driver_s_License_Number"
    assert placeholder_prefix("???") == "Private"
    assert prefix_key("Phone Number") == prefix_key("phone_number") == "phone_number"
    # Every canonical type has a distinct placeholder prefix.
    assert len({prefix_key(placeholder_prefix(t)) for t in CANONICAL_TYPES}) == len(CANONICAL_TYPES)
