"""The seed's agreements ("Overblik over tilslutnings- og databehandleraftaler", "Ny
tilslutningsaftale", the SAPA agreements and "Hvem mangler at underskrive SVR-
dataudvekslingsaftalen") and KOMBIT's visits to municipal boards ("Besøg hos de kommunale
direktioner")."""

from datetime import date

from django.db import transaction

from kombitportal.agreements.models import Agreement, Signature, Visit
from kombitportal.core import services as core_services
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.models import Municipality, Role, Solution

MEETING = date(2024, 11, 1)
DPA_TEMPLATE_NOTE = (
    "OBS: KOMBIT arbejder fortsat på at få en ny skabelon til databehandleraftaler på plads."
)
SAPA_WHO = "Hvem: SAPA-systemansvarlig el. selvstændig projektleder."

# (solution, kind, title, dispatched, dispatch as written, pending reason, deadline, channel,
#  recipients, copy to, note)
AGREEMENTS = [
    ("aula", "bilag", "Databehandleraftalens bilag A (opdatering)", False, "Forventes udsendt 1. februar", "", "", "", ["Aula systemansvarlig"], ["DPO"], DPA_TEMPLATE_NOTE),
    ("fbs", "databehandleraftale", "Databehandleraftale m/bilag", False, "Sendes i uge 51", "", "", "", ["KOMBIT-programleder", "Bibliotekschef"], [], DPA_TEMPLATE_NOTE),
    ("fbi", "allonge", "Allonge til Tilslutningsaftale", True, "07.11.2024", "", "01.12.2024", "", ["Bibliotekschef", "FFU biblioteker", "KOMBIT-programleder"], [], ""),
    (None, "tilslutningsaftale", "Datastandard for lettilgængelige tilbud til børn og unge i psykisk mistrivsel", False, "Udsendelse afventer",
     "Der pågår afklaringer ift. tilslutningsaftalen, og vi kan endnu ikke komme nærmere, hvornår den vil komme ud til jer.", "", "", ["KOMBIT-programleder"], [], ""),
    ("sapa", "dataudvekslingsaftale", "SVR-dataudvekslingsaftale", True, "06.09.2024", "", "", "mail", ["SAPA-systemejer"], ["SAPA-systemansvarlig"],
     "…for at SAPA kan vise navnet på 'Udbetaler' i visning af indkomstoplysninger i SAPA i stedet for kun at vise virksomhedens SE-nummer."),
    ("sapa", "abonnementsaftale", "Abonnementsaftale – mellem dataadgang (indkomstoplysninger)", True, "November 2024", "", "06.12.2024", "addosign", ["SAPA-systemansvarlig", "Selvstændig projektleder"], [], f"Hvordan: Mail. Hvor: AddoSign. {SAPA_WHO} Ikke en KLIK-opgave."),
    ("sapa", "abonnementsaftale", "Abonnementsaftale – snæver dataadgang (indkomstoplysninger)", True, "November 2024", "", "06.12.2024", "addosign", ["SAPA-systemansvarlig", "Selvstændig projektleder"], [], f"Hvordan: Mail. Hvor: AddoSign. {SAPA_WHO} Ikke en KLIK-opgave."),
]  # fmt: skip

# Demo: the SVR agreement is signed by every municipality except these (the seed's slide asks "who
# is missing" without naming anyone; these are demo values).
SVR_NOT_SIGNED = {"0751", "0461", "0147", "0253", "0530", "0741", "0825"}

HELD = """Brøndby 19-04-2023; Ballerup 15-05-2023; Holstebro 16-05-2023; Struer 16-05-2023;
Lolland 30-05-2023; Roskilde 14-06-2023; Ikast-Brande 29-06-2023; Vejen 29-06-2023;
Svendborg 22-08-2023; Bornholm 21-08-2023; Greve 21-11-2023; Hvidovre 22-11-2023;
Rødovre 29-11-2023; Frederikshavn 30-11-2023; Hjørring 30-11-2023; Favrskov 18-12-2023;
Silkeborg 18-12-2023; Halsnæs 10-01-2024; Frederikssund 10-01-2024; Faaborg-Midtfyn 15-01-2024;
Helsingør 18-01-2024; Slagelse 22-02-2024; Holbæk 28-02-2024; Middelfart 11-03-2024;
Kolding 11-03-2024; Gladsaxe 03-04-2024; Faxe 04-04-2024; Dragør 08-04-2024;
Vordingborg 16-04-2024; Odense 16-04-2024; Ishøj 17-04-2024; Randers 22-04-2024;
Vesthimmerlands 24-04-2024; Morsø 24-04-2024; Esbjerg 26-04-2024; Aarhus 30-04-2024;
København 02-05-2024; Aalborg 03-05-2024; Frederiksberg 07-05-2024; Frederiksberg 15-05-2024;
Vejle 22-05-2024; Mariagerfjord 03-06-2024; Rebild 03-06-2024; Tønder 19-06-2024;
Høje-Taastrup 15-08-2024; Ringkøbing-Skjern 21-08-24; København 28-08-24; Sønderborg 11-11-24"""
PLANNED = "Billund 27-11-24; Varde 27-11-24; Aabenraa 03-01-25; Hedensted 09-01-25; Haderslev 04-03-25; Kalundborg i det nye år"
INTEREST_2023 = (
    "Ringsted, Stevns, Køge, Furesø, Lejre, Kerteminde, Syddjurs, Horsens, Skive, Fredericia, "
    "Jammerbugt, Fanø, Vejle, Læsø, Viborg, Næstved, Lemvig, Allerød, Samsø, Egedal, Kalundborg"
)


def _entries(text: str) -> list[tuple[str, str]]:
    """ "Name dd-mm-yyyy; ..." → [(name, date as written)]."""
    result = []
    for item in text.replace("\n", " ").split(";"):
        name, _, when = item.strip().partition(" ")
        while when and not when[0].isdigit() and not when.startswith("i "):
            more, _, when = when.partition(" ")
            name = f"{name} {more}"
        result.append((name, when))
    return result


@transaction.atomic
def load_agreements_demo() -> dict[str, int]:
    solutions = {s.code: s for s in Solution.objects.all()}
    roles = {r.name: r for r in Role.objects.all()}
    if "FFU biblioteker" not in roles:
        roles["FFU biblioteker"] = core_services.role_upsert(
            name="FFU biblioteker",
            kind="system",
            status="published",
            solution=solutions["fbi"],
            description="Kontakt for forsknings- og uddannelsesbibliotekerne (FFU); modtager FBI-aftaler.",
        )
    for (
        solution,
        kind,
        title,
        dispatched,
        dispatch,
        reason,
        deadline,
        channel,
        to,
        cc,
        note,
    ) in AGREEMENTS:
        agreement = Agreement.objects.filter(title=title).first() or Agreement(title=title)
        agreement.solution = solutions.get(solution) if solution else None
        agreement.kind = kind
        agreement.dispatched = dispatched
        agreement.dispatch = parse_approximate_date(
            dispatch, reference=MEETING, pending_reason=reason
        )
        agreement.deadline = (
            parse_approximate_date(deadline, reference=MEETING) if deadline else None
        )
        agreement.channel = channel
        agreement.kombit_note = note
        agreement.full_clean()
        agreement.save()
        agreement.recipient_roles.set([roles[r] for r in to])
        agreement.copy_roles.set([roles[r] for r in cc])

    svr = Agreement.objects.get(title="SVR-dataudvekslingsaftale")
    signed = set(
        Signature.objects.filter(agreement=svr).values_list("municipality__code", flat=True)
    )
    Signature.objects.bulk_create(
        Signature(
            agreement=svr,
            municipality=m,
            signed_on=date(2024, 9, 20),
            signer_name=f"SAPA-systemejer, {m.name}",
            recorded_by_name="load_demo",
        )
        for m in Municipality.objects.exclude(code__in=SVR_NOT_SIGNED).exclude(code__in=signed)
    )

    by_name = {m.name: m for m in Municipality.objects.all()}
    visits = 0
    for status, text in (("held", HELD), ("planned", PLANNED)):
        for name, when in _entries(text):
            _visit(by_name[name], status, when)
            visits += 1
    for name in (n.strip() for n in INTEREST_2023.split(",")):
        _visit(by_name[name], "interest", "2023", interest_year=2023)
        visits += 1
    return {"agreements": len(AGREEMENTS), "visits": visits}


def _visit(
    municipality: Municipality, status: str, when: str, interest_year: int | None = None
) -> None:
    visit = Visit.objects.filter(
        municipality=municipality, status=status, when_text=when
    ).first() or Visit(municipality=municipality, status=status)
    visit.when = None if interest_year else parse_approximate_date(when, reference=MEETING)
    visit.when_text = when
    visit.interest_year = interest_year
    visit.full_clean()
    visit.save()
