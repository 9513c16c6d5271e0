"""Reading Context Handler 2's privileges: the OIO Basic Privilege Profile (OIO-BPP).

The attribute value is base64 of a `PrivilegeList` XML document in either namespace
(`http://digst.dk/oiosaml/basic_privilege_profile` or `http://itst.dk/oiosaml/basic_privilege_profile`),
children unqualified. DTDs, entities and network access are refused.
"""

import base64
import binascii
from dataclasses import dataclass

from lxml import etree
from onelogin.saml2.xmlparser import fromstring

BPP_NAMESPACES = (
    "http://digst.dk/oiosaml/basic_privilege_profile",
    "http://itst.dk/oiosaml/basic_privilege_profile",
)
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"


class PrivilegesError(ValueError):
    """The privileges attribute cannot be read."""


@dataclass(frozen=True)
class Privilege:
    scope_cvr: str | None
    scope: str
    privilege: str


def parse_privileges(value: str) -> list[Privilege]:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PrivilegesError("privileges attribute is not valid base64") from exc
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True)
    except (ValueError, etree.XMLSyntaxError) as exc:  # DTD/entity refusals are ValueErrors
        raise PrivilegesError(f"privileges XML refused: {exc.__class__.__name__}") from exc
    qname = etree.QName(root)
    if qname.localname != "PrivilegeList" or qname.namespace not in BPP_NAMESPACES:
        raise PrivilegesError(f"unexpected privileges root element {root.tag!r}")

    result: list[Privilege] = []
    for group in root:
        if not isinstance(group.tag, str) or etree.QName(group).localname != "PrivilegeGroup":
            continue
        scope = (group.get("Scope") or "").strip()
        cvr = scope.removeprefix(CVR_SCOPE_PREFIX) if scope.startswith(CVR_SCOPE_PREFIX) else None
        for element in group:
            if isinstance(element.tag, str) and etree.QName(element).localname == "Privilege":
                text = "".join(element.itertext()).strip()
                if text:
                    result.append(Privilege(scope_cvr=cvr, scope=scope, privilege=text))
    return result


def build_privileges(groups: dict[str, list[str]], namespace: str = BPP_NAMESPACES[0]) -> str:
    """The base64 attribute value for {cvr: [privilege, ...]} (used by the demo IdP and tests)."""
    root = etree.Element(etree.QName(namespace, "PrivilegeList"), nsmap={"bpp": namespace})
    for cvr, privileges in groups.items():
        group = etree.SubElement(root, "PrivilegeGroup", Scope=f"{CVR_SCOPE_PREFIX}{cvr}")
        for privilege in privileges:
            etree.SubElement(group, "Privilege").text = privilege
    return base64.b64encode(etree.tostring(root, xml_declaration=True, encoding="UTF-8")).decode()
