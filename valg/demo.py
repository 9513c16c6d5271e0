"""The seed's Valg content: "Status på udrulning" (the status points, Rul 1–3 done on plan, Rul 4
cancelled), "Hvordan vurderer I løsningen og udrulningen?" (the satisfaction table and the five
quotes), "Scores fra rul 1" and "Næste skridt" (the milestones).

What the slides do not say is demo data, marked as such: which municipality and region was in
which wave (`Wave.participants_are_demo`), the waves' dates, and the individual check-ins
(`CheckIn.Source.DEMO`). The check-ins are made so that their means give the slide's table to the
figure — Rul 1: 3,8 · 4,1 · 4 · 3,97; Rul 2: 3,74 · 3,89 · 3,88 · 3,84; Rul 3: 3,8 · 3,96 · 3,84 ·
3,87 — with a plausible spread of single scores. The slide lists Rul 2, Rul 3, Rul 1 in that order
and calls Rul 1 "sidste rul": the demo's dates put Rul 1 last."""

import random
from datetime import date

from django.db import transaction

from kombitportal.core.models import Municipality, Region
from valg import services
from valg.models import WEEKS, CheckIn, Milestone, Phase, RatedArea, Wave

MEETING = date(2024, 11, 1)

STATUS = [
    "Ordinær udrulning er gennemført",
    "Rul 4 er annulleret",
    "De tre ordinære udrulningsbølger er gennemført efter planen",
    "Kommunerne har generelt været meget engagerede, løst KLIK-opgaver til tiden, deltaget i "
    "check-in møder osv",
    "Mange kommuner greb opfordringen til at gennemføre brevstemmedag og valgdag som rollespil – "
    "understøttet af et solidt faciliterings- og rekvisitmateriale fra Netcompany – mhp. en så "
    "realistisk afprøvning som muligt",
    "Den ordinære udrulning har – som forventet og ønsket – givet anledning til mange gode "
    "drøftelser og afklaringer om brugen af løsningen ift. lokale arbejdsgange, der evt. skal "
    "tilpasses",
]

# (number, status, Monday of week 1 [demo], municipalities [demo], regions [demo])
WAVES = [
    (1, Wave.Status.DONE, date(2024, 10, 7), 20, ["1082"]),
    (2, Wave.Status.DONE, date(2024, 8, 12), 33, ["1081", "1083"]),
    (3, Wave.Status.DONE, date(2024, 9, 9), 45, ["1084", "1085"]),
    (4, Wave.Status.CANCELLED, None, 0, []),
]
# Demo: these municipalities are in Rul 1 (the demo people are in Aarhus).
IN_FIRST_WAVE = ("0751",)

# The "generelt" answers per wave and phase: (how many, their sum). 61 answers summing to 232
# have the mean 3,80; each wave's total is the mean of its three phase means.
GENERAL = {
    1: {Phase.PREPARATION: (61, 232), Phase.TRIAL_WEEK_4: (21, 86), Phase.TRIAL_WEEK_5: (21, 84)},
    2: {Phase.PREPARATION: (105, 393), Phase.TRIAL_WEEK_4: (35, 136), Phase.TRIAL_WEEK_5: (34, 132)},
    3: {Phase.PREPARATION: (141, 536), Phase.TRIAL_WEEK_4: (47, 186), Phase.TRIAL_WEEK_5: (45, 173)},
}  # fmt: skip
# The other rated areas, scored in the trial-election weeks 4 and 5: their mean, roughly.
AREA_MEANS = {RatedArea.ELECTION_DAY: 4.2, RatedArea.ROLLOUT: 3.9, RatedArea.SUPPORT: 3.2}

# The slide's five quotes, here given to Rul 1's check-ins of week 5 (demo: the slide does not say
# who wrote them); Aarhus's is the first.
QUOTES = [
    "Det er meget udførligt materiale og en stor hjælp. Valgsystemet virker intuitivt og let at "
    "anvende. Det går over al forventning",
    'Fin løsning, men med små børnesygdomme - dem får "vi" styr på inden KV',
    "Supportsitet er meget uoverskueligt og helt sandet til",
    "Alt er fint. Vi finder os til rette og prøver systemet af - uden større bump indtil videre. "
    "Tænker, at vi er godt med i implementeringen",
    "Tror på at det bliver en rigtig god løsning. Er sikker på at når nogle af de indkomne forslag "
    "er gennemarbejdet og måske også implementeret, så ender vi med en rigtig god løsning. Vi er "
    "ret positive her. Det er småting, vi har undret os over",
]

# (title, kind, as the slide writes it, when for the drawing, until, details)
MILESTONES = [
    ("Release 1.4", Milestone.Kind.RELEASE, "18/12", "18.12.2024", None,
     "Fejlrettelser, implementering af enkelte ændringsønsker"),
    ("Teknisk videndelingsforløb", Milestone.Kind.PREPARATION, "nov/dec", "Nov/dec 2024", None,
     "Forberedelse inden skyggevalg"),
    ("Netværksmøde 8", Milestone.Kind.PREPARATION, "dec", "December 2024", None,
     "Forberedelse inden skyggevalg"),
    ("Opsamling på ordinær udrulning og videndeling", Milestone.Kind.PREPARATION,
     "Inden skyggevalg", "Nov/dec 2024", None, "Forberedelse inden skyggevalg"),
    ("Endelig lokal detailplanlægning af skyggevalg", Milestone.Kind.PREPARATION,
     "Inden skyggevalg", "Nov/dec 2024", None, "Forberedelse inden skyggevalg"),
    ("Skyggevalg", Milestone.Kind.ELECTION, "13/1 – 7/2 2025", "13.01.2025", date(2025, 2, 7),
     "Kommuner og regioner gennemfører samtidig - uden implementeringsstøtte - et KV/RV så "
     "tidstro som muligt (stor skala-afprøvning)"),
    ("Overdragelse til driftsorganisation", Milestone.Kind.AFTER, "Efter skyggevalg",
     "Februar 2025", None, ""),
    ("Enkelte ændringer implementeres", Milestone.Kind.AFTER, "Efter skyggevalg", "Februar 2025",
     None, "Nødvendige ændringer identificeret under skyggevalg, bedre understøttelse af "
     "kredsvalg, ny regionsstruktur"),
    ("Første anvendelse ved KV/RV", Milestone.Kind.ELECTION, "18/11 2025", "18.11.2025", None,
     "Kommunal- og regionsrådsvalg: det første valg i den nye VALG-løsning"),
]  # fmt: skip


def scores_with(count: int, total: int, rng: random.Random) -> list[int]:
    """`count` scores from 1 to 5 that add up to `total`, spread around their mean."""
    assert count <= total <= 5 * count
    base, extra = divmod(total, count)
    scores = [base + 1] * extra + [base] * (count - extra)
    for _ in range(count):  # moves of one point from one answer to another keep the sum
        i, j = rng.randrange(count), rng.randrange(count)
        if i != j and scores[i] < 5 and scores[j] > 1 and abs(scores[i] - scores[j]) < 2:
            scores[i] += 1
            scores[j] -= 1
    rng.shuffle(scores)
    return scores


def _participants() -> dict[int, tuple[list[Municipality], list[Region]]]:
    """Demo: the municipalities in a fixed shuffled order, cut into the waves' sizes."""
    municipalities = list(Municipality.objects.order_by("code"))
    random.Random("valg-waves").shuffle(municipalities)  # noqa: S311 (repeatable demo data)
    municipalities.sort(key=lambda m: m.code not in IN_FIRST_WAVE)  # stable: the rest stay shuffled
    regions = {r.code: r for r in Region.objects.all()}
    found, start = {}, 0
    for number, _status, _starts, size, region_codes in WAVES:
        found[number] = (municipalities[start : start + size], [regions[c] for c in region_codes])
        start += size
    return found


def _checkins(wave: Wave, municipalities: list[Municipality], regions: list[Region]):
    participants = [(m, None) for m in municipalities] + [(None, r) for r in regions]
    rng = random.Random(f"valg-checkins-{wave.number}")  # noqa: S311 (repeatable demo data)
    rows = []
    for phase, (count, total) in GENERAL[wave.number].items():
        slots = [(p, week) for week in WEEKS[phase] for p in participants]
        answered = sorted(rng.sample(range(len(slots)), count))  # who did not answer: by chance
        for (participant, week), score in zip(
            [slots[i] for i in answered], scores_with(count, total, rng), strict=True
        ):
            rows.append((participant, week, RatedArea.GENERAL, score, ""))
    for area, mean in AREA_MEANS.items():
        for week in (4, 5):
            count = len(participants)
            total = min(5 * count, max(count, round(mean * count)))
            for participant, score in zip(
                participants, scores_with(count, total, rng), strict=True
            ):
                rows.append((participant, week, area, score, ""))
    if wave.number == 1:  # the quotes, on week 5's "generelt" answers, Aarhus's first
        quoted = iter(QUOTES)
        rows = [
            (p, week, area, score, next(quoted, ""))
            if week == 5 and area == RatedArea.GENERAL
            else (p, week, area, score, comment)
            for p, week, area, score, comment in rows
        ]
    return [
        services.ImportRow(0, wave, m, r, week, area, score, comment)
        for (m, r), week, area, score, comment in rows
    ]


@transaction.atomic
def load_valg_demo() -> dict[str, int]:
    """The seed's Valg content; running it again changes nothing."""
    for position, text in enumerate(STATUS):
        services.status_point_save(text=text, position=position * 10)
    participants = _participants()
    rows = []
    for number, status, starts, _size, _regions in WAVES:
        municipalities, regions = participants[number]
        wave = services.wave_save(
            number=number, status=status, starts_on=starts, municipalities=municipalities,
            regions=regions, participants_are_demo=bool(municipalities or regions),
            note="Annulleret" if status == Wave.Status.CANCELLED else "",
        )  # fmt: skip
        if number in GENERAL:
            rows += _checkins(wave, municipalities, regions)
    services.checkins_import(rows=rows, actor=None, source=CheckIn.Source.DEMO)
    for position, (title, kind, written, when, until, detail) in enumerate(MILESTONES):
        services.milestone_save(
            title=title, kind=kind, written=written, when=when, until=until, detail=detail,
            position=position * 10, reference=MEETING,
        )  # fmt: skip
    return {
        "Valg waves": Wave.objects.count(),
        "Valg check-ins": CheckIn.objects.count(),
        "Valg milestones": Milestone.objects.count(),
    }
