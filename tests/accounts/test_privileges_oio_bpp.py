"""OIO-BPP privileges: both namespaces, the real Context Handler 2 STS tokens, hostile XML, and how
the portal turns privileges into a role and a municipality."""

import base64
import re
from pathlib import Path

import pytest
from lxml import etree

from kombitportal.accounts.privileges import (
    BPP_NAMESPACES,
    PrivilegesError,
    build_privileges,
    parse_privileges,
)
from kombitportal.accounts.saml import ResponseRefused
from kombitportal.accounts.services import identity_from_saml, parse_x509_subject

CH2 = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "ch2"
PRIV_OIOSAML2 = "dk:gov:saml:attribute:Privileges_intermediate"
PROGRAMLEDER = "http://kombit.dk/roles/usersystemrole/programlederportal-programleder/1"
MEDARBEJDER = "http://kombit.dk/roles/usersystemrole/programlederportal-medarbejder/1"
KOMBIT = "http://kombit.dk/roles/usersystemrole/programlederportal-kombit/1"
AARHUS, KOMBIT_CVR = "55133018", "19435075"


def sts_privileges(name: str) -> str:
    """The Privileges_intermediate value of a real CH2 STS token (the file says utf-16; it is UTF-8)."""
    raw = (CH2 / name).read_bytes().lstrip(b"\xef\xbb\xbf")
    root = etree.fromstring(re.sub(rb"^<\?xml[^>]*\?>", b"", raw))
    ns = {"s": "urn:oasis:names:tc:SAML:2.0:assertion"}
    (value,) = root.xpath(
        f'//s:Attribute[@Name="{PRIV_OIOSAML2}"]/s:AttributeValue/text()', namespaces=ns
    )
    return value


@pytest.mark.parametrize(
    "name", ["ch2-exttest-sts-token-example-2.xml", "ch2-exttest-sts-token-signature-scenario.xml"]
)
def test_real_ch2_sts_tokens(name):
    privileges = parse_privileges(sts_privileges(name))
    assert [(p.scope_cvr, p.privilege) for p in privileges] == [
        ("11111111", "http://kombit.ssr.com/roles/servicesystemrole/role1/1"),
        ("11111111", "http://kombit.ssr.com/roles/servicesystemrole/role2/1"),
    ]


@pytest.mark.parametrize("namespace", BPP_NAMESPACES)
def test_both_namespaces(namespace):
    value = build_privileges({AARHUS: [PROGRAMLEDER, MEDARBEJDER]}, namespace=namespace)
    assert [(p.scope_cvr, p.privilege) for p in parse_privileges(value)] == [
        (AARHUS, PROGRAMLEDER),
        (AARHUS, MEDARBEJDER),
    ]


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">&b;</bpp:PrivilegeList>',
        b'<?xml version="1.0"?><!DOCTYPE l SYSTEM "file:///etc/passwd">'
        b'<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile"/>',
        b"<PrivilegeList/>",
        b'<bpp:Other xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile"/>',
        b"not xml",
    ],
    ids=["entities", "external-dtd", "no-namespace", "wrong-root", "not-xml"],
)
def test_hostile_or_wrong_xml_is_refused(xml):
    with pytest.raises(PrivilegesError):
        parse_privileges(base64.b64encode(xml).decode())


def test_not_base64_is_refused():
    with pytest.raises(PrivilegesError):
        parse_privileges("%%% not base64 %%%")


def _identity(privileges: dict[str, list[str]]):
    attributes = {
        "https://data.gov.dk/model/core/eid/privilegesIntermediate": [build_privileges(privileges)]
    }
    return identity_from_saml(
        name_id="C=DK,O=55133018,CN=Test Person,Serial=abc-123", attributes=attributes
    )


@pytest.mark.django_db
def test_programme_leader_wins_over_employee():
    identity = _identity({AARHUS: [MEDARBEJDER, PROGRAMLEDER]})
    assert (identity.portal_role, identity.municipality.code, identity.serial) == (
        "programleder",
        "0751",
        "abc-123",
    )


@pytest.mark.django_db
def test_oiosaml2_attribute_name_is_read():
    attributes = {
        PRIV_OIOSAML2: [build_privileges({AARHUS: [MEDARBEJDER]}, namespace=BPP_NAMESPACES[1])]
    }
    identity = identity_from_saml(name_id="C=DK,O=55133018,CN=X,Serial=s1", attributes=attributes)
    assert identity.portal_role == "medarbejder"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("privileges", "code"),
    [
        ({"12345678": [PROGRAMLEDER]}, "unknown_org"),
        ({AARHUS: [KOMBIT]}, "unknown_org"),  # KOMBIT's privilege scoped to a municipality
        ({KOMBIT_CVR: [PROGRAMLEDER]}, "unknown_org"),  # a municipal role scoped to KOMBIT
        ({AARHUS: [PROGRAMLEDER], "35209115": [PROGRAMLEDER]}, "ambiguous"),
        ({AARHUS: ["http://kombit.dk/roles/usersystemrole/sapa-laeser/1"]}, "no_privilege"),
    ],
)
def test_privileges_the_portal_cannot_place_are_refused(privileges, code):
    with pytest.raises(ResponseRefused) as excinfo:
        _identity(privileges)
    assert excinfo.value.code == code


@pytest.mark.django_db
def test_kombit_privilege_scoped_to_kombit():
    identity = _identity({KOMBIT_CVR: [KOMBIT]})
    assert identity.portal_role == "kombit" and identity.organisation.cvr == KOMBIT_CVR


def test_x509_subject_with_escapes_and_multivalued_rdn():
    assert parse_x509_subject(r"C=DK,O=55133018,CN=Hansen\, Anna,Serial=42") == {
        "C": "DK", "O": "55133018", "CN": "Hansen, Anna", "SERIAL": "42",
    }  # fmt: skip
    assert (
        parse_x509_subject("SERIALNUMBER=CVR:1-FID:2 + CN=WSC, O=KOMBIT, C=DK")["SERIALNUMBER"]
        == "CVR:1-FID:2"
    )
