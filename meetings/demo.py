"""The seed's meeting: the programme-leader meeting of November 2024 ("Velkommen og dagens agenda"
to "Tak for i dag"), its six agenda items, the presenters as the slides name them (KOMBIT's people
of kombitportal/core/demo.py) and each topic's "Opgaven for KOMBIT-programleder"; the links and
contacts of "Lær KOMBIT at kende"; KommuneCERT advisories.

What the slides do not say is demo data, marked as such (`Meeting.is_demo`, `Advisory.is_demo`):
the meeting's day and time (a day of the meeting week PORTAL_TODAY is set to), that it is held
online, the practical information, the summary and both advisories (KommuneCERT has published
none in the seed; the certificate change they tell of is the seed's). Running it twice changes
nothing and records nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from kombitportal.core import audit
from kombitportal.core.models import Organisation, Person, Solution
from meetings.models import Advisory, AgendaItem, Meeting, OnboardingLink, OnboardingSection

CPH = ZoneInfo("Europe/Copenhagen")
TITLE = "Programledermøde november 2024"

PRACTICAL = (
    "Demo: Mødet holdes online i Microsoft Teams kl. 9.30-12.00. Mødet optages, og "
    "præsentationsmateriale, optagelse og et kort resumé sendes til samtlige registrerede "
    "KOMBIT-programledere efter mødet."
)
SUMMARY = (
    "Demo-resumé: Kort nyt gav status på de kritiske og tværgående KLIK-opgaver, udsendte "
    "aftaler, kommunebesøg, SKAT-indkomstoplysninger i SAPA, udrulningen af Valg, KLIKs nye "
    "funktioner og udgifterne ifm. kontanthjælpsreformen. Mille Østerlund fortalte om "
    "KommuneCERT, kommunernes fælles cybersikkerhedsenhed. Rasmus Halkjær Iversen og Morten "
    "Balstrup gav status på Context Handler 2 og SAPA: Context Handler 1 og Security Token "
    "Service 1 udfases den 31. marts 2025, og certifikatet på Context Handler 2 og Security "
    "Token Service 2 skiftes onsdag d. 4. december kl. 06:00-08:00. Aske Walther Sørensen "
    "præsenterede \u201cLær KOMBIT at kende\u201d. Se opgaverne for KOMBIT-programlederen under "
    "punkterne."
)

KLIK_TASK = (
    "Understøtte at I får mest muligt ud af KLIK og relaterede materialer:\n"
    "• Får I glæde af de ny funktioner, og bruger I filtre?\n"
    "• Giver det mening at bruge videoerne aktivt ifm. nye KLIK-brugere?"
)
CERT_TASK = (
    "Orienter relevante kolleger i din kommune, fx:\n"
    "• IT-afdeling\n"
    "• Medarbejdere, der sidder med operationel sikkerhed\n"
    "• Digitaliseringschef"
)
ONBOARDING_TASK = (
    "• Er der kolleger/afdelinger, der kan have glæde af at kende til noget af det, som er blevet "
    "vist?\n"
    "• Er der evt. centrale sider, som fx support-oversigten, som bør deles bredere i din "
    "organisation?\n"
    "• HVIS JA til en af ovenstående, så hjælp os med at få udbredt kendskabet til relevante "
    "tilgængelige materialer i din kommune!"
)

# (position, title, description, presenters' e-mails, task, page of the portal)
AGENDA = [
    (1, "Velkommen, program og praktik", "Velkommen til mødet. Praktisk information.", [], "", ""),
    (
        2,
        "Kort nyt fra KOMBIT",
        "Dagens status dækker: oversigt over kritisk/tværgående KLIK-opgaver; udsendte "
        "databehandleraftaler og tilslutningsaftaler; kommunebesøg; ny tilslutningsaftale – "
        "Datastandard for lettilgængelige tilbud til børn og unge i psykisk mistrivsel; status på "
        "SKAT-indkomstoplysninger i SAPA; status på udrulningen af Valg; KLIK – nye funktioner og "
        "vejledninger i 2024; udgifter ifm. kontanthjælpsreformen.",
        ["AWS@kombit.dk"],
        KLIK_TASK,
        AgendaItem.Page.NEWS,
    ),
    (
        3,
        "KommuneCERT",
        "Mille fortæller om KommuneCERT, som er jeres fælles cybersikkerhedsenhed i KOMBIT. "
        "Ambitionen er ét samlet kontaktpunkt for alle kommuner ift. viden om cybertrusler og "
        "sårbarheder i den relevante it-portefølje.",
        ["MIO@kombit.dk"],
        CERT_TASK,
        AgendaItem.Page.KOMMUNECERT,
    ),
    (
        4,
        "Status på Context Handler 2 og SAPA",
        "Information om de seneste erfaringer fra implementeringen af Context Handler 2 og hvad, "
        "der er på vej.",
        ["RHI@kombit.dk", "MBA@kombit.dk"],
        "",
        "",
    ),
    (
        5,
        "Lær KOMBIT at kende",
        "Aske præsenterer en række udvalgte nedslag ift. hvilken relevant viden, I kan læse mere "
        "om på bl.a. kombit.dk. Det er bl.a. tænkt som en del af et kommende "
        "onboarding-materiale/tilbud.",
        ["AWS@kombit.dk"],
        ONBOARDING_TASK,
        AgendaItem.Page.ONBOARDING,
    ),
    (
        6,
        "Tak for i dag",
        "Spørgsmål, kommentarer og ideer til næste møders indhold kan sendes på "
        "programleder@kombit.dk. Præsentationsmateriale, optagelse af mødet samt kort resumé "
        "sendes til samtlige registrerede KOMBIT programledere efter mødet.",
        [],
        "",
        "",
    ),
]

# "Lær KOMBIT at kende", slide by slide: (section, intro, [(title, address, description)]).
ONBOARDING = [
    (
        "KOMBIT",
        "Følgende giver dig indblik i, hvor du kan søge mere viden for at lære KOMBITs "
        "organisation, governance, support mv. bedre at kende.",
        [
            ("kombit.dk", "https://kombit.dk/",
             "KOMBITs strategi. KOMBITs forvaltningsområder forsøger at efterligne jeres og KLs "
             "organisering."),
            ("Links i bunden af kombit.dk", "https://kombit.dk/",
             "Om KOMBIT inkl. KOMBITs historie, Hvem er vi?, Nyhedsbreve og Support på "
             "KOMBIT-løsninger."),
        ],
    ),
    (
        "Løsninger og governance",
        "",
        [
            ("kombit.dk/loesninger", "https://kombit.dk/loesninger",
             "KOMBITs portefølje. Kontakt den enkelte løsning og læs om governance, styregrupper "
             "mm. Der er ikke offentligt tilgængelige referater, så alternativt kan man kontakte "
             "relevante fra KOMBIT eller involverede kommuner."),
        ],
    ),
    (
        "Fælleskommunal Infrastruktur og Digitaliseringskataloget",
        "",
        [
            ("Fælleskommunal Infrastruktur (FKI)",
             "https://kombit.dk/loesninger/faelleskommunal-infrastruktur",
             "FKI under KOMBITs portefølje: kontakt, styregruppe, \u201cfremtidens infrastruktur\u201d, "
             "og links videre til Digitaliseringskataloget."),
            ("Digitaliseringskataloget", "https://digitaliseringskataloget.dk/", ""),
            ("Integrationerne (digitaliseringskataloget.dk/løsninger)",
             "https://digitaliseringskataloget.dk/l%C3%B8sninger",
             "Læs om de forskellige integrationer. Nogle integrationer er meget grundlæggende (fx "
             "Adgangsstyring, Organisation og indekserne) på tværs af løsninger og andre er "
             "forbundet med høj kompleksitet (fx økonomiintegrationerne)."),
            ("Infrastrukturrelaterede roller",
             "https://digitaliseringskataloget.dk/infrastrukturrelaterede-roller",
             "Tjeklister for de relaterede roller: nogle roller er tæt knyttet til "
             "infrastrukturen."),
        ],
    ),
    (
        "Nyhedsbreve",
        "",
        [
            ("Tilmeld nyhedsbreve", "https://kombit.dk/aktuelt/nyhedsbreve/tilmeld-nyhedsbreve",
             ""),
        ],
    ),
    (
        "Support",
        "",
        [
            ("dok.kombit.dk/support", "https://dok.kombit.dk/support",
             "Support på KOMBIT-løsninger."),
            ("Telefon 7268 8132", "tel:+4572688132", ""),
        ],
    ),
    (
        "Dokumentbiblioteket",
        "",
        [
            ("KOMBITs dokumentbibliotek – Løsninger", "https://dok.kombit.dk/", ""),
            ("KOMBITs dokumentbibliotek – Tværgående", "https://dok.kombit.dk/", ""),
        ],
    ),
    (
        "Rollegalleriet og KLIK",
        "",
        [
            ("KOMBITs Rollegalleri i portalen", "/roller/",
             "Hvem har hvilken rolle i kommunen, og hvilke roller er tomme."),
            ("KOMBITs Rollegalleri og KLIK-vejledninger (dok.kombit.dk/implementering-og-klik)",
             "https://dok.kombit.dk/implementering-og-klik",
             "Vejledning til første log ind og til nye brugere med de 2 videoer, der også "
             "redegør kort for de forskellige rettigheder, og temavejledningen om filtre."),
        ],
    ),
    (
        "Kontakt",
        "",
        [
            ("Aske Walther Sørensen, Implementeringskonsulent", "mailto:AWS@kombit.dk",
             "AWS@kombit.dk"),
            ("Spørgsmål, kommentarer og ideer til næste møde", "mailto:programleder@kombit.dk",
             "programleder@kombit.dk – eller send dem fra mødesiden i portalen."),
        ],
    ),
]  # fmt: skip

# (title, published, severity, solution codes, text) — all demo: the seed has no advisory.
ADVISORIES = [
    (
        "Demo: Certifikatskifte på Context Handler 2 og Security Token Service 2",
        date(2024, 11, 20),
        Advisory.Severity.HIGH,
        ["fki"],
        "Certifikatet for Context Handler 2 og Security Token Service 2 skiftes onsdag d. 4. "
        "december kl. 06:00-08:00 i Produktionsmiljøet. Alle anvendere skal etablere trust til "
        "det nye certifikat og hente opdateret metadata.",
        "https://driftstatus.kombit.dk/",
    ),
    (
        "Demo: Phishing-mails, der udgiver sig for at komme fra Aula",
        date(2024, 11, 12),
        Advisory.Severity.MEDIUM,
        ["aula"],
        "Demo: Opfundet eksempel på en advisering fra KommuneCERT til kommuner, der bruger Aula.",
        "",
    ),
]


@transaction.atomic
def load_meetings_demo() -> dict[str, int]:
    kombit = Organisation.objects.get(kind=Organisation.Kind.KOMBIT)
    people = {
        p.email.lower(): p for p in Person.objects.filter(organisation=kombit).exclude(email="")
    }
    meeting = audit.upsert(
        Meeting,
        {"title": TITLE},
        {
            "starts_at": datetime(2024, 11, 26, 9, 30, tzinfo=CPH),
            "ends_at": datetime(2024, 11, 26, 12, 0, tzinfo=CPH),
            "place": "Online (Microsoft Teams)",
            "practical": PRACTICAL,
            "summary": SUMMARY,
            "is_demo": True,
        },
        actor=None,
        action="meetings.meeting",
    )
    for position, title, description, emails, task, page in AGENDA:
        item = audit.upsert(
            AgendaItem,
            {"meeting": meeting, "position": position},
            {"title": title, "description": description, "task": task, "page": page},
            actor=None,
            action="meetings.agenda_item",
        )
        wanted = {people[e.lower()].pk for e in emails}
        if set(item.presenters.values_list("pk", flat=True)) != wanted:
            item.presenters.set(wanted)
    links = 0
    for position, (title, intro, entries) in enumerate(ONBOARDING, 1):
        section = audit.upsert(
            OnboardingSection,
            {"title": title},
            {"intro": intro, "position": position * 10},
            actor=None,
            action="meetings.onboarding_section",
        )
        for link_position, (link_title, url, description) in enumerate(entries, 1):
            audit.upsert(
                OnboardingLink,
                {"section": section, "title": link_title},
                {"url": url, "description": description, "position": link_position * 10},
                actor=None,
                action="meetings.onboarding_link",
            )
            links += 1
    solutions = Solution.objects.in_bulk(field_name="code")
    for title, published, severity, codes, body, url in ADVISORIES:
        advisory = audit.upsert(
            Advisory,
            {"title": title, "published_on": published},
            {"severity": severity, "body": body, "url": url, "is_demo": True},
            actor=None,
            action="meetings.advisory",
        )
        wanted = {solutions[code].pk for code in codes}
        if set(advisory.solutions.values_list("pk", flat=True)) != wanted:
            advisory.solutions.set(wanted)
    return {
        "meetings": 1,
        "agenda items": len(AGENDA),
        "onboarding links": links,
        "KommuneCERT advisories": len(ADVISORIES),
    }
