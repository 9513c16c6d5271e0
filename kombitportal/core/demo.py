"""The seed's core facts (solutions, roles of the role gallery, KOMBIT's presenters) and demo people.

Sources: the slides of the programme-leader meeting in November 2024 (shared/seed/). Municipal demo
people are invented (the seed names no municipal staff) and use example.dk addresses; their e-mail
matches the demo IdP's identities so that a demo login lands on a person with roles.
"""

from datetime import date

from django.db import transaction

from kombitportal.core import services
from kombitportal.core.models import Municipality, Organisation, Role
from kombitportal.demo_idp.identities import DEMO_IDENTITIES

SOLUTIONS = [
    (
        "sapa",
        "SAPA",
        "Sammenhængende Administration af Personers Ansøgninger – fælleskommunalt overblik over borgerens sager og ydelser.",
        "https://kombit.dk/loesninger/sapa",
    ),
    (
        "valg",
        "VALG",
        "Den nye fælleskommunale løsning til afvikling af valg, som afløser KMD Valg.",
        "https://kombit.dk/loesninger/valg",
    ),
    (
        "aula",
        "Aula",
        "Kommunikationsplatform for skoler og dagtilbud.",
        "https://kombit.dk/loesninger/aula",
    ),
    ("fbs", "FBS", "Fælles Bibliotekssystem.", "https://kombit.dk/loesninger/fbs"),
    ("fbi", "FBI", "Fælles Biblioteksinfrastruktur.", ""),
    ("kp", "KP", "Kommunernes Pensionssystem (bl.a. eFaktura 10).", ""),
    (
        "flis",
        "FLIS",
        "Fælleskommunalt Ledelsesinformationssystem.",
        "https://kombit.dk/loesninger/flis",
    ),
    (
        "borgerblikket",
        "Borgerblikket",
        "Borgerens overblik over egne sager (borgervendte KLE-emner).",
        "",
    ),
    ("dos-bolig", "DOS Bolig", "Tilslutning af forretningsområde til Gældsstyrelsens PSRM.", ""),
    (
        "fki",
        "Fælleskommunal Infrastruktur",
        "Den fælleskommunale infrastruktur (FKI), herunder Fælleskommunal Adgangsstyring med Context Handler 2.",
        "https://kombit.dk/loesninger/faelleskommunal-infrastruktur",
    ),
    (
        "udk-begravelseshjaelp",
        "UDK Begravelseshjælp",
        "Udbetaling Danmarks begravelseshjælp med kommunal finansiering via FKI.",
        "",
    ),
]

# (name, kind, solution code or None, description)
ROLES = [
    (
        "KOMBIT-programleder",
        "general",
        None,
        "Kommunens koordinator for udrulningen af KOMBITs løsninger; modtager KOMBITs information, aftaler og KLIK-opgaver.",
    ),
    (
        "SAPA-systemansvarlig",
        "system",
        "sapa",
        "Ansvarlig for SAPA i kommunen; underskriver abonnements- og dataudvekslingsaftaler.",
    ),
    (
        "SAPA-systemejer",
        "system",
        "sapa",
        "Ejer af SAPA i kommunen; modtager SVR-dataudvekslingsaftalen.",
    ),
    (
        "Selvstændig projektleder",
        "general",
        None,
        "Projektleder, der på kommunens vegne kan løse opgaver i stedet for den systemansvarlige.",
    ),
    (
        "Aula systemansvarlig",
        "system",
        "aula",
        "Ansvarlig for Aula i kommunen; modtager databehandleraftalens bilag.",
    ),
    (
        "DPO",
        "general",
        None,
        "Kommunens databeskyttelsesrådgiver; modtager kopi af databehandleraftaler.",
    ),
    (
        "Bibliotekschef",
        "system",
        "fbs",
        "Chef for kommunens biblioteker; modtager FBS- og FBI-aftaler.",
    ),
    (
        "FLIS-dataansvarlig pr. anvendt dataområde - KP",
        "system",
        "flis",
        "Ny rolle i rollegalleriet (november 2024): dataansvarlig for KP-dataområdet i FLIS.",
    ),
    ("FLIS-ejer", "system", "flis", "Ejer af FLIS i kommunen."),
    (
        "Infrastrukturansvarlig",
        "system",
        "fki",
        "Kommunens ansvarlige for den fælleskommunale infrastruktur, herunder Context Handler 2.",
    ),
    (
        "Digitaliseringschef",
        "general",
        None,
        "Chef for kommunens digitalisering; orienteres om KommuneCERT.",
    ),
    (
        "IT-sikkerhedsansvarlig",
        "general",
        None,
        "Medarbejder med operationel it-sikkerhed; orienteres om KommuneCERT.",
    ),
]

KOMBIT_PEOPLE = [
    ("Aske Walther Sørensen", "AWS@kombit.dk", "Implementeringskonsulent"),
    ("Mille Østerlund", "MIO@kombit.dk", "Chef for Cyberservices"),
    ("Rasmus Halkjær Iversen", "RHI@kombit.dk", "Arkitekt"),
    ("Morten Balstrup", "MBA@kombit.dk", "Produktchef"),
]

# (municipality code, name, e-mail, title, [(role, primary)])
MUNICIPAL_PEOPLE = [
    (
        "0751",
        "Mette Kjær Lund",
        "mette.lund@aarhus.example.dk",
        "Digitaliseringskonsulent",
        [("KOMBIT-programleder", True)],
    ),
    (
        "0751",
        "Sofie Bach Nielsen",
        "sofie.nielsen@aarhus.example.dk",
        "Systemkonsulent",
        [("SAPA-systemansvarlig", True)],
    ),
    (
        "0751",
        "Lars Vestergaard",
        "lars.vestergaard@aarhus.example.dk",
        "Databeskyttelsesrådgiver",
        [("DPO", True)],
    ),
    (
        "0751",
        "Hanne Møller",
        "hanne.moller@aarhus.example.dk",
        "Bibliotekschef",
        [("Bibliotekschef", True)],
    ),
    (
        "0751",
        "Ole Dam",
        "ole.dam@aarhus.example.dk",
        "IT-arkitekt",
        [("Infrastrukturansvarlig", True), ("KOMBIT-programleder", False)],
    ),
    (
        "0461",
        "Jonas Holm Petersen",
        "jonas.petersen@odense.example.dk",
        "Programleder",
        [("KOMBIT-programleder", True)],
    ),
    (
        "0461",
        "Karen Friis",
        "karen.friis@odense.example.dk",
        "Infrastrukturansvarlig",
        [("Infrastrukturansvarlig", True)],
    ),
    (
        "0461",
        "Anders Bjerre",
        "anders.bjerre@odense.example.dk",
        "Skole-IT-konsulent",
        [("Aula systemansvarlig", True)],
    ),
    (
        "0101",
        "Camilla Winther",
        "camilla.winther@kk.example.dk",
        "Programleder",
        [("KOMBIT-programleder", True)],
    ),
    (
        "0851",
        "Rasmus Krogh",
        "rasmus.krogh@aalborg.example.dk",
        "Programleder",
        [("KOMBIT-programleder", True), ("SAPA-systemansvarlig", True)],
    ),
]


NEW_ROLE = "FLIS-dataansvarlig pr. anvendt dataområde - KP"
NEW_ROLE_PUBLISHED = date(2024, 11, 1)


@transaction.atomic
def load_core_demo() -> dict[str, int]:
    solutions = {
        code: services.solution_upsert(code=code, name=name, description=description, url=url)
        for code, name, description, url in SOLUTIONS
    }
    roles = {
        name: services.role_upsert(
            name=name,
            kind=kind,
            status=Role.Status.PUBLISHED,
            solution=solutions[solution] if solution else None,
            description=description,
            # "Ny rolle i rollegalleri er oprettet" (November 2024); the others' dates are unknown.
            published_on=NEW_ROLE_PUBLISHED if name == NEW_ROLE else None,
        )
        for name, kind, solution, description in ROLES
    }
    kombit = Organisation.objects.get(kind=Organisation.Kind.KOMBIT)
    for name, email, title in KOMBIT_PEOPLE:
        services.person_upsert(name=name, email=email, organisation=kombit, title=title)
    municipalities = Municipality.objects.in_bulk(
        {code for code, *_ in MUNICIPAL_PEOPLE}, field_name="code"
    )
    assignments = 0
    for code, name, email, title, held in MUNICIPAL_PEOPLE:
        municipality = municipalities[code]
        person = services.person_upsert(
            name=name, email=email, municipality=municipality, title=title
        )
        for role_name, primary in held:
            services.role_assignment_set(
                role=roles[role_name], municipality=municipality, person=person, is_primary=primary
            )
            assignments += 1
    emails = {p[2].lower() for p in MUNICIPAL_PEOPLE} | {p[1].lower() for p in KOMBIT_PEOPLE}
    missing = [i.email for i in DEMO_IDENTITIES if i.privileges and i.email.lower() not in emails]
    assert not missing, f"demo identities without a demo person: {missing}"
    return {
        "solutions": len(solutions),
        "roles": len(roles),
        "people": len(MUNICIPAL_PEOPLE) + len(KOMBIT_PEOPLE),
        "role assignments": assignments,
    }
