"""Building and signing SAML Responses the way Context Handler 2 does (OIOSAML 3 attributes,
OIO-BPP privileges, assertion signed, response signed). Used by the demo IdP and by the tests,
which vary every field to check what the portal refuses."""

import datetime
import uuid
from dataclasses import dataclass, field

import signxml
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod, XMLSigner

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
NS = {"samlp": SAMLP, "saml": SAML, "ds": DS}

SIGNATURE_METHODS = {
    "rsa-sha256": SignatureMethod.RSA_SHA256,
    "rsa-pss-sha256": SignatureMethod.SHA256_RSA_MGF1,
    "rsa-sha1": SignatureMethod.RSA_SHA1,
}
DIGESTS = {"sha256": DigestAlgorithm.SHA256, "sha1": DigestAlgorithm.SHA1}


class _Sha1AllowingSigner(XMLSigner):
    """Only for building the deprecated-algorithm responses the tests must see refused."""

    def check_deprecated_methods(self) -> None:
        return None


def saml_id() -> str:
    return "_" + uuid.uuid4().hex


def saml_instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ResponseSpec:
    issuer: str
    destination: str
    audience: str
    in_response_to: str | None
    name_id: str
    attributes: dict[str, list[str]]
    name_id_format: str = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"
    now: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.UTC))
    lifetime: datetime.timedelta = datetime.timedelta(minutes=5)
    recipient: str | None = None  # defaults to destination
    response_id: str = field(default_factory=saml_id)
    assertion_id: str = field(default_factory=saml_id)
    session_index: str = field(default_factory=saml_id)
    authn_context: str = "https://data.gov.dk/concept/core/nsis/loa/Substantial"


def build_response(spec: ResponseSpec) -> etree._Element:
    """An unsigned Response with one Assertion, placeholders where the signatures go."""
    issue = saml_instant(spec.now)
    not_before = saml_instant(spec.now - datetime.timedelta(minutes=1))
    not_after = saml_instant(spec.now + spec.lifetime)

    response = etree.Element(
        etree.QName(SAMLP, "Response"),
        nsmap={"samlp": SAMLP, "saml": SAML},
        ID=spec.response_id,
        Version="2.0",
        IssueInstant=issue,
        Destination=spec.destination,
    )
    if spec.in_response_to:
        response.set("InResponseTo", spec.in_response_to)
    etree.SubElement(response, etree.QName(SAML, "Issuer")).text = spec.issuer
    status = etree.SubElement(response, etree.QName(SAMLP, "Status"))
    etree.SubElement(
        status, etree.QName(SAMLP, "StatusCode"), Value="urn:oasis:names:tc:SAML:2.0:status:Success"
    )

    assertion = etree.SubElement(
        response,
        etree.QName(SAML, "Assertion"),
        ID=spec.assertion_id,
        Version="2.0",
        IssueInstant=issue,
    )
    etree.SubElement(assertion, etree.QName(SAML, "Issuer")).text = spec.issuer
    subject = etree.SubElement(assertion, etree.QName(SAML, "Subject"))
    name_id = etree.SubElement(subject, etree.QName(SAML, "NameID"), Format=spec.name_id_format)
    name_id.text = spec.name_id
    confirmation = etree.SubElement(
        subject,
        etree.QName(SAML, "SubjectConfirmation"),
        Method="urn:oasis:names:tc:SAML:2.0:cm:bearer",
    )
    data = etree.SubElement(
        confirmation,
        etree.QName(SAML, "SubjectConfirmationData"),
        NotOnOrAfter=not_after,
        Recipient=spec.recipient or spec.destination,
    )
    if spec.in_response_to:
        data.set("InResponseTo", spec.in_response_to)
    conditions = etree.SubElement(
        assertion, etree.QName(SAML, "Conditions"), NotBefore=not_before, NotOnOrAfter=not_after
    )
    restriction = etree.SubElement(conditions, etree.QName(SAML, "AudienceRestriction"))
    etree.SubElement(restriction, etree.QName(SAML, "Audience")).text = spec.audience
    authn = etree.SubElement(
        assertion,
        etree.QName(SAML, "AuthnStatement"),
        AuthnInstant=issue,
        SessionIndex=spec.session_index,
        SessionNotOnOrAfter=not_after,
    )
    context = etree.SubElement(authn, etree.QName(SAML, "AuthnContext"))
    etree.SubElement(context, etree.QName(SAML, "AuthnContextClassRef")).text = spec.authn_context
    statement = etree.SubElement(assertion, etree.QName(SAML, "AttributeStatement"))
    for name, values in spec.attributes.items():
        attribute = etree.SubElement(
            statement,
            etree.QName(SAML, "Attribute"),
            Name=name,
            NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
        )
        for value in values:
            element = etree.SubElement(
                attribute, etree.QName(SAML, "AttributeValue"), nsmap={"xs": XS, "xsi": XSI}
            )
            element.set(etree.QName(XSI, "type"), "xs:string")
            element.text = value
    return response


def sign_element(
    root: etree._Element,
    element: etree._Element,
    *,
    key: str | bytes,
    cert: str,
    algorithm: str = "rsa-sha256",
    digest: str = "sha256",
) -> etree._Element:
    """Sign `element` (inside `root`) with an enveloped signature placed right after its Issuer, as
    the SAML schema wants it. Returns the new root (signxml works on a copy)."""
    placeholder = etree.Element(etree.QName(DS, "Signature"), Id="placeholder", nsmap={"ds": DS})
    issuer = element.find("saml:Issuer", NS)
    issuer.addnext(placeholder)
    # signxml refuses SHA-1; the tests need SHA-1 signatures to show that the portal refuses them.
    signer_class = (
        _Sha1AllowingSigner
        if "sha1" in (algorithm, digest) or algorithm == "rsa-sha1"
        else XMLSigner
    )
    signer = signer_class(
        method=signxml.methods.enveloped,
        signature_algorithm=SIGNATURE_METHODS[algorithm],
        digest_algorithm=DIGESTS[digest],
        c14n_algorithm=EXC_C14N,
    )
    element_id = element.get("ID")
    if element is root:
        return signer.sign(root, key=key, cert=cert, reference_uri=element_id)
    signed = signer.sign(root, key=key, cert=cert, reference_uri=element_id)
    return signed


def sign_response(
    response: etree._Element,
    *,
    key: str | bytes,
    cert: str,
    algorithm: str = "rsa-sha256",
    digest: str = "sha256",
    sign_assertion: bool = True,
    sign_message: bool = True,
) -> bytes:
    """Sign the assertion, then the response around it, as Context Handler 2 does."""
    root = response
    if sign_assertion:
        assertion = root.find("saml:Assertion", NS)
        root = sign_element(root, assertion, key=key, cert=cert, algorithm=algorithm, digest=digest)
    if sign_message:
        root = sign_element(root, root, key=key, cert=cert, algorithm=algorithm, digest=digest)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
