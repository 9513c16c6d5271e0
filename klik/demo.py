"""The seed's KLIK tasks ("Oversigt over kritisk/tværgående KLIK-opgaver", "To nye KLIK-opgaver i
Fælleskommunal Infrastruktur", "Kommende opgaver" in the SAPA section) and demo work on them."""

from datetime import date

from django.db import transaction

from klik import services
from klik.models import Guide, Project, Task, TaskAssignment
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.models import Municipality, Person, Role, Solution

MEETING = date(2024, 11, 1)  # the programme-leader meeting: the year of dates written without one
UDK_NOTE = "Det er et kort forløb med korte frister for de enkelte opgaver."
FKI_NOTE = (
    "Opgaverne er foranlediget af FKI-styregruppens beslutning om at arbejde systematisk og datadrevet "
    "med kommunernes udbredelse af infrastrukturen. Målet er at hæve målopfyldelsen i FKI Potentiale fra "
    "17 % til 22 % i 2024. Opgaverne er obligatoriske, da KOMBIT følger op på dem. KOMBIT gennemgår "
    "opgaverne på webinar den 29. november 2024."
)
FKI_GUIDE_IDENTIFY = (
    "https://kombitdk.sharepoint.com/:b:/r/sites/Faelleskommunal-Infrastruktur-Kommunesamarbejde/"
    "Delte%20dokumenter/General/Bilag%20til%20KLIK-opgaver/__Guide%20til%20identifikation%20af%20"
    "ibrugtagningspotentialer%20i%20FKI%20Potentiale_%20(1).pdf?csf=1&web=1&e=rH3PIZ"
)
FKI_GUIDE_REALISE = (
    "https://kombitdk.sharepoint.com/:b:/r/sites/Faelleskommunal-Infrastruktur-Kommunesamarbejde/"
    "Delte%20dokumenter/General/Bilag%20til%20KLIK-opgaver/Metode%20til%20realisering%20af%20potentialer"
    "%20i%20den%20f%C3%A6lleskommunale%20infrastruktur.pdf?csf=1&web=1&e=aofHJz"
)
WEBINAR = "https://www.conferencemanager.dk/webinarklik-opgaveidentificerudvaelgogrealiserfkiibrugtagningspotentialer"
SAPA_WHO = "Hvem: SAPA-systemansvarlig el. selvstændig projektleder."
PSRM_REASON = "Datoer afventer juridisk afklaring mellem STAR og Gældsstyrelsen."

PROJECTS = {
    "KP (eFaktura 10)": "kp",
    "Fælleskommunal Infrastruktur": "fki",
    "DOS Bolig": "dos-bolig",
    "SAPA": "sapa",
    "Borgerblikket": "borgerblikket",
    "Pr. løsning": None,
}

# (project, code, title, start, end, mandatory, note, responsible role, performer role, guides)
TASKS = [
    ("KP (eFaktura 10)", "", "Planlæg og gennemfør forudsætninger for ibrugtagning", "19.04.2024", "31.12.2024", False, "", "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "01", "UDK Begravelseshjælp: Planlæg og alloker ressourcer til implementering af SF1590_A - (Finans)", "11.11.2024", "29.11.2024", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "02", "UDK Begravelseshjælp: Verificer kommunens OBS udbetalingskonto for træk af den kommunale finansiering af begravelseshjælp", "04.11.2024", "22.11.2024", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "03", "UDK Begravelseshjælp: Godkend serviceaftaler til ruter til bogføringsfiler og kvitteringsfiler", "13.01.2025", "24.01.2025", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "04", "UDK Begravelseshjælp: Tegn abonnement på UDK Begravelseshjælps finanssortiment", "13.01.2025", "24.01.2025", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "05", "UDK Begravelseshjælp: Map værdier fra UDK Begravelseshjælps finanssortiment i bogføringssystemets omsætningstabel", "27.01.2025", "07.02.2025", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "06", "UDK Begravelseshjælp: Aktiver rute til bogføringsfiler", "27.01.2025", "07.02.2025", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "07", "UDK Begravelseshjælp: Verificer korrekt bogføring i kommunens bogføringssystem", "03.03.2025", "07.03.2025", False, UDK_NOTE, "KOMBIT-programleder", None, []),
    ("Fælleskommunal Infrastruktur", "", "Identificer kommunens FKI ibrugtagningspotentialer", "19.11.2024", "12.12.2024", True, FKI_NOTE, "KOMBIT-programleder", "Infrastrukturansvarlig",
     [("Guide til identifikation af potentialer", FKI_GUIDE_IDENTIFY), ("Tilmelding til webinar 29. november 2024", WEBINAR)]),
    # The overview table starts it 19.11.2024; the FKI slide says 12.12.2024. KOMBIT's overview wins.
    ("Fælleskommunal Infrastruktur", "", "Udvælg, analyser og realiser kommunens FKI ibrugtagningspotentialer", "19.11.2024", "06.02.2025", True, FKI_NOTE + " (FKI-sliden angiver start 12.12.2024.)", "KOMBIT-programleder", "Infrastrukturansvarlig",
     [("Vejledning til realisering af potentialer", FKI_GUIDE_REALISE), ("Tilmelding til webinar 29. november 2024", WEBINAR)]),
    ("DOS Bolig", "", "Kortlæg relevante fordringstyper og anvendte fagsystemer samt gennemfør nulsumstest", "Afventer", "Afventer", False, "Sidste KLIK-opgave vedr. tilslutning af forretningsområde til Gældsstyrelsens PSRM.", "KOMBIT-programleder", None, []),
    ("SAPA", "K53", "Opret og underskriv dataudvekslingsaftale for visning af forskudsopgørelse for sygedagpengeområdet", "Slut dec/start jan", "Midt jan 2025", False, f"Hvor: DUPLA aftalemodul. {SAPA_WHO} Hvornår: Primo januar.", "SAPA-systemansvarlig", "Selvstændig projektleder", []),
    ("SAPA", "K54", "Opret og underskriv dataudvekslingsaftale for visning af personkontroloplysninger for kontrolområdet", "Slut dec/start jan", "Midt jan 2025", False, f"Hvor: DUPLA aftalemodul. {SAPA_WHO} Hvornår: Primo januar.", "SAPA-systemansvarlig", "Selvstændig projektleder", []),
    ("SAPA", "K55", "Opret og underskriv dataudvekslingsaftale for visning af virksomhedskontroloplysninger for kontrolområdet", "Slut dec/start jan", "Midt jan 2025", False, f"Hvor: DUPLA aftalemodul. {SAPA_WHO} Hvornår: Primo januar.", "SAPA-systemansvarlig", "Selvstændig projektleder", []),
    ("SAPA", "U10", "Oplær brugere", "Start december", "31.12.2024", False, f"Hvor: Video mv. {SAPA_WHO} Hvornår: Uge 49.", "SAPA-systemansvarlig", "Selvstændig projektleder", []),
    ("Borgerblikket", "", "Implementer i bund 01_Åbn for flere borgervendte KLE-emner", "Juni 2024", "31.12.2024", False, "", "KOMBIT-programleder", None, []),
    ("Pr. løsning", "", "Forbered overgang til Context Handler 2 (arbejdstitel)", "Første i december", "Januar", False, "Uddybes i kommende slides.", "Infrastrukturansvarlig", None, []),
]  # fmt: skip

# Demo work: (municipality code, task title prefix, status, reason, responsible e-mail, performer e-mails)
WORK = [
    ("0751", "Planlæg og gennemfør", "solved", "", "mette.lund@aarhus.example.dk", []),
    ("0751", "UDK Begravelseshjælp: Verificer kommunens OBS", "solved", "", "mette.lund@aarhus.example.dk", ["ole.dam@aarhus.example.dk"]),
    ("0751", "UDK Begravelseshjælp: Planlæg og alloker", "in_progress", "", "mette.lund@aarhus.example.dk", ["sofie.nielsen@aarhus.example.dk", "ole.dam@aarhus.example.dk"]),
    ("0751", "Identificer kommunens FKI", "in_progress", "", "ole.dam@aarhus.example.dk", ["ole.dam@aarhus.example.dk"]),
    ("0751", "Opret og underskriv dataudvekslingsaftale for visning af forskudsopgørelse", "not_started", "", "sofie.nielsen@aarhus.example.dk", ["sofie.nielsen@aarhus.example.dk"]),
    ("0751", "Implementer i bund", "not_relevant", "Kommunen har allerede åbnet for alle relevante KLE-emner.", None, []),
    ("0461", "Planlæg og gennemfør", "solved", "", "jonas.petersen@odense.example.dk", []),
    ("0461", "Identificer kommunens FKI", "solved", "", "karen.friis@odense.example.dk", ["karen.friis@odense.example.dk"]),
    ("0461", "Forbered overgang til Context Handler 2", "in_progress", "", "karen.friis@odense.example.dk", []),
    ("0101", "Planlæg og gennemfør", "solved", "", "camilla.winther@kk.example.dk", []),
]  # fmt: skip


def _dates(start_text: str, end_text: str):
    pending = PSRM_REASON if start_text == "Afventer" else ""
    start = parse_approximate_date(start_text, reference=MEETING, pending_reason=pending)
    end = parse_approximate_date(
        end_text, reference=start.earliest or MEETING, pending_reason=pending
    )
    return start, end


@transaction.atomic
def load_klik_demo() -> dict[str, int]:
    roles = {r.name: r for r in Role.objects.all()}
    solutions = {s.code: s for s in Solution.objects.all()}
    projects = {}
    for name, solution in PROJECTS.items():
        projects[name], _ = Project.objects.update_or_create(
            name=name, defaults={"solution": solutions.get(solution) if solution else None}
        )
    tasks = []
    responsible: str | None  # a role's name in TASKS, a person's e-mail (or none) in WORK
    for project, code, title, start, end, mandatory, note, responsible, performer, guides in TASKS:
        task = Task.objects.filter(
            project=projects[project], code=code, title=title
        ).first() or Task(project=projects[project], code=code, title=title)
        task.start, task.end = _dates(start, end)
        task.mandatory = mandatory
        task.critical = True  # every task of the seed's table is "kritisk/tværgående"
        task.kombit_note = note
        task.responsible_role = roles.get(responsible) if responsible else None
        task.performer_role = roles.get(performer) if performer else None
        task.full_clean()
        task.save()
        for position, (guide_title, url) in enumerate(guides):
            Guide.objects.update_or_create(
                task=task, title=guide_title, defaults={"url": url, "position": position}
            )
        services.task_publish(task=task)
        tasks.append(task)

    people = {p.email.lower(): p for p in Person.objects.filter(municipality__isnull=False)}
    municipalities = Municipality.objects.in_bulk({w[0] for w in WORK}, field_name="code")
    for code, prefix, status, reason, responsible, performers in WORK:
        assignment = TaskAssignment.objects.get(
            municipality=municipalities[code], task__title__startswith=prefix
        )
        if assignment.log.exists():
            continue  # demo work is only written once; users' own changes are kept
        services.assignment_set_people(
            assignment=assignment,
            responsible=people.get(responsible) if responsible else None,
            performers=[people[e] for e in performers],
        )
        services.assignment_set_status(assignment=assignment, status=status, reason=reason)
    return {"KLIK tasks": len(tasks)}
