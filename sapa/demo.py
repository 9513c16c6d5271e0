"""The seed's SAPA content, in full: "Formål vs. dataområder", "Tidsplan for dataområder" and
"Indkomstoplysninger - bred / mellem / snæver adgang" of "Status på SKAT-indkomstoplysninger i
SAPA". Every legal basis and subject area as the slides list them, in their order; the slides'
slips kept as written."""

from datetime import date

from django.db import transaction

from kombitportal.agreements.models import Agreement
from sapa import services
from sapa.models import AccessLevel, DataArea, Interface, Milestone, Purpose, Release, Step

MEETING = date(2024, 11, 1)
INCOME, DUPLA = Interface.INCOME, Interface.DUPLA

# (name, note, level, interface, in effect from as the timeline writes it, part of)
PURPOSES = [
    ("Kontrol", "", AccessLevel.SPECIFIC, INCOME, "", None),
    ("Kontrol LAB", "", AccessLevel.SPECIFIC, INCOME, "20. sep 2023", "Kontrol"),
    ("Kontrol LAS mfl.", "(formål lånt fra KY)", AccessLevel.SPECIFIC, INCOME, "20. sep 2023", "Kontrol"),
    ("Opkrævning", "", AccessLevel.SPECIFIC, INCOME, "3. sep 2024", None),
    ("Sygedagpenge", "", AccessLevel.SPECIFIC, INCOME, "15. oktober 2024", None),
    ("Dagtilbud", "", AccessLevel.SPECIFIC, INCOME, "15. oktober 2024", None),
    ("Mellemkommunal refusion", "", AccessLevel.SPECIFIC, INCOME, "3. dec 2024", None),
    ("Bred adgang", "", AccessLevel.BROAD, INCOME, "11. nov 2024", None),
    ("Mellem adgang", "", AccessLevel.MIDDLE, INCOME, "7. jan 2025", None),
    ("Snæver adgang", "", AccessLevel.NARROW, INCOME, "7. jan 2025", None),
    ("Midlertidige formål", "", AccessLevel.TEMPORARY, INCOME, "", None),
    # The timeline's DUPLA lane: "Primo 2025 Formål: Sygedagpenge, Formål: Kontrol".
    ("Sygedagpenge", "", AccessLevel.SPECIFIC, DUPLA, "Primo 2025", None),
    ("Kontrol", "", AccessLevel.SPECIFIC, DUPLA, "Primo 2025", None),
]  # fmt: skip

# Each act, then the orders under it (indented on the slide).
BROAD_BASES = [
    ("Lov om social service § 80, § 100, §§ 107-110, § 114, § 119, § 120, § 163, § 192 og § 192a (LBK nr. 909 af 3. juli 2024)", [
        "Bekendtgørelse om betaling for botilbud m.v. efter servicelovens kapitel 20 samt om flytteret i forbindelse med botilbud efter § 108 §§ 1-18 (BEK nr. 1387 af 12. december 2006)",
        "Bekendtgørelse om støtte til køb af bil efter lov om social services § 8 (BKG nr. 1480 af 5. december 2023)",
    ]),
    ("Barnets lov § 35, § 36, § 46, § 47, § 87, § 88, § 119, § 120, § 187 og § 188 (LBK nr. 890 af 19. juni 2024)", [
        "Bekendtgørelse om betaling for ophold i anbringelsessteder for børn og unge under 18 år samt for døgnophold og udslusningsophold for unge i alderen 18 til og med 22 år §§ 1-12 (BEK nr. 95 af 29. januar 2024)",
    ]),
    ("Lov om aktiv socialpolitik §§ 14-15, §§ 27, 27 a, § 29, §§ 30-33, § 68a, §, § 71, § 72, § 73, § 81-85 og §§ 90-94 (LBK. Nr. 808 af 25. juni 2024)", []),
    ("Retssikkerhedsloven § 11c, stk. 1, nr. 4 (LBK nr. 261 af 13. marts 2024)", []),
    ("Lov om integration af udlændinge i Danmark (integrationsloven) § 4, stk. 1, §§ 35-39 og § 40 (LBK 1146 af 22. juni 2020)", []),
    ("Lov om midlertidig opholdstilladelse til personer, der er fordrevet fra Ukraine § 30, stk. 2 (LOV nr. 324 af 16. marts 2022)", []),
    ("Lov om aktiv beskæftigelsesindsats §§ 72-73, § 123 og §§ 149 (LBK nr. 280 af 1. marts 2024)", [
        "Bekendtgørelse om beregning af og fradrag i fleksløntilskud § 1 og §§ 3-4 (BEK nr. 227 af 7. marts 2024)",
    ]),
    ("Lov om sygedagpenge § 32, § 42 og§ §§ 46-47, (LBK nr. 994 af 22. august 2024)", [
        "Bekendtgørelse om opgørelse af beskæftigelseskrav og beregning af sygedagpenge m.v. §§ 23-24 (BEK nr. 827 af 24. juni 2024)",
    ]),
    ("Lov om individuel boligstøtte §§ 6-8 og §§ 54-59 (LBK nr. 229 af 12. februar 2021)", []),
    ("Lov om social pension § 14, stk. 1, § 14a, § 18 og § 36 (LBK nr. 1042 af 2. september 2024)", []),
    ("Lov om højeste, mellemste, forhøjet almindelig og almindelig førtidspension m.v. §§ 16-19 (LBK nr. 1033 af 2. september 2024)", []),
]  # fmt: skip
BROAD_AREAS = [
    "Beboerindskudslån", "Kontrolområdet", "Ydelser efter integrationsloven, aktivloven og beskæftigelsesloven",
    "Sygedagpengeområdet", "Egenbetaling på voksenområdet", "Egenbetaling på børneområdet",
    "Vurdering af husleje til plejehjem", "Helbreds- og udvidet helbredstillæg samt personligt tillæg",
    "Supplement til pension",
]  # fmt: skip

MIDDLE_BASES = [
    ("Barnets lov §§ 28-65 (kapitel 4-5), §§ 80-90 (kapitel 8), § 187, (LBK nr. 890 af 19. juni 2024)", []),
    ("Lov om dag-, fritids- og klubtilbud m.v. til børn og unge (dagtilbudsloven) § 44, § 64, § 77, §87, stk. 1, nr. 1 og §§ 93-93 a (LBK nr. 988 af 27. august 2024)", [
        "Bekendtgørelse om dagtilbud § 29, § 30, § 33 og § 36 (BEK nr. 2058 af 15. november 2021)",
    ]),
]  # fmt: skip
MIDDLE_AREAS = [
    "Tabt arbejdsfortjeneste på børneområdet", "Økonomisk friplads", "Beregning af efterskoleophold",
]  # fmt: skip

# "snæver adgang" lists subject areas only.
NARROW_AREAS = [
    "Integrationsprogram", "Etablering af virksomhedsrettede tilbud LAB", "Uddannelses- og erhvervsvejledning",
    "Kropsbårne hjælpemidler", "Permanent bolig, INL", "Forsørgerbeløb til ægtefælle", "Resultattilskud",
    "Kontrol CPR", "Tilskud til pasning af egne børn", "Socioøko. Rådgivning", "Socialt frikort",
    "Fogedsager", "Jule-/sommerferiehjælp", "Refusion fleksjob", "Repatriering", "Mellemkommunal refusion",
]  # fmt: skip

CATALOGUE = {
    "Bred adgang": (BROAD_BASES, BROAD_AREAS),
    "Mellem adgang": (MIDDLE_BASES, MIDDLE_AREAS),
    "Snæver adgang": ([], NARROW_AREAS),
}

# (version, released as written, note, [(data area, interface, note)])
RELEASES = [
    ("3.12", "20. september 2023", "", [("Indkomstoplysninger", INCOME, "Indkomst – abonnementsaftaler sendes til SAPA-systemejer")]),
    # On the slide the phase-out stands over release 3.16, with no date of its own.
    ("3.16", "18. september 2024", "Udfasning af SF Tele og Ekstranet", [("Årsopgørelse", DUPLA, "")]),
    ("3.17", "7. januar 2025", "", [("Forskudsopgørelse", DUPLA, ""), ("Kontroloplysninger", DUPLA, "Personkontroloplysning/R75 og virksomhedskontroloplysning")]),
    ("3.18", "13. marts 2025", "", [("Selvstændig virksomhed", DUPLA, ""), ("Pensionsrettigheder", DUPLA, "")]),
]  # fmt: skip

# (title, when as written, interface)
MILESTONES = [
    ("Lukning KMD Indkomst", "31. december 2024", INCOME),
    ("Flere formål følger", "Afventer", INCOME),
    ("Mere specifikke formål følger", "Afventer", DUPLA),
]


# "Kommende opgaver": (group, what, how, where, who, when as written, agreement title, KLIK code)
WHO = "SAPA-systemansvarlig el. selvstændig projektleder"
STEPS = [
    (Step.Group.INCOME, "Underskriv aftale – mellem dataadgang", "Mail", "AddoSign", WHO, "Deadline 6. dec", "Abonnementsaftale – mellem dataadgang (indkomstoplysninger)", ""),
    (Step.Group.INCOME, "Underskriv aftale – snæver dataadgang", "Mail", "AddoSign", WHO, "Deadline 6. dec", "Abonnementsaftale – snæver dataadgang (indkomstoplysninger)", ""),
    (Step.Group.DUPLA, "Opret og underskriv aftale for visning af forskudsopgørelse for sygedagpengeområdet", "KLIK-opgave (K53)", "DUPLA aftalemodul", WHO, "Primo januar", None, "K53"),
    (Step.Group.DUPLA, "Opret og underskriv aftale for visning af personkontroloplysninger for kontrolområdet", "KLIK-opgave (K54)", "DUPLA aftalemodul", WHO, "Primo januar", None, "K54"),
    (Step.Group.DUPLA, "Opret og underskriv aftale for visning af virksomhedskontroloplysninger for kontrolområdet", "KLIK-opgave (K55)", "DUPLA aftalemodul", WHO, "Primo januar", None, "K55"),
    (Step.Group.GENERAL, "Oplær brugere", "KLIK opgave (U10)", "Video mv.", WHO, "Uge 49", None, "U10"),
]  # fmt: skip


@transaction.atomic
def load_sapa_demo() -> dict[str, int]:
    """The seed's SAPA catalogue; running it again changes nothing."""
    purposes: dict[tuple[str, str], Purpose] = {}
    for position, (name, note, level, interface, effective, part_of) in enumerate(PURPOSES):
        purposes[name, interface] = services.purpose_save(
            name=name,
            interface=interface,
            note=note,
            level=level,
            effective=effective,
            part_of=purposes[part_of, interface] if part_of else None,
            position=position * 10,
            reference=MEETING,
        )
    for name, (bases, areas) in CATALOGUE.items():
        services.purpose_catalogue_set(
            purpose=purposes[name, INCOME], bases=bases, subject_areas=areas
        )
    position = 0
    for version, released, note, brought in RELEASES:
        release = services.release_save(
            version=version, released=released, note=note, reference=MEETING
        )
        for name, interface, area_note in brought:
            position += 10
            services.data_area_save(
                name=name, interface=interface, release=release, note=area_note, position=position
            )
    for title, when, interface in MILESTONES:
        services.milestone_save(title=title, when=when, interface=interface, reference=MEETING)
    for position, (group, what, how, where, who, when, agreement, code) in enumerate(STEPS):
        services.step_save(
            group=group, what=what, how=how, where=where, who=who, when=when,
            # The agreements area loads its demo first; without it the step has no source yet.
            agreement=Agreement.objects.filter(title=agreement).first() if agreement else None,
            klik_code=code, position=position * 10, reference=MEETING,
        )  # fmt: skip
    return {
        "SAPA purposes": Purpose.objects.count(),
        "SAPA releases": Release.objects.count(),
        "SAPA data areas": DataArea.objects.count(),
        "SAPA milestones": Milestone.objects.count(),
        "SAPA steps": Step.objects.count(),
    }
