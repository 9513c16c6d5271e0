"""What Context Handler 2 sends to the municipality's IdP, per profile and level (contexthandler/loa.py)."""

import pytest
from django.utils import translation

from contexthandler.loa import (
    DATATILSYNET,
    MULTIPLEAUTHN,
    READING,
    SLIDE_LINES,
    Family,
    Level,
    Profile,
    Protocol,
    Sent,
    parse_level,
    parse_profile,
    to_family,
    what_ch2_sends,
)

P = Profile
L = Level
MA = True  # multipleauthn

# profile, level asked, assurance, multipleauthn, relay_state, idp_must_enforce, converted to
TABLE = [
    # OIOSAML2: "Context Handler 2 sender niveau 1 - 4"
    (P.OIOSAML2, L.NIST1, "1", False, "", False, None),
    (P.OIOSAML2, L.NIST2, "2", False, "", False, None),
    (P.OIOSAML2, L.NIST3, "3", False, "", False, None),
    (P.OIOSAML2, L.NIST4, "4", False, "", False, None),
    (P.OIOSAML2, L.LAV, "2", False, "", False, L.NIST2),
    (P.OIOSAML2, L.BETYDELIG, "3", False, "", False, L.NIST3),
    (P.OIOSAML2, L.HOEJ, "4", False, "", False, L.NIST4),
    # OIOSAML2 – ADFS multipleauthn (READING: NIST 1, 2 nothing; NIST 3, 4 multipleauthn)
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST1, "", False, "", False, None),
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST2, "", False, "", False, None),
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST3, "", MA, "", False, None),
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST4, "", MA, "", False, None),
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.LAV, "", False, "", False, L.NIST2),
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.BETYDELIG, "", MA, "", False, L.NIST3),
    (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.HOEJ, "", MA, "", False, L.NIST4),
    # OIOSAML2 – Without requested LoA: nothing, ever
    (P.OIOSAML2_WITHOUT_LOA, L.NIST1, "", False, "", False, None),
    (P.OIOSAML2_WITHOUT_LOA, L.NIST2, "", False, "", False, None),
    (P.OIOSAML2_WITHOUT_LOA, L.NIST3, "", False, "", True, None),
    (P.OIOSAML2_WITHOUT_LOA, L.NIST4, "", False, "", True, None),
    (P.OIOSAML2_WITHOUT_LOA, L.LAV, "", False, "", False, L.NIST2),
    (P.OIOSAML2_WITHOUT_LOA, L.BETYDELIG, "", False, "", True, L.NIST3),
    (P.OIOSAML2_WITHOUT_LOA, L.HOEJ, "", False, "", True, L.NIST4),
    # OIOSAML3: "Lav", "Betydelig" eller "Høj"
    (P.OIOSAML3, L.NIST1, "Lav", False, "", False, L.LAV),
    (P.OIOSAML3, L.NIST2, "Lav", False, "", False, L.LAV),
    (P.OIOSAML3, L.NIST3, "Betydelig", False, "", False, L.BETYDELIG),
    (P.OIOSAML3, L.NIST4, "Høj", False, "", False, L.HOEJ),
    (P.OIOSAML3, L.LAV, "Lav", False, "", False, None),
    (P.OIOSAML3, L.BETYDELIG, "Betydelig", False, "", False, None),
    (P.OIOSAML3, L.HOEJ, "Høj", False, "", False, None),
    # OIOSAML3 – ADFS multipleauthn
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.NIST1, "", False, "", False, L.LAV),
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.NIST2, "", False, "", False, L.LAV),
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.NIST3, "", MA, "", False, L.BETYDELIG),
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.NIST4, "", MA, "", False, L.HOEJ),
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.LAV, "", False, "", False, None),
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.BETYDELIG, "", MA, "", False, None),
    (P.OIOSAML3_ADFS_MULTIPLEAUTHN, L.HOEJ, "", MA, "", False, None),
    # OIOSAML3 – ADFS relay state
    (P.OIOSAML3_ADFS_RELAYSTATE, L.NIST1, "", False, "Lav", False, L.LAV),
    (P.OIOSAML3_ADFS_RELAYSTATE, L.NIST2, "", False, "Lav", False, L.LAV),
    (P.OIOSAML3_ADFS_RELAYSTATE, L.NIST3, "", MA, "Betydelig", False, L.BETYDELIG),
    (P.OIOSAML3_ADFS_RELAYSTATE, L.NIST4, "", MA, "Høj", False, L.HOEJ),
    (P.OIOSAML3_ADFS_RELAYSTATE, L.LAV, "", False, "Lav", False, None),
    (P.OIOSAML3_ADFS_RELAYSTATE, L.BETYDELIG, "", MA, "Betydelig", False, None),
    (P.OIOSAML3_ADFS_RELAYSTATE, L.HOEJ, "", MA, "Høj", False, None),
]


def test_the_table_covers_every_profile_and_level():
    assert len(TABLE) == 42
    assert {(row[0], row[1]) for row in TABLE} == {(p, lv) for p in Profile for lv in Level}


@pytest.mark.parametrize(
    ("profile", "level", "assurance", "multipleauthn", "relay_state", "enforce", "converted"),
    TABLE,
    ids=[f"{row[0].value}-{row[1].value}" for row in TABLE],
)
def test_what_ch2_sends(profile, level, assurance, multipleauthn, relay_state, enforce, converted):
    sent = what_ch2_sends(profile, level)
    assert sent.profile == profile
    assert sent.assurance == assurance
    assert sent.multipleauthn is multipleauthn
    assert sent.relay_state == relay_state
    assert sent.idp_must_enforce is enforce
    assert sent.needs_two_factor is level.needs_two_factor
    assert sent.asked == level
    if converted is None:
        assert sent.level == level
        assert sent.converted_from is None
        assert sent.matches_protocol
    else:
        assert sent.level == converted
        assert sent.converted_from == level
        assert not sent.matches_protocol
    assert sent.level.family == profile.family
    assert sent.nothing is (not assurance and not multipleauthn and not relay_state)


ALL = [what_ch2_sends(p, lv) for p in Profile for lv in Level]


def test_idp_must_enforce_exactly_without_requested_loa_at_two_factor_levels():
    assert {(s.profile, s.asked) for s in ALL if s.idp_must_enforce} == {
        (P.OIOSAML2_WITHOUT_LOA, L.NIST3),
        (P.OIOSAML2_WITHOUT_LOA, L.NIST4),
        (P.OIOSAML2_WITHOUT_LOA, L.BETYDELIG),
        (P.OIOSAML2_WITHOUT_LOA, L.HOEJ),
    }


@pytest.mark.parametrize("sent", ALL, ids=lambda s: f"{s.profile.value}-{s.asked.value}")
def test_idp_must_enforce_whenever_nothing_is_sent_at_a_two_factor_level(sent):
    if sent.nothing and sent.needs_two_factor:
        assert sent.idp_must_enforce
    if sent.idp_must_enforce:
        assert sent.needs_two_factor and not sent.assurance and not sent.multipleauthn
    # Context Handler 2 never asks for both a level and multipleauthn.
    assert not (sent.assurance and sent.multipleauthn)


def test_requested_authn_context():
    assert what_ch2_sends(P.OIOSAML2, L.NIST3).requested == (
        "urn:dk:gov:saml:attribute:AssuranceLevel:3"
    )
    assert what_ch2_sends(P.OIOSAML3, L.HOEJ).requested == (
        "https://data.gov.dk/concept/core/nsis/loa/High"
    )
    assert what_ch2_sends(P.OIOSAML3, L.NIST1).requested == (
        "https://data.gov.dk/concept/core/nsis/loa/Low"
    )
    assert what_ch2_sends(P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST4).requested == MULTIPLEAUTHN
    assert what_ch2_sends(P.OIOSAML3_ADFS_RELAYSTATE, L.BETYDELIG).requested == MULTIPLEAUTHN
    assert what_ch2_sends(P.OIOSAML3_ADFS_RELAYSTATE, L.LAV).requested == ""
    assert what_ch2_sends(P.OIOSAML2_WITHOUT_LOA, L.NIST4).requested == ""
    assert MULTIPLEAUTHN == "http://schemas.microsoft.com/claims/multipleauthn"


def test_relay_state_lav_is_not_nothing():
    sent = what_ch2_sends(P.OIOSAML3_ADFS_RELAYSTATE, L.LAV)
    assert sent.requested == "" and sent.relay_state == "Lav"
    assert not sent.nothing


def test_what_ch2_sends_parses_its_arguments():
    assert what_ch2_sends("OIOSAML2 - ADFS multipleauthn", 3) == what_ch2_sends(
        P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST3
    )
    assert what_ch2_sends("oiosaml3", "Høj") == Sent(P.OIOSAML3, L.HOEJ, assurance="Høj")
    with pytest.raises(ValueError):
        what_ch2_sends("OIOSAML4", 3)
    with pytest.raises(ValueError):
        what_ch2_sends(P.OIOSAML2, 5)


@pytest.mark.parametrize(
    ("profile", "level", "text"),
    [
        (P.OIOSAML2, L.NIST3, "Context Handler 2 sends NIST 3"),
        (P.OIOSAML2, L.LAV, "Context Handler 2 sends NIST 2"),
        (P.OIOSAML3, L.BETYDELIG, "Context Handler 2 sends NSIS “Betydelig”"),
        (P.OIOSAML3, L.NIST4, "Context Handler 2 sends NSIS “Høj”"),
        (P.OIOSAML2_WITHOUT_LOA, L.NIST4, "Context Handler 2 sends nothing"),
        (P.OIOSAML2_ADFS_MULTIPLEAUTHN, L.NIST2, "Context Handler 2 sends nothing"),
        (
            P.OIOSAML2_ADFS_MULTIPLEAUTHN,
            L.NIST3,
            "Context Handler 2 sends http://schemas.microsoft.com/claims/multipleauthn",
        ),
        (
            P.OIOSAML3_ADFS_MULTIPLEAUTHN,
            L.HOEJ,
            "Context Handler 2 sends http://schemas.microsoft.com/claims/multipleauthn",
        ),
        (
            P.OIOSAML3_ADFS_RELAYSTATE,
            L.LAV,
            "Context Handler 2 sends nothing, but names NSIS “Lav” in RelayState",
        ),
        (
            P.OIOSAML3_ADFS_RELAYSTATE,
            L.HOEJ,
            "Context Handler 2 sends http://schemas.microsoft.com/claims/multipleauthn"
            " and names NSIS “Høj” in RelayState",
        ),
    ],
)
def test_str_names_what_is_sent(profile, level, text):
    with translation.override("en"):
        assert str(what_ch2_sends(profile, level)) == text


def test_conversion_note():
    with translation.override("en"):
        assert what_ch2_sends(P.OIOSAML3, L.NIST1).conversion_note == (
            "NIST 1 is not an OIOSAML3 level; it is read as NSIS Lav."
        )
        assert what_ch2_sends(P.OIOSAML2, L.BETYDELIG).conversion_note == (
            "NSIS Betydelig is not an OIOSAML2 level; it is read as NIST 3."
        )
        assert what_ch2_sends(P.OIOSAML2, L.NIST1).conversion_note == ""


def test_reading_and_slides():
    with translation.override("en"):
        reading = str(READING)
    assert "NIST 3" in reading and "NIST 4" in reading
    assert set(SLIDE_LINES) == set(Profile)
    assert SLIDE_LINES[P.OIOSAML2_ADFS_MULTIPLEAUTHN] == [
        "NIST 1 og 2: Context Handler 2 sender ingenting",
        "NIST 2 og 3: Context Handler 2 sender ADFS multipleauthn",
    ]
    assert all(isinstance(line, str) for lines in SLIDE_LINES.values() for line in lines)
    assert DATATILSYNET.startswith("Ved adgang via internettet til it-systemer")
    assert DATATILSYNET.endswith("som tilsvarende øger sikkerhedsniveauet")


def test_profiles():
    assert [p.value for p in Profile] == [
        "oiosaml2",
        "oiosaml2-adfs-multipleauthn",
        "oiosaml2-without-loa",
        "oiosaml3",
        "oiosaml3-adfs-multipleauthn",
        "oiosaml3-adfs-relaystate",
    ]
    assert [p.label for p in Profile] == [
        "OIOSAML2",
        "OIOSAML2 – ADFS multipleauthn",
        "OIOSAML2 – Without requested LoA",
        "OIOSAML3",
        "OIOSAML3 – ADFS multipleauthn",
        "OIOSAML3 – ADFS relay state",
    ]
    assert [p.protocol for p in Profile] == [Protocol.OIOSAML2] * 3 + [Protocol.OIOSAML3] * 3
    assert [p.family for p in Profile] == [Family.NIST] * 3 + [Family.NSIS] * 3


def test_levels():
    assert [lv.label for lv in Level] == [
        "NIST 1",
        "NIST 2",
        "NIST 3",
        "NIST 4",
        "NSIS Lav",
        "NSIS Betydelig",
        "NSIS Høj",
    ]
    assert [lv for lv in Level if lv.needs_two_factor] == [L.NIST3, L.NIST4, L.BETYDELIG, L.HOEJ]
    assert [lv.family for lv in Level] == [Family.NIST] * 4 + [Family.NSIS] * 3
    assert [lv.number for lv in Level] == [1, 2, 3, 4, None, None, None]
    assert [lv.short for lv in Level] == ["1", "2", "3", "4", "Lav", "Betydelig", "Høj"]


def test_the_mapping_keeps_the_two_factor_requirement():
    for level in Level:
        for family in Family:
            converted = to_family(level, family)
            assert converted.family == family
            assert converted.needs_two_factor is level.needs_two_factor
    assert to_family(L.NIST1, Family.NSIS) == L.LAV
    assert to_family(L.LAV, Family.NIST) == L.NIST2


@pytest.mark.parametrize(
    ("value", "profile"),
    [
        (P.OIOSAML3_ADFS_RELAYSTATE, P.OIOSAML3_ADFS_RELAYSTATE),
        ("oiosaml2-without-loa", P.OIOSAML2_WITHOUT_LOA),
        ("OIOSAML2", P.OIOSAML2),
        ("oiosaml3", P.OIOSAML3),
        ("OIOSAML2 – ADFS multipleauthn", P.OIOSAML2_ADFS_MULTIPLEAUTHN),
        ("OIOSAML2 - ADFS multipleauthn", P.OIOSAML2_ADFS_MULTIPLEAUTHN),
        ("OIOSAML2 — ADFS multipleauthn", P.OIOSAML2_ADFS_MULTIPLEAUTHN),
        ("OIOSAML2 – Without requested LoA", P.OIOSAML2_WITHOUT_LOA),
        ("  oiosaml2   -   without  requested loa ", P.OIOSAML2_WITHOUT_LOA),
        ("OIOSAML3 – ADFS multipleauthn", P.OIOSAML3_ADFS_MULTIPLEAUTHN),
        ("OIOSAML3 – ADFS relay state", P.OIOSAML3_ADFS_RELAYSTATE),
        ("oiosaml3 – adfs relay state", P.OIOSAML3_ADFS_RELAYSTATE),
        ("OIOSAML3-ADFS-RELAYSTATE", P.OIOSAML3_ADFS_RELAYSTATE),
        ("OIOSAML3_ADFS_MULTIPLEAUTHN", P.OIOSAML3_ADFS_MULTIPLEAUTHN),
    ],
)
def test_parse_profile(value, profile):
    assert parse_profile(value) is profile


@pytest.mark.parametrize(
    "value", ["", "OIOSAML", "OIOSAML4", "ADFS multipleauthn", "oiosaml2 adfs", 2, None]
)
def test_parse_profile_rejects(value):
    with pytest.raises(ValueError, match="OIOSAML2 – ADFS multipleauthn") as caught:
        parse_profile(value)
    assert "OIOSAML3 – ADFS relay state" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (L.BETYDELIG, L.BETYDELIG),
        (1, L.NIST1),
        (4, L.NIST4),
        ("2", L.NIST2),
        (" 3 ", L.NIST3),
        ("NIST 3", L.NIST3),
        ("nist 4", L.NIST4),
        ("NIST-1", L.NIST1),
        ("nist2", L.NIST2),
        ("niveau 3", L.NIST3),
        ("Lav", L.LAV),
        ("LAV", L.LAV),
        ("NSIS Lav", L.LAV),
        ("Betydelig", L.BETYDELIG),
        ("betydelig", L.BETYDELIG),
        ("Høj", L.HOEJ),
        ("HØJ", L.HOEJ),
        ("hoej", L.HOEJ),
        ("Hoej", L.HOEJ),
        ("NSIS Høj", L.HOEJ),
        ("NSIS  hoej", L.HOEJ),
        ("Substantial", L.BETYDELIG),
        ("https://data.gov.dk/concept/core/nsis/loa/High", L.HOEJ),
        ("urn:dk:gov:saml:attribute:AssuranceLevel:3", L.NIST3),
    ],
)
def test_parse_level(value, level):
    assert parse_level(value) is level


@pytest.mark.parametrize(
    "value", [True, False, 0, 5, -1, "0", "5", "NIST 5", "NSIS", "Middel", "", 3.0, None]
)
def test_parse_level_rejects(value):
    with pytest.raises(ValueError, match="Unknown assurance level"):
        parse_level(value)
