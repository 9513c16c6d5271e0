"""Synthetic data at scale for benchmarks (`manage.py generate_load_data`): the first N real
municipalities × M published KLIK tasks, with people, role holders, responsible and performers,
change log rows, and agreements with signatures.

Everything is written with bulk_create in one transaction, deterministic for a seed, and marked
(projects and agreements named "Belastning ...", people at @belastning.example.dk, users load-<code>)
so that a second run first removes what the previous one made.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from klik.models import Project, Task, TaskAssignment, TaskLogEntry, TaskPerformer
from kombitportal.accounts.models import User
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core import services
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.models import Municipality, Person, Role, RoleAssignment

PREFIX = "Belastning"
EMAIL_DOMAIN = "belastning.example.dk"
USERNAME_PREFIX = "load-"
ACTOR_NAME = "generate_load_data"
BATCH_SIZE = 2000
PEOPLE_PER_MUNICIPALITY = 8
PROJECTS = 10
# Dates are read relative to the month of the seed's programme-leader meeting, so that the same
# seed gives the same data on any day.
ANCHOR = date(2024, 11, 1)
PENDING_REASON = "Datoer afventer juridisk afklaring mellem STAR og Gældsstyrelsen"

PROJECT_CODES = "KUSVCAFDBL"
TITLES = [
    "Tilslut kommunens IdP til Context Handler 2",
    "Etabler tillid til nyt signeringscertifikat (CH2/STS2)",
    "Hent opdateret metadata fra Context Handler",
    "Vælg IdP-profil i administrationsmodulet",
    "Kræv totrinslogin for systemer på NSIS Betydelig",
    "Udpeg SAPA-systemansvarlig",
    "Underskriv abonnementsaftale om indkomstoplysninger",
    "Underskriv dataudvekslingsaftale (SVR) i DUPLA aftalemodul",
    "Test adgang til eIndkomst via DUPLA",
    "Afmeld KMD Indkomst",
    "Opdater rollebesætningen i rollegalleriet",
    "Registrér FLIS-dataansvarlig pr. anvendt dataområde",
    "Gennemfør klargøring af VALG-løsningen",
    "Gennemfør prøvevalg",
    "Planlæg skyggevalg",
    "Opret brugere og tildel rettigheder",
    "Informér IT-afdelingen om KommuneCERT",
    "Del supportoverblikket med superbrugerne",
    "Gennemgå og underskriv databehandleraftale",
    "Bestil adgang til testmiljø",
    "Udfør end-to-end-test med fagsystemet",
    "Migrér data fra den nuværende løsning",
    "Oplær superbrugere",
    "Tilpas lokale arbejdsgange",
    "Godkend idriftsættelse",
    "Opsig kontrakten med den nuværende leverandør",
    "Opdater kommunens it-sikkerhedsinstruks",
    "Vis KLIK-videoerne for nye brugere",
]
FIRST_NAMES = [
    "Anne", "Bo", "Camilla", "Dorte", "Emil", "Frederik", "Gitte", "Henrik", "Ida", "Jens",
    "Karen", "Lars", "Mette", "Niels", "Pia", "Rasmus", "Sofie", "Thomas", "Ulla", "Vibeke",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Møller", "Holm",
]  # fmt: skip
JOB_TITLES = [
    "IT-projektleder", "Systemansvarlig", "Digitaliseringskonsulent", "Teamleder",
    "IT-sikkerhedskoordinator", "Specialkonsulent", "Databeskyttelsesrådgiver",
]  # fmt: skip
DEFAULT_ROLES = [
    "KOMBIT-programleder",
    "SAPA-systemansvarlig",
    "Infrastrukturansvarlig",
    "Databeskyttelsesrådgiver (DPO)",
    "Digitaliseringschef",
    "Valgansvarlig",
]
NOT_RELEVANT_REASONS = [
    "Kommunen bruger ikke løsningen",
    "Løst i fællesskab med nabokommunen",
    "Dækket af kommunens eksisterende aftale",
]
MONTH_ABBR = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
]  # fmt: skip
STATUS_WEIGHTS = {
    TaskAssignment.Status.NOT_STARTED: 40,
    TaskAssignment.Status.IN_PROGRESS: 30,
    TaskAssignment.Status.SOLVED: 27,
    TaskAssignment.Status.NOT_RELEVANT: 3,
}


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    seconds: float


def _exact(day: date) -> str:
    return f"{day.day:02}.{day.month:02}.{day.year}"


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _approximate(rng: random.Random, target: date) -> str:
    """An approximate end as KOMBIT writes it, around `target`. Every form's latest day is in or
    after `target`'s week, so an end never comes before its start (ends are 7–100 days later)."""
    after = _next_month(target)
    return rng.choice(
        [
            f"Uge {target.isocalendar().week}",
            f"Slut {MONTH_ABBR[target.month - 1]} {target.year}",
            f"Slut {MONTH_ABBR[target.month - 1]}/start {MONTH_ABBR[after.month - 1]}",
            f"Midt {MONTH_ABBR[after.month - 1]} {after.year}",
            f"Primo {MONTH_NAMES[after.month - 1]}",
            f"Første i {MONTH_NAMES[after.month - 1]}",
        ]
    )


def _date_kinds(rng: random.Random, tasks: int) -> list[str]:
    """Mostly exact dates, some approximate, some pending; at least one of each from 3 tasks on."""
    pending = max(1, round(tasks * 0.06)) if tasks >= 3 else 0
    approximate = max(1, round(tasks * 0.18)) if tasks >= 3 else 0
    kinds = ["pending"] * pending + ["approximate"] * approximate
    kinds += ["exact"] * (tasks - len(kinds))
    rng.shuffle(kinds)
    return kinds


def clear() -> dict[str, int]:
    """Remove what an earlier run made (and only that). Children first, so that each delete is
    one statement rather than Django collecting the rows in Python."""
    generated = {"assignment__task__project__name__startswith": PREFIX}
    deleted = {
        "log rows": TaskLogEntry.objects.filter(**generated).delete()[0],
        "performers": TaskPerformer.objects.filter(**generated).delete()[0],
    }
    deleted["assignments"] = TaskAssignment.objects.filter(
        task__project__name__startswith=PREFIX
    ).delete()[0]
    deleted["tasks"] = Task.objects.filter(project__name__startswith=PREFIX).delete()[0]
    Project.objects.filter(name__startswith=PREFIX).delete()
    Signature.objects.filter(agreement__title__startswith=PREFIX).delete()
    Agreement.objects.filter(title__startswith=PREFIX).delete()
    RoleAssignment.objects.filter(person__email__endswith=f"@{EMAIL_DOMAIN}").delete()
    deleted["people"] = Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()[0]
    User.objects.filter(
        username__startswith=USERNAME_PREFIX, email__endswith=f"@{EMAIL_DOMAIN}"
    ).delete()
    return deleted


def _roles() -> list[Role]:
    """The published roles of the gallery; a few general ones if the gallery is empty."""
    roles = list(Role.objects.filter(status=Role.Status.PUBLISHED).order_by("name"))
    if roles:
        return roles
    return [
        services.role_upsert(name=name, kind=Role.Kind.GENERAL, status=Role.Status.PUBLISHED)
        for name in DEFAULT_ROLES
    ]


def _email_part(text: str) -> str:
    return text.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "."}))


@transaction.atomic
def generate(*, municipalities: int, tasks: int, seed: int = 1) -> Summary:
    """Replace earlier load data with N municipalities × M tasks. Returns the counts and time."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 (repeatable test data, not secrets)
    clear()
    chosen = list(Municipality.objects.order_by("code")[:municipalities])
    roles = _roles()

    # Eight people per municipality; the first is the programme leader, with a user (no password:
    # users log in through SAML).
    specs: dict[int, list[tuple[str, str]]] = {}
    for m in chosen:
        names = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            for _ in range(PEOPLE_PER_MUNICIPALITY)
        ]
        specs[m.pk] = [
            (name, f"{_email_part(name)}.{i}@{EMAIL_DOMAIN}") for i, name in enumerate(names)
        ]
    users = User.objects.bulk_create(
        [
            User(
                username=f"{USERNAME_PREFIX}{m.code}",
                full_name=specs[m.pk][0][0],
                email=specs[m.pk][0][1],
                portal_role=User.PortalRole.PROGRAMLEDER,
                municipality=m,
                password=make_password(None),
            )
            for m in chosen
        ],
        batch_size=BATCH_SIZE,
    )
    user_of = {u.municipality_id: u for u in users}
    new_people = [
        Person(
            name=name,
            email=email,
            title="KOMBIT-programleder" if i == 0 else rng.choice(JOB_TITLES),
            phone=" ".join(str(rng.randint(10, 99)) for _ in range(4)),
            municipality=m,
            user=user_of[m.pk] if i == 0 else None,
        )
        for m in chosen
        for i, (name, email) in enumerate(specs[m.pk])
    ]
    people: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.bulk_create(new_people, batch_size=BATCH_SIZE):
        people[person.municipality_id].append(person)

    # Role holders: most roles held by one or two of the municipality's people, some left empty
    # (as in real life); the primary holder only where the role has none yet.
    has_primary = set(
        RoleAssignment.objects.filter(is_primary=True, municipality__in=chosen).values_list(
            "role_id", "municipality_id"
        )
    )
    holders: dict[tuple[int, int], list[Person]] = defaultdict(list)
    role_assignments = []
    for m in chosen:
        for role in roles:
            if rng.random() < 0.1:
                continue
            for n, person in enumerate(rng.sample(people[m.pk], 2 if rng.random() < 0.2 else 1)):
                holders[role.pk, m.pk].append(person)
                role_assignments.append(
                    RoleAssignment(
                        role=role,
                        municipality=m,
                        person=person,
                        is_primary=n == 0 and (role.pk, m.pk) not in has_primary,
                    )
                )
    RoleAssignment.objects.bulk_create(role_assignments, batch_size=BATCH_SIZE)

    # Tasks: ~10 projects, codes per project (K01, K02, ...), mostly exact dates.
    projects = Project.objects.bulk_create(
        [Project(name=f"{PREFIX} projekt {i + 1:02}") for i in range(min(PROJECTS, tasks))]
    )
    now = timezone.now()
    new_tasks = []
    per_project: dict[int, int] = defaultdict(int)
    for i, kind in enumerate(_date_kinds(rng, tasks)):
        project = projects[i % len(projects)]
        per_project[project.pk] += 1
        start = ANCHOR + timedelta(days=rng.randint(-60, 300))
        target = start + timedelta(days=rng.randint(7, 100))
        task = Task(
            project=project,
            code=f"{PROJECT_CODES[i % len(projects)]}{per_project[project.pk]:02}",
            title=rng.choice(TITLES),
            description="Syntetisk opgave til belastningstest.",
            mandatory=rng.random() < 0.4,
            critical=rng.random() < 0.15,
            responsible_role=rng.choice(roles),
            performer_role=rng.choice(roles) if rng.random() < 0.8 else None,
            published_at=now,
        )
        if kind == "pending":
            task.start = (
                parse_approximate_date("Afventer", reference=ANCHOR, pending_reason=PENDING_REASON)
                if rng.random() < 0.5
                else parse_approximate_date(_exact(start), reference=ANCHOR)
            )
            task.end = parse_approximate_date(
                "Afventer", reference=ANCHOR, pending_reason=PENDING_REASON
            )
        else:
            task.start = parse_approximate_date(_exact(start), reference=ANCHOR)
            end_text = _exact(target) if kind == "exact" else _approximate(rng, target)
            task.end = parse_approximate_date(end_text, reference=start)
        new_tasks.append(task)
    created_tasks = Task.objects.bulk_create(new_tasks, batch_size=BATCH_SIZE)

    # One assignment per task × municipality (what task_publish makes, for the chosen ones only).
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    assignments = []
    for task in created_tasks:
        for m in chosen:
            status = rng.choices(statuses, weights)[0]
            responsible = None
            if rng.random() < 0.7:
                by_role = holders.get((task.responsible_role_id, m.pk))
                responsible = rng.choice(
                    by_role if by_role and rng.random() < 0.6 else people[m.pk]
                )
            assignments.append(
                TaskAssignment(
                    task=task,
                    municipality=m,
                    status=status,
                    not_relevant_reason=rng.choice(NOT_RELEVANT_REASONS)
                    if status == TaskAssignment.Status.NOT_RELEVANT
                    else "",
                    responsible=responsible,
                )
            )
    assignments = TaskAssignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE)

    # Performers (0–3), and 1–3 log rows for each assignment the municipality has worked on.
    performers, log = [], []
    for a in assignments:
        chosen_performers = sorted(
            rng.sample(people[a.municipality_id], rng.randint(0, 3)), key=lambda p: p.name
        )
        performers += [TaskPerformer(assignment=a, person=p) for p in chosen_performers]
        if a.status == TaskAssignment.Status.NOT_STARTED:
            continue
        actor = user_of[a.municipality_id]
        entry = {"assignment": a, "actor": actor, "actor_name": actor.full_name}
        if a.responsible is not None:
            log.append(
                TaskLogEntry(
                    **entry, field=TaskLogEntry.Field.RESPONSIBLE, new_value=a.responsible.name
                )
            )
        if chosen_performers:
            names = ", ".join(p.name for p in chosen_performers)
            log.append(TaskLogEntry(**entry, field=TaskLogEntry.Field.PERFORMERS, new_value=names))
        log.append(
            TaskLogEntry(
                **entry,
                field=TaskLogEntry.Field.STATUS,
                old_value=TaskAssignment.Status.NOT_STARTED,
                new_value=a.status,
                note=a.not_relevant_reason,
            )
        )
    TaskPerformer.objects.bulk_create(performers, batch_size=BATCH_SIZE)
    TaskLogEntry.objects.bulk_create(log, batch_size=BATCH_SIZE)

    # Agreements, each signed by some of the municipalities.
    kinds = list(Agreement.Kind)
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                kind=kinds[i % len(kinds)],
                title=f"{PREFIX} {kinds[i % len(kinds)].label.lower()} {i + 1:02}",
                dispatched=True,
                channel=Agreement.Channel.ADDOSIGN,
            )
            for i in range(10)
        ]
    )
    signatures = Signature.objects.bulk_create(
        [
            Signature(
                agreement=agreement,
                municipality=m,
                signed_on=ANCHOR + timedelta(days=rng.randint(0, 60)),
                signer_name=people[m.pk][0].name,
                recorded_by_name=ACTOR_NAME,
            )
            for agreement in agreements
            for m in chosen
            if rng.random() < 0.6
        ],
        batch_size=BATCH_SIZE,
    )

    counts = {
        "municipalities": len(chosen),
        "users": len(users),
        "people": len(new_people),
        "role assignments": len(role_assignments),
        "tasks": len(created_tasks),
        "assignments": len(assignments),
        "performers": len(performers),
        "log rows": len(log),
        "agreements": len(agreements),
        "signatures": len(signatures),
    }
    return Summary(counts=counts, seconds=time.monotonic() - started)
