"""The demo IdP's own user directory: who can be picked at /demo-idp/.

`load_demo` registers the same people (by e-mail) as contacts with roles, so a demo login lands on
a person who already holds roles in the role gallery.
"""

from dataclasses import dataclass, field

AARHUS_CVR = "55133018"
ODENSE_CVR = "35209115"
KOMBIT_CVR = "19435075"

PROGRAMLEDER = "programleder"
MEDARBEJDER = "medarbejder"
KOMBIT = "kombit"


@dataclass(frozen=True)
class DemoIdentity:
    key: str
    name: str
    email: str
    cvr: str
    org_name: str
    serial: str
    description: str
    # Portal roles granted (keys of settings.SAML_PRIVILEGES); empty: a user without access.
    privileges: tuple[str, ...] = field(default_factory=tuple)
    loa: str = "https://data.gov.dk/concept/core/nsis/loa/Substantial"

    @property
    def name_id(self) -> str:
        return f"C=DK,O={self.cvr},CN={self.name},Serial={self.serial}"


DEMO_IDENTITIES: tuple[DemoIdentity, ...] = (
    DemoIdentity(
        key="aarhus-programleder",
        name="Mette Kjær Lund",
        email="mette.lund@aarhus.example.dk",
        cvr=AARHUS_CVR,
        org_name="Aarhus Kommune",
        serial="9d2c5a1e-5b7e-4a55-9a53-0b7a6a1f0751",
        description="KOMBIT-programleder, Aarhus Kommune",
        privileges=(PROGRAMLEDER,),
    ),
    DemoIdentity(
        key="odense-programleder",
        name="Jonas Holm Petersen",
        email="jonas.petersen@odense.example.dk",
        cvr=ODENSE_CVR,
        org_name="Odense Kommune",
        serial="3f0e8a2b-47c1-4f3e-8d8e-2c1c5b0f0461",
        description="KOMBIT-programleder, Odense Kommune",
        privileges=(PROGRAMLEDER,),
    ),
    DemoIdentity(
        key="aarhus-sapa",
        name="Sofie Bach Nielsen",
        email="sofie.nielsen@aarhus.example.dk",
        cvr=AARHUS_CVR,
        org_name="Aarhus Kommune",
        serial="b61f2e0c-9a3d-4c2e-b1f4-7e3a2d9c0751",
        description="Medarbejder, SAPA-systemansvarlig, Aarhus Kommune",
        privileges=(MEDARBEJDER,),
    ),
    DemoIdentity(
        key="kombit-konsulent",
        name="Aske Walther Sørensen",
        email="aws@kombit.dk",
        cvr=KOMBIT_CVR,
        org_name="KOMBIT A/S",
        serial="5a7d9c3e-2b1f-4e8a-9c6d-1f2e3d4c5b6a",
        description="Implementeringskonsulent, KOMBIT",
        privileges=(KOMBIT,),
    ),
    DemoIdentity(
        key="aarhus-uden-adgang",
        name="Peter Uden Adgang",
        email="peter.adgang@aarhus.example.dk",
        cvr=AARHUS_CVR,
        org_name="Aarhus Kommune",
        serial="0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d0751",
        description="Medarbejder i Aarhus Kommune uden portalens rolle (login afvises)",
        privileges=(),
    ),
)


def demo_identity(key: str) -> DemoIdentity | None:
    return next((i for i in DEMO_IDENTITIES if i.key == key), None)
