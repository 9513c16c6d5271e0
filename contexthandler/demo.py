"""The seed's Context Handler 2 content: the certificate change of Context Handler 2 and STS2
("onsdag d. 4. december kl. 06:00-08:00 i Produktionsmiljøet", new metadata about 06:30, the
operations notice on driftsstatus.kombit.dk) for the infrastructure-responsible; the external-test
metadata the roll-over check watches, with its successor certificate; and SAPA at NIST 3, which
the slides give.

What the slides do not say is demo data, marked as such: the other systems' levels, which
municipality has which IdP and profile (entity IDs under .example), and which systems a few
municipalities still use through Context Handler 1."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from contexthandler import services
from contexthandler.loa import Level, Profile, Protocol
from contexthandler.models import (
    Handler,
    IdentityProvider,
    MetadataSource,
    Rollover,
    SystemUse,
    UserSystem,
)
from kombitportal.core.models import Municipality, Role, Solution

DATA = Path(__file__).resolve().parent / "data"
CPH = ZoneInfo("Europe/Copenhagen")
DEMO = "Demodata: niveauet står ikke i KOMBITs slides; se Digitaliseringskataloget."

# (name, solution code, level, note)
SYSTEMS = [
    ("SAPA", "sapa", Level.NIST3, "NIST 3 kræver to-faktor-login (slides: SAPAs overgang til Context Handler 2)."),
    ("VALG", "valg", Level.BETYDELIG, DEMO),
    ("Aula (medarbejdere)", "aula", Level.NIST2, DEMO),
    ("FLIS", "flis", Level.NIST2, DEMO),
    ("KP", "kp", Level.NIST3, DEMO),
]  # fmt: skip

# Demo: (municipality code, IdP name, entity ID, protocol, profile)
IDPS = [
    ("0751", "Aarhus Kommune AD FS", "https://adfs.aarhus.example/adfs/services/trust",
     Protocol.OIOSAML2, Profile.OIOSAML2_ADFS_MULTIPLEAUTHN),
    ("0461", "Odense Kommune OS2faktor", "https://os2faktor.odense.example/saml/metadata",
     Protocol.OIOSAML3, Profile.OIOSAML3),
    ("0101", "Københavns Kommune", "https://idp.kk.example/saml", Protocol.OIOSAML2,
     Profile.OIOSAML2),
    ("0851", "Aalborg Kommune AD FS", "https://adfs.aalborg.example/adfs/services/trust",
     Protocol.OIOSAML3, Profile.OIOSAML3_ADFS_RELAYSTATE),
    ("0561", "Esbjerg Kommune", "https://idp.esbjerg.example/saml", Protocol.OIOSAML2,
     Profile.OIOSAML2_WITHOUT_LOA),
]  # fmt: skip

# Demo: the municipalities that still use a system through Context Handler 1.
STILL_ON_CH1 = {"0561": ["FLIS", "KP"], "0101": ["KP"]}

ROLLOVER = "Certifikatskifte på Context Handler 2 og Security Token Service 2"


@transaction.atomic
def load_contexthandler_demo() -> dict[str, int]:
    """The seed's Context Handler content; running it again changes nothing."""
    solutions = {s.code: s for s in Solution.objects.all()}
    systems = {
        name: services.user_system_save(
            name=name, level=level, solution=solutions.get(code), note=note
        )
        for name, code, level, note in SYSTEMS
    }
    municipalities = {m.code: m for m in Municipality.objects.all()}
    for code, name, entity_id, protocol, profile in IDPS:
        municipality = municipalities[code]
        if not IdentityProvider.objects.filter(
            municipality=municipality, entity_id=entity_id
        ).exists():
            IdentityProvider.objects.create(
                municipality=municipality, name=name, entity_id=entity_id, protocol=protocol,
                profile=profile,
            )  # fmt: skip
    # SAPA moved to Context Handler 2 for everyone; the other systems per the demo.
    have = set(SystemUse.objects.values_list("municipality_id", "system_id"))
    new = []
    for code, municipality in municipalities.items():
        for name, system in systems.items():
            handler = Handler.CH1 if name in STILL_ON_CH1.get(code, []) else Handler.CH2
            if (municipality.pk, system.pk) not in have:
                new.append(SystemUse(municipality=municipality, system=system, handler=handler))
    SystemUse.objects.bulk_create(new)
    source = services.metadata_source_save(
        name="ch2-eksterntest",
        title="Context Handler 2, IdP-metadata (eksternt testmiljø)",
        location=str(DATA / "ch2-exttest-idp-metadata.xml"),
        trusted_pem=(DATA / "ch2-exttest-adgangsstyring-1-cert.pem").read_text()
        + (DATA / "ch2-exttest-adgangsstyring-2-cert.pem").read_text(),
    )
    if source.last_checked_at is None:  # the first check, so the page shows what it saw
        from contexthandler import checks

        checks.check_source(source, now=timezone.now())
    rollover = services.rollover_save(
        title=ROLLOVER,
        values={
            "components": "Context Handler 2 og Security Token Service 2",
            "environment": "Produktionsmiljøet (kun produktion: kun metadata for produktion opdateres)",
            "starts_at": datetime(2024, 12, 4, 6, 0, tzinfo=CPH),
            "ends_at": datetime(2024, 12, 4, 8, 0, tzinfo=CPH),
            "metadata_at": datetime(2024, 12, 4, 6, 30, tzinfo=CPH),
            "notice_url": "https://driftstatus.kombit.dk/",
            "note": (
                "Alle anvendere af Context Handler 2 og Security Token Service 2 skal sikre sig, at "
                "de får foretaget de nødvendige tilpasninger i egne systemer – hhv. etablere trust "
                "til nyt certifikat og hente opdateret metadata. Opdateret metadata for IdP'er og "
                "brugervendte systemer bliver tilgængelig cirka kl. 06:30 inden for "
                "servicevinduet – der udsendes driftsmeddelelse, når metadata er tilgængelig."
            ),
        },
        recipient_roles=list(Role.objects.filter(name=services.INFRASTRUCTURE_ROLE)),
    )
    services.rollover_checklists_create(rollover=rollover)
    return {
        "CH2 systems": UserSystem.objects.count(),
        "CH2 IdPs": IdentityProvider.objects.count(),
        "metadata sources": MetadataSource.objects.count(),
        "certificate changes": Rollover.objects.count(),
    }
