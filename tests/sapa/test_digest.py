"""SAPA's part of the weekly digest: the steps of "Kommende opgaver" the municipality has not done,
overdue first, for the people the steps are for (its programme leaders and the holders of the
roles its agreements go to) — not for everyone in the municipality."""

from datetime import date

import pytest
from django.core.management import call_command

from kombitportal.accounts.models import User
from kombitportal.accounts.services import person_for_user
from kombitportal.agreements import services as agreement_services
from kombitportal.agreements.models import Agreement
from kombitportal.core import services as core_services
from kombitportal.core.models import Role
from kombitportal.notifications import selectors as notification_selectors
from kombitportal.notifications.mail import build
from kombitportal.notifications.models import Mail
from kombitportal.notifications.registry import DIGEST

pytestmark = pytest.mark.django_db
BEFORE, AFTER = date(2024, 11, 26), date(2024, 12, 9)  # either side of "Deadline 6. dec"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def sapa_part(person, day):
    digest = notification_selectors.digest_for(person=person, day=day)
    found = [s for s in digest.sections if s.template == "sapa/mail/digest_steps"]
    return found[0].context["steps"] if found else None


def test_the_programme_leader_is_told_what_is_left_overdue_first(demo, user_a, aarhus):
    leader = person_for_user(user_a)
    steps = sapa_part(leader, BEFORE)
    assert [(s.what[:30], s.when) for s in steps][:3] == [
        ("Underskriv aftale – mellem dat", "Deadline 6. dec"),
        ("Underskriv aftale – snæver dat", "Deadline 6. dec"),
        ("Opret og underskriv aftale for", "Primo januar"),
    ]
    assert len(steps) == 6 and not any(s.overdue for s in steps)
    assert steps[0].state == "Venter på jeres underskrift"
    assert steps[0].url_path.startswith("/aftaler/")

    snaever = Agreement.objects.get(title__startswith="Abonnementsaftale – snæver")
    agreement_services.agreement_sign(
        agreement=snaever, municipality=aarhus, signed_on=date(2024, 11, 20),
        signer_name="Anna Aarhus", document=None, actor=user_a,
    )  # fmt: skip
    late = sapa_part(leader, AFTER)
    assert len(late) == 5  # the signed one is gone
    # After 6 December the unsigned agreement and the training ("Uge 49") come first, overdue.
    assert [(s.what.split()[0], s.overdue) for s in late] == [
        ("Underskriv", True),
        ("Oplær", True),
        ("Opret", False),
        ("Opret", False),
        ("Opret", False),
    ]


def test_an_employee_without_a_sapa_role_gets_no_sapa_part(demo, staff_a, aarhus):
    employee = person_for_user(staff_a)
    assert sapa_part(employee, BEFORE) is None
    # Holding the role the subscription agreements are sent to makes the steps theirs.
    core_services.role_assignment_set(
        role=Role.objects.get(name="Selvstændig projektleder"), municipality=aarhus,
        person=employee,
    )  # fmt: skip
    assert len(sapa_part(employee, BEFORE)) == 6


def test_the_digest_mail_reads_the_steps(demo, user_a):
    leader = person_for_user(user_a)
    mail = Mail.objects.create(
        person=leader, email=leader.email, kind=DIGEST, subject_key=DIGEST,
        due_date=date(2024, 11, 25), send_on=BEFORE, municipality=leader.municipality,
    )  # fmt: skip
    message = build(mail)
    text, (html, _type) = message.body, message.alternatives[0]
    assert "SAPA: det mangler jeres kommune at gøre" in text
    assert "- Underskriv aftale – mellem dataadgang, Deadline 6. dec: Venter på jeres" in text
    assert "/sapa/#steps-heading" in html


def test_kombit_users_get_no_digest_of_it(demo, kombit_user):
    assert kombit_user.portal_role == User.PortalRole.KOMBIT
    assert sapa_part(person_for_user(kombit_user), BEFORE) is None


@pytest.mark.parametrize("signed", [0, 40])
def test_the_sapa_part_runs_a_fixed_number_of_queries(
    demo, signed, user_a, kombit_user, django_assert_num_queries
):
    from kombitportal.core.models import Municipality, Person
    from sapa import mail

    mellem = Agreement.objects.get(title__startswith="Abonnementsaftale – mellem")
    for m in Municipality.objects.exclude(code="0751").order_by("code")[:signed]:
        agreement_services.agreement_sign(
            agreement=mellem, municipality=m, signed_on=date(2024, 11, 20), signer_name="X",
            document=None, actor=kombit_user,
        )  # fmt: skip
    person = Person.objects.get(pk=person_for_user(user_a).pk)
    # The person's user and municipality, the steps with their agreements, KLIK tasks and
    # signatures.
    with django_assert_num_queries(5):
        section = mail.digest_section(person=person, day=BEFORE)
    assert section is not None and section.count == 6  # the others' signatures are not Aarhus's
