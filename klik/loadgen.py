"""KLIK's part of `generate_load_data` (kombitportal/core/loadgen.py): M published tasks in about
ten projects, mostly with exact dates, some approximate, some pending; one assignment per task ×
municipality with a status, a responsible person, 0–3 performers and 1–3 log rows for each one
the municipality has worked on."""

import random
from collections import defaultdict
from datetime import date, timedelta

from klik.models import Project, Task, TaskAssignment, TaskLogEntry, TaskPerformer
from kombitportal.core.approxdate import parse_approximate_date
from kombitportal.core.areas import LoadContext

PROJECTS = 10
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


def clear(prefix: str = "Belastning") -> dict[str, int]:
    """Remove what an earlier run made. Children first, so that each delete is one statement
    rather than Django collecting the rows in Python."""
    generated = {"assignment__task__project__name__startswith": prefix}
    deleted = {
        "log rows": TaskLogEntry.objects.filter(**generated).delete()[0],
        "performers": TaskPerformer.objects.filter(**generated).delete()[0],
    }
    deleted["assignments"] = TaskAssignment.objects.filter(
        task__project__name__startswith=prefix
    ).delete()[0]
    deleted["tasks"] = Task.objects.filter(project__name__startswith=prefix).delete()[0]
    Project.objects.filter(name__startswith=prefix).delete()
    return deleted


def generate(context: LoadContext) -> dict[str, int]:
    rng, tasks, chosen = context.rng, context.tasks, context.municipalities
    roles, people, holders, user_of = context.roles, context.people, context.holders, context.users
    anchor, batch_size, now = context.anchor, context.batch_size, context.now
    # Tasks: ~10 projects, codes per project (K01, K02, ...), mostly exact dates.
    projects = Project.objects.bulk_create(
        [Project(name=f"{context.prefix} projekt {i + 1:02}") for i in range(min(PROJECTS, tasks))]
    )
    new_tasks = []
    per_project: dict[int, int] = defaultdict(int)
    for i, kind in enumerate(_date_kinds(rng, tasks)):
        project = projects[i % len(projects)]
        per_project[project.pk] += 1
        start = anchor + timedelta(days=rng.randint(-60, 300))
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
                parse_approximate_date("Afventer", reference=anchor, pending_reason=PENDING_REASON)
                if rng.random() < 0.5
                else parse_approximate_date(_exact(start), reference=anchor)
            )
            task.end = parse_approximate_date(
                "Afventer", reference=anchor, pending_reason=PENDING_REASON
            )
        else:
            task.start = parse_approximate_date(_exact(start), reference=anchor)
            end_text = _exact(target) if kind == "exact" else _approximate(rng, target)
            task.end = parse_approximate_date(end_text, reference=start)
        new_tasks.append(task)
    created_tasks = Task.objects.bulk_create(new_tasks, batch_size=batch_size)

    # One assignment per task × municipality (what task_publish makes, for the chosen ones only).
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    assignments = []
    for task in created_tasks:
        assert task.responsible_role_id is not None  # every load task is given one (above)
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
    assignments = TaskAssignment.objects.bulk_create(assignments, batch_size=batch_size)

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
    TaskPerformer.objects.bulk_create(performers, batch_size=batch_size)
    TaskLogEntry.objects.bulk_create(log, batch_size=batch_size)

    return {
        "tasks": len(created_tasks),
        "assignments": len(assignments),
        "performers": len(performers),
        "log rows": len(log),
    }
