"""Synthetic data at scale for benchmarks (`manage.py generate_load_data`): the first N real
municipalities with people, users and role holders, and each area's own rows for them (its
`load_data`, kombitportal/core/areas.py: KLIK's M published tasks with responsible, performers and
log rows, agreements with signatures, ...).

Everything is written with bulk_create in one transaction, deterministic for a seed, and marked
(projects and agreements named "Belastning ...", people at @belastning.example.dk, users load-<code>)
so that a second run first removes what the previous one made.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kombitportal.accounts.models import User
from kombitportal.core import areas, services
from kombitportal.core.areas import LoadContext
from kombitportal.core.models import Municipality, Person, Role, RoleAssignment

PREFIX = "Belastning"
EMAIL_DOMAIN = "belastning.example.dk"
USERNAME_PREFIX = "load-"
ACTOR_NAME = "generate_load_data"
BATCH_SIZE = 2000
PEOPLE_PER_MUNICIPALITY = 8
# Dates are read relative to the month of the seed's programme-leader meeting, so that the same
# seed gives the same data on any day.
ANCHOR = date(2024, 11, 1)

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


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    seconds: float


def clear() -> dict[str, int]:
    """Remove what an earlier run made (and only that): each area's rows first, then the people."""
    deleted: dict[str, int] = {}
    for area in reversed(areas.areas()):
        if area.clear_load_data:
            deleted |= area.clear_load_data()
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
    table: dict[str, str | int | None] = {"æ": "ae", "ø": "oe", "å": "aa", " ": "."}
    return text.lower().translate(str.maketrans(table))


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
    user_of = {m.pk: u for m, u in zip(chosen, users, strict=True)}  # bulk_create keeps the order
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
        assert person.municipality_id is not None  # every new person is made in a municipality
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

    context = LoadContext(
        rng=rng,
        tasks=tasks,
        municipalities=chosen,
        roles=roles,
        users=user_of,
        people=people,
        holders=holders,
        now=timezone.now(),
        anchor=ANCHOR,
        prefix=PREFIX,
        batch_size=BATCH_SIZE,
    )
    counts = {
        "municipalities": len(chosen),
        "users": len(users),
        "people": len(new_people),
        "role assignments": len(role_assignments),
    }
    for area in areas.areas():
        if area.load_data:
            counts |= area.load_data(context)
    return Summary(counts=counts, seconds=time.monotonic() - started)
