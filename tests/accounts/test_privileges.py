"""OIO Basic Privilege Profile: both namespaces, hostile input, the real Context Handler 2 STS tokens
in tests/data/ch2 (see its SOURCES.md), and how identity_from_saml turns privileges into a
portal role and a municipality."""

import base64
import re
from pathlib import Path

import pytest
from lxml import etree

from kombitportal.accounts.models import User
from kombitportal.accounts.privileges import (
    BPP_NAMESPACES,
    Privilege,
    PrivilegesError,
    build_privileges,
    parse_privileges,
)
from kombitportal.accounts.saml import ResponseRefused
from kombitportal.accounts.services import identity_from_saml, parse_x509_subject
from kombitportal.core.models import Municipality

# The public Context Handler artefacts the project carries (tests/data/ch2/SOURCES.md).
REPO_ROOT = Path(__file__).resolve().parents[2]
CH2 = REPO_ROOT / "tests" / "data" / "ch2"

DIGST, ITST = BPP_NAMESPACES
assert DIGST == "http://digst.dk/oiosaml/basic_privilege_profile"
assert ITST == "http://itst.dk/oiosaml/basic_privilege_profile"

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
PRIVILEGES_OIOSAML3 = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
PRIVILEGES_OIOSAML2 = "dk:gov:saml:attribute:Privileges_intermediate"
PROGRAMLEDER = "http://kombit.dk/roles/usersystemrole/programlederportal-programleder/1"
MEDARBEJDER = "http://kombit.dk/roles/usersystemrole/programlederportal-medarbejder/1"
KOMBIT = "http://kombit.dk/roles/usersystemrole/programlederportal-kombit/1"
OTHER_SYSTEM = "http://kombit.dk/roles/usersystemrole/sapa-laeser/1"
AARHUS_CVR, ODENSE_CVR, KOMBIT_CVR, UNKNOWN_CVR = "55133018", "35209115", "19435075", "12345678"
NAME_ID = "C=DK,O=55133018,CN=Test Testesen,Serial=7c0ffee0-0000-4000-8000-000000000001"

CH2_SCOPE = "urn:dk:gov:saml:cvrNumberIdentifier:11111111"
CH2_PRIVILEGES = [
    Privilege("11111111", CH2_SCOPE, "http://kombit.ssr.com/roles/servicesystemrole/role1/1"),
    Privilege("11111111", CH2_SCOPE, "http://kombit.ssr.com/roles/servicesystemrole/role2/1"),
]


def b64(xml: str | bytes) -> str:
    return base64.b64encode(xml.encode() if isinstance(xml, str) else xml).decode()


# --- parse_privileges ------------------------------------------------------------------------------


@pytest.mark.parametrize("namespace", [DIGST, ITST], ids=["digst.dk", "itst.dk"])
def test_both_namespaces_built(namespace):
    value = build_privileges(
        {AARHUS_CVR: [PROGRAMLEDER, MEDARBEJDER], ODENSE_CVR: [MEDARBEJDER]}, namespace
    )
    assert [(p.scope_cvr, p.privilege) for p in parse_privileges(value)] == [
        (AARHUS_CVR, PROGRAMLEDER),
        (AARHUS_CVR, MEDARBEJDER),
        (ODENSE_CVR, MEDARBEJDER),
    ]


@pytest.mark.parametrize("namespace", [DIGST, ITST], ids=["digst.dk", "itst.dk"])
def test_both_namespaces_handwritten_with_constraints(namespace):
    """As CH2 writes it: prefixed root, unqualified children, Constraints beside the Privilege,
    whitespace around the values, and a group scoped to something other than a CVR."""
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpp:PrivilegeList xmlns:bpp="{namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{AARHUS_CVR}">
    <Privilege>
      {PROGRAMLEDER}
    </Privilege>
    <Constraint Name="http://kombit.dk/constraints/KLE/1">00.01.00</Constraint>
  </PrivilegeGroup>
  <PrivilegeGroup Scope="urn:dk:gov:saml:productionUnit:1000000001">
    <Privilege>{MEDARBEJDER}</Privilege>
  </PrivilegeGroup>
</bpp:PrivilegeList>"""
    assert parse_privileges(b64(xml)) == [
        Privilege(AARHUS_CVR, f"urn:dk:gov:saml:cvrNumberIdentifier:{AARHUS_CVR}", PROGRAMLEDER),
        Privilege(None, "urn:dk:gov:saml:productionUnit:1000000001", MEDARBEJDER),
    ]


def test_default_namespace_root_is_read():
    xml = f'<PrivilegeList xmlns="{ITST}"><PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{AARHUS_CVR}"><Privilege>{PROGRAMLEDER}</Privilege></PrivilegeGroup></PrivilegeList>'
    assert [(p.scope_cvr, p.privilege) for p in parse_privileges(b64(xml))] == [
        (AARHUS_CVR, PROGRAMLEDER)
    ]


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    f'<bpp:PrivilegeList xmlns:bpp="{DIGST}"><PrivilegeGroup Scope="x"><Privilege>&lol4;'
    "</Privilege></PrivilegeGroup></bpp:PrivilegeList>"
)


@pytest.mark.parametrize(
    "xml",
    [
        BILLION_LAUGHS,
        f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<bpp:PrivilegeList xmlns:bpp="{DIGST}"><PrivilegeGroup Scope="urn:dk:gov:saml:'
        f'cvrNumberIdentifier:{AARHUS_CVR}"><Privilege>&x;</Privilege></PrivilegeGroup>'
        "</bpp:PrivilegeList>",
        f'<?xml version="1.0"?><!DOCTYPE l SYSTEM "http://evil.example/x.dtd">'
        f'<bpp:PrivilegeList xmlns:bpp="{DIGST}"/>',
        f'<!DOCTYPE bpp:PrivilegeList><bpp:PrivilegeList xmlns:bpp="{DIGST}"/>',
        "<PrivilegeList/>",
        f'<bpp:PrivilegeGroup xmlns:bpp="{DIGST}"/>',
        '<bpp:PrivilegeList xmlns:bpp="http://evil.example/basic_privilege_profile"/>',
        f'<bpp:PrivilegeList xmlns:bpp="{DIGST}">',
        "not xml",
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "external-dtd",
        "doctype-only",
        "no-namespace",
        "wrong-root",
        "foreign-namespace",
        "not-well-formed",
        "not-xml",
    ],
)
def test_hostile_or_wrong_xml_is_refused(xml):
    with pytest.raises(PrivilegesError):
        parse_privileges(b64(xml))


@pytest.mark.parametrize(
    "value",
    ["%%% not base64 %%%", "PHByaXZpbGVnZXM+Pg", "PHA+\u00e6", "<bpp:PrivilegeList/>"],
    ids=["punctuation", "missing-padding", "non-ascii", "raw-xml"],
)
def test_not_base64_is_refused(value):
    with pytest.raises(PrivilegesError, match="base64"):
        parse_privileges(value)


# --- the real Context Handler 2 STS tokens ---------------------------------------------------------


def ch2_token_privileges(name: str) -> str:
    """The Privileges_intermediate AttributeValue of a real CH2 STS token, read with a parser that
    loads no DTD and resolves no entities."""
    path = CH2 / name
    assert path.is_file(), f"{path} is missing from tests/data/ch2"
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    # signature-scenario declares encoding="utf-16" but is UTF-8: drop the declaration.
    raw = re.sub(rb"\A<\?xml[^>]*\?>", b"", raw).lstrip()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(raw, parser=parser)
    assert etree.QName(root) == etree.QName(SAML, "Assertion")
    values = root.xpath(
        "//s:Attribute[@Name=$name]/s:AttributeValue/text()",
        namespaces={"s": SAML},
        name=PRIVILEGES_OIOSAML2,
    )
    assert len(values) == 1, values
    return values[0]


@pytest.mark.parametrize(
    "name", ["ch2-exttest-sts-token-example-2.xml", "ch2-exttest-sts-token-signature-scenario.xml"]
)
def test_real_ch2_sts_token(name):
    value = ch2_token_privileges(name)
    assert ITST.encode() in base64.b64decode(value)  # CH2 still uses the itst.dk namespace
    # Two PrivilegeGroups, one Privilege each; their Constraints are not privileges.
    assert parse_privileges(value) == CH2_PRIVILEGES


def test_signature_scenario_token_misdeclares_its_encoding():
    """Documents the quirk ch2_token_privileges works around (SOURCES.md)."""
    raw = (CH2 / "ch2-exttest-sts-token-signature-scenario.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-16"?>')
    raw.decode("utf-8")  # the bytes are UTF-8


@pytest.mark.django_db
def test_real_ch2_token_through_identity_from_saml(settings):
    """The OIOSAML 2 attribute name CH2's STS uses is read too. With the token's role1 configured as
    the programme-leader privilege and 11111111 as Aarhus's CVR, the token's holder is Aarhus's
    programme leader."""
    attributes = {
        PRIVILEGES_OIOSAML2: [ch2_token_privileges("ch2-exttest-sts-token-example-2.xml")]
    }
    with pytest.raises(ResponseRefused) as refused:
        identity_from_saml(name_id=NAME_ID, attributes=attributes)
    assert refused.value.code == "no_privilege"  # role1/role2 are not the portal's

    settings.SAML_PRIVILEGES = {
        **settings.SAML_PRIVILEGES,
        "programleder": CH2_PRIVILEGES[0].privilege,
    }
    with pytest.raises(ResponseRefused) as refused:
        identity_from_saml(name_id=NAME_ID, attributes=attributes)
    assert refused.value.code == "unknown_org"  # 11111111 is no municipality

    Municipality.objects.filter(code="0751").update(cvr="11111111")
    identity = identity_from_saml(name_id=NAME_ID, attributes=attributes)
    assert (identity.portal_role, identity.municipality.code) == (
        User.PortalRole.PROGRAMLEDER,
        "0751",
    )


# --- identity_from_saml ----------------------------------------------------------------------------


def identity(
    privileges: dict[str, list[str]],
    *,
    namespace: str = DIGST,
    attribute: str = PRIVILEGES_OIOSAML3,
):
    return identity_from_saml(
        name_id=NAME_ID,
        attributes={
            attribute: [build_privileges(privileges, namespace)],
            "https://data.gov.dk/model/core/eid/fullName": ["Test Testesen"],
            "https://data.gov.dk/model/core/eid/email": ["test@aarhus.example.dk"],
        },
    )


def refusal_code(privileges: dict[str, list[str]]) -> str:
    with pytest.raises(ResponseRefused) as refused:
        identity(privileges)
    return refused.value.code


@pytest.mark.django_db
def test_programme_leader_and_employee_for_the_same_cvr_is_programme_leader():
    result = identity({AARHUS_CVR: [MEDARBEJDER, PROGRAMLEDER]})
    assert result.portal_role == User.PortalRole.PROGRAMLEDER
    assert result.municipality.code == "0751"
    assert result.organisation is None
    assert (result.serial, result.full_name, result.email) == (
        "7c0ffee0-0000-4000-8000-000000000001",
        "Test Testesen",
        "test@aarhus.example.dk",
    )


@pytest.mark.django_db
def test_employee_privilege_alone_is_employee():
    result = identity({ODENSE_CVR: [MEDARBEJDER]}, namespace=ITST, attribute=PRIVILEGES_OIOSAML2)
    assert (result.portal_role, result.municipality.code) == (User.PortalRole.MEDARBEJDER, "0461")


@pytest.mark.django_db
def test_kombit_privilege_scoped_to_kombit():
    result = identity({KOMBIT_CVR: [KOMBIT]})
    assert result.portal_role == User.PortalRole.KOMBIT
    assert result.municipality is None and result.organisation.cvr == KOMBIT_CVR


@pytest.mark.django_db
def test_scope_to_an_unknown_cvr_is_refused():
    assert refusal_code({UNKNOWN_CVR: [PROGRAMLEDER]}) == "unknown_org"


@pytest.mark.django_db
def test_kombit_privilege_scoped_to_a_municipality_is_refused():
    assert refusal_code({AARHUS_CVR: [KOMBIT]}) == "unknown_org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("privileges", "code"),
    [
        ({KOMBIT_CVR: [PROGRAMLEDER]}, "unknown_org"),
        ({AARHUS_CVR: [PROGRAMLEDER], ODENSE_CVR: [PROGRAMLEDER]}, "ambiguous"),
        ({AARHUS_CVR: [OTHER_SYSTEM]}, "no_privilege"),
        ({}, "no_privilege"),
    ],
    ids=[
        "municipal-role-scoped-to-kombit",
        "two-municipalities",
        "only-another-systems-privilege",
        "no-groups",
    ],
)
def test_privileges_the_portal_cannot_place_are_refused(privileges, code):
    assert refusal_code(privileges) == code


@pytest.mark.django_db
def test_privilege_not_scoped_to_a_cvr_is_ignored():
    xml = (
        f'<bpp:PrivilegeList xmlns:bpp="{DIGST}"><PrivilegeGroup Scope="urn:dk:gov:saml:'
        f'productionUnit:1000000001"><Privilege>{PROGRAMLEDER}</Privilege></PrivilegeGroup>'
        "</bpp:PrivilegeList>"
    )
    with pytest.raises(ResponseRefused) as refused:
        identity_from_saml(name_id=NAME_ID, attributes={PRIVILEGES_OIOSAML3: [b64(xml)]})
    assert refused.value.code == "no_privilege"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name_id", "attributes", "code"),
    [
        ("C=DK,O=55133018,CN=No Serial", None, "nameid"),
        (NAME_ID, {}, "no_privilege"),
        (NAME_ID, {PRIVILEGES_OIOSAML3: ["%%%"]}, "no_privilege"),
        (NAME_ID, {PRIVILEGES_OIOSAML3: [b64(BILLION_LAUGHS)]}, "no_privilege"),
    ],
    ids=["nameid-without-serial", "no-privileges-attribute", "not-base64", "billion-laughs"],
)
def test_unusable_identity_is_refused(name_id, attributes, code):
    if attributes is None:
        attributes = {PRIVILEGES_OIOSAML3: [build_privileges({AARHUS_CVR: [PROGRAMLEDER]})]}
    with pytest.raises(ResponseRefused) as refused:
        identity_from_saml(name_id=name_id, attributes=attributes)
    assert refused.value.code == code


def test_x509_subject_with_escapes_and_multivalued_rdn():
    assert parse_x509_subject(r"C=DK,O=55133018,CN=Hansen\, Anna,Serial=42") == {
        "C": "DK", "O": "55133018", "CN": "Hansen, Anna", "SERIAL": "42",
    }  # fmt: skip
    assert (
        parse_x509_subject("SERIALNUMBER=CVR:1-FID:2 + CN=WSC, O=KOMBIT, C=DK")["SERIALNUMBER"]
        == "CVR:1-FID:2"
    )
