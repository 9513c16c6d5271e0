"""Meetings: the seed's meeting from load_demo (twice: nothing new), the checklist ticked only by a
municipality's own programme leader (whatever the form says), "Publicér resumé" once per
programme leader whatever happens to the worker, ideas to KOMBIT's mailbox through the outbox,
the satisfaction question once a quarter, and the pages' pinned queries at two sizes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kombitportal.core import services as core_services
from kombitportal.core.models import AuditEvent, Municipality, Role
from kombitportal.notifications import services as outbox
from kombitportal.notifications.models import Mail
from meetings import selectors, services
from meetings.models import (
    Advisory,
    AgendaItem,
    ChecklistTick,
    Idea,
    Meeting,
    OnboardingLink,
    OnboardingSection,
    SatisfactionAnswer,
)

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def make_meeting(title="Møde", tasks=2, summary="Kort resumé") -> Meeting:
    meeting = Meeting.objects.create(
        title=title, starts_at=datetime(2024, 11, 26, 9, 30, tzinfo=CPH), summary=summary
    )
    for position in range(1, tasks + 1):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=f"Punkt {position}", task=f"Opgave {position}"
        )
    return meeting


def deliver(ids=None) -> None:
    """What the worker does with the queued send tasks (the tests have no broker)."""
    for pk in ids if ids is not None else Mail.objects.order_by("pk").values_list("pk", flat=True):
        outbox.mail_deliver(mail_id=pk)


def leaders(n: int) -> list:
    """n registered programme leaders: holders of the programme-leader role in n municipalities."""
    role, _ = Role.objects.get_or_create(
        name=services.PROGRAMME_LEADER_ROLE, defaults={"kind": "general", "status": "published"}
    )
    people = []
    for municipality in Municipality.objects.order_by("code")[:n]:
        person = core_services.person_upsert(
            name=f"Leder {municipality.name}",
            email=f"leder@m{municipality.code}.example.dk",
            municipality=municipality,
        )
        core_services.role_assignment_set(
            role=role, municipality=municipality, person=person, is_primary=True
        )
        people.append(person)
    return people


def test_load_demo_holds_the_seed_s_meeting_and_twice_changes_nothing(settings):
    call_command("load_demo")
    meeting = Meeting.objects.get()
    items = list(meeting.items.order_by("position").prefetch_related("presenters"))
    assert [i.title for i in items] == [
        "Velkommen, program og praktik",
        "Kort nyt fra KOMBIT",
        "KommuneCERT",
        "Status på Context Handler 2 og SAPA",
        "Lær KOMBIT at kende",
        "Tak for i dag",
    ]
    assert {p.name for p in items[3].presenters.all()} == {
        "Rasmus Halkjær Iversen",
        "Morten Balstrup",
    }
    mille = items[2].presenters.get()
    assert (mille.name, mille.title, mille.email) == (
        "Mille Østerlund",
        "Chef for Cyberservices",
        "MIO@kombit.dk",
    )
    assert "Digitaliseringschef" in items[2].task
    assert "support-oversigten" in items[4].task
    assert "videoerne" in items[1].task
    assert items[1].page == AgendaItem.Page.NEWS and meeting.is_demo
    events = AuditEvent.objects.count()
    call_command("load_demo")
    assert AuditEvent.objects.count() == events
    assert Meeting.objects.count() == 1 and AgendaItem.objects.count() == 6


def test_a_programme_leader_ticks_and_unticks_with_an_audit_row(user_a, aarhus):
    item = make_meeting().items.first()
    services.checklist_tick_set(
        item=item, municipality=aarhus, done=True, note=" Sendt ", actor=user_a
    )
    tick = ChecklistTick.objects.get()
    assert (tick.done, tick.note, tick.changed_by) == (True, "Sendt", user_a)
    services.checklist_tick_set(
        item=item, municipality=aarhus, done=False, note="Sendt", actor=user_a
    )
    services.checklist_tick_set(
        item=item, municipality=aarhus, done=False, note="Sendt", actor=user_a
    )
    events = list(
        AuditEvent.objects.filter(action__startswith="meetings.tick")
        .order_by("pk")
        .values_list("action", "changes", "municipality_id")
    )
    assert events == [
        ("meetings.tick.create", {"done": ["False", "True"], "note": ["", "Sendt"]}, aarhus.pk),
        ("meetings.tick.change", {"done": ["True", "False"]}, aarhus.pk),
    ]


def test_nobody_ticks_another_municipality_s_checklist(user_a, staff_a, kombit_user, odense):
    item = make_meeting().items.first()
    for actor in (user_a, staff_a, kombit_user):
        with pytest.raises(PermissionDenied):
            services.checklist_tick_set(
                item=item, municipality=odense, done=True, note="", actor=actor
            )
    assert not ChecklistTick.objects.exists()


def test_the_tick_view_ticks_only_the_user_s_own_municipality(client_for, user_a, aarhus, odense):
    item = make_meeting().items.first()
    response = client_for(user_a).post(
        f"/moeder/punkter/{item.pk}/tjek/?kommune=0461",
        {"done": "on", "note": "x", "municipality": odense.pk, "kommune": "0461"},
    )
    assert response.status_code == 302
    assert list(ChecklistTick.objects.values_list("municipality_id", "done")) == [(aarhus.pk, True)]


def test_a_too_long_note_is_a_message_not_an_error(client_for, user_a):
    item = make_meeting().items.first()
    response = client_for(user_a).post(
        f"/moeder/punkter/{item.pk}/tjek/", {"done": "on", "note": "x" * 501}, follow=True
    )
    assert response.status_code == 200
    assert "500" in response.content.decode()
    assert not ChecklistTick.objects.exists()


def test_kombit_sees_per_item_which_municipalities_have_done_it(user_a, user_b, kombit_user):
    meeting = make_meeting()
    first = meeting.items.order_by("position").first()
    for user in (user_a, user_b):
        services.checklist_tick_set(
            item=first, municipality=user.municipality, done=True, note="", actor=user
        )
    page = selectors.meeting_page(user=kombit_user, meeting=meeting)
    assert page.items[0].done == ["Aarhus", "Odense"]
    assert page.items[1].done == []
    own = selectors.meeting_page(user=user_b, meeting=meeting)
    assert own.items[0].own_tick.municipality == user_b.municipality and own.items[0].done == []


def test_publish_mails_every_programme_leader_once(kombit_user):
    meeting = make_meeting()
    people = leaders(3)
    result = services.summary_publish(meeting=meeting, actor=kombit_user)
    assert result.added == 3
    deliver()
    assert sorted(m.to[0] for m in django_mail.outbox) == sorted(p.email for p in people)
    assert "Kort resumé" in django_mail.outbox[0].body
    again = services.summary_publish(meeting=meeting, actor=kombit_user)
    deliver()
    assert again.added == 0 and len(django_mail.outbox) == 3
    assert set(Mail.objects.values_list("state", flat=True)) == {"sent"}
    actions = list(
        AuditEvent.objects.filter(action="meetings.summary.publish")
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert actions == ["", "published again"]
    page = selectors.meeting_page(user=kombit_user, meeting=meeting)
    assert {r.name for r in page.recipients} == {p.name for p in people} and page.sent_count == 3


def test_a_worker_dying_mid_batch_leaves_each_leader_one_mail(kombit_user, settings):
    """The in-process form of tests/notifications/test_worker_crash.py (which needs Redis and
    PostgreSQL; see test_summary_worker_crash.py): one mail sent, one claimed by a worker that
    died before SMTP answered, the rest never picked up; publishing again and the outbox's pump
    after the claim timeout send each of the others once and the first one not again."""
    meeting = make_meeting()
    leaders(4)
    services.summary_publish(meeting=meeting, actor=kombit_user)  # the broker lost the tasks
    rows = list(Mail.objects.order_by("pk"))
    assert len(rows) == 4
    outbox.mail_deliver(mail_id=rows[0].pk)  # sent before the worker died
    stale = timezone.now() - timedelta(seconds=settings.MAIL_SEND_CLAIM_TIMEOUT + 1)
    Mail.objects.filter(pk=rows[1].pk).update(state="sending", claimed_at=stale, attempts=1)
    assert services.summary_publish(meeting=meeting, actor=kombit_user).added == 0  # twice
    later = timezone.now() + timedelta(seconds=settings.MAIL_SEND_CLAIM_TIMEOUT + 1)
    queued = outbox.outbox_pump(now=later)
    assert queued == [r.pk for r in rows[1:]]  # the dead worker's claim and the lost ones
    deliver(queued + queued)  # a redelivered task sends nothing twice
    sent = [m.to[0] for m in django_mail.outbox]
    assert len(sent) == 4 == len(set(sent))
    assert Mail.objects.count() == 4
    assert set(Mail.objects.values_list("state", flat=True)) == {"sent"}


def test_publish_without_a_summary_is_refused_in_danish(kombit_user, client_for):
    meeting = make_meeting(summary="")
    leaders(1)
    response = client_for(kombit_user).post(f"/moeder/{meeting.pk}/publicer-resume/", follow=True)
    assert response.status_code == 200
    assert "Skriv resuméet, før det publiceres." in response.content.decode()
    assert not Mail.objects.exists()


def test_an_idea_is_kept_and_mailed_to_kombit_s_mailbox(user_a, kombit_user):
    meeting = make_meeting()
    idea = services.idea_send(meeting=meeting, text=" Mere om FKI ", actor=user_a)
    deliver()
    assert (idea.text, idea.municipality, idea.sender_name) == (
        "Mere om FKI",
        user_a.municipality,
        "Anna Aarhus",
    )
    assert [m.to for m in django_mail.outbox] == [["programleder@kombit.dk"]]
    assert "Mere om FKI" in django_mail.outbox[0].body
    assert AuditEvent.objects.filter(action="meetings.idea.send", object_id=str(idea.pk)).exists()
    assert selectors.meeting_page(user=user_a, meeting=meeting).own_ideas == [idea]
    assert list(selectors.inbox()) == [idea]


def test_an_empty_idea_gets_a_danish_message(client_for, user_a):
    meeting = make_meeting()
    response = client_for(user_a).post(f"/moeder/{meeting.pk}/ideer/", {"text": "   "})
    assert response.status_code == 200
    assert "Skriv din idé eller dit spørgsmål, før du sender." in response.content.decode()
    assert not Idea.objects.exists()


def test_the_satisfaction_question_once_a_quarter(user_a, settings, client_for):
    settings.PORTAL_TODAY = datetime(2024, 11, 26).date()
    client = client_for(user_a)
    assert "portal-satisfaction" in client.get("/").content.decode()
    response = client.post("/tilfredshed/", {"score": "4", "comment": "Fint", "next": "/klik/"})
    assert response["Location"] == "/klik/"
    assert "portal-satisfaction" not in client.get("/").content.decode()
    client.post("/tilfredshed/", {"score": "1"})
    assert list(SatisfactionAnswer.objects.values_list("quarter", "score", "comment")) == [
        ("2024Q4", 4, "Fint")
    ]
    assert AuditEvent.objects.filter(action="meetings.satisfaction.answer").count() == 1
    settings.PORTAL_TODAY = datetime(2025, 1, 2).date()
    assert "portal-satisfaction" in client.get("/").content.decode()
    client.post("/tilfredshed/", {"dismiss": "1"})
    assert SatisfactionAnswer.objects.filter(quarter="2025Q1", score=None).exists()
    results = selectors.satisfaction_results()
    assert (results.count, results.mean, results.dismissed) == (1, 4.0, 1)


def test_a_score_outside_1_to_5_is_a_message(user_a, client_for):
    response = client_for(user_a).post("/tilfredshed/", {"score": "9"}, follow=True)
    assert response.status_code == 200
    assert not SatisfactionAnswer.objects.exists()


def test_advisories_for_the_solutions_a_municipality_uses(user_a, user_b, kombit_user):
    call_command("load_demo")
    aarhus = selectors.advisories(user=user_a, municipality=user_a.municipality)
    assert [a.title for a in aarhus.advisories] == [
        "Demo: Certifikatskifte på Context Handler 2 og Security Token Service 2"
    ]
    odense = selectors.advisories(user=user_b, municipality=user_b.municipality)
    assert len(odense.advisories) == 2  # Odense holds Aula's and FKI's roles
    assert len(selectors.advisories(user=kombit_user, municipality=None).advisories) == 2


PINS = {
    "/moeder/": 4,
    "/moeder/ideer/": 4,
    "/laer-kombit-at-kende/": 4,
    "/kommunecert/": 4,
    "/tilfredshed/resultater/": 6,
}
# The municipality's solutions are one query more on /kommunecert/.
MUNICIPAL_PINS = {"/moeder/": 4, "/laer-kombit-at-kende/": 4, "/kommunecert/": 5}


def _count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [1, 12])
def test_the_meeting_page_has_a_fixed_number_of_queries(
    size, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    meeting = make_meeting(tasks=size)
    municipalities = list(Municipality.objects.order_by("code")[:size])
    for item in meeting.items.all():
        for municipality in municipalities:
            ChecklistTick.objects.create(item=item, municipality=municipality, done=True)
    leaders(size)
    services.summary_publish(meeting=meeting, actor=kombit_user)
    for i in range(size):
        Idea.objects.create(meeting=meeting, sender=user_a, sender_name="A", text=f"Idé {i}")
    kombit, municipal = client_for(kombit_user), client_for(user_a)
    kombit.get("/")  # the session and the user's layout, read once
    municipal.get("/")
    with django_assert_num_queries(8):
        kombit.get(f"/moeder/{meeting.pk}/")
    with django_assert_num_queries(7):
        municipal.get(f"/moeder/{meeting.pk}/")


@pytest.mark.parametrize("size", [1, 30])
def test_the_lists_have_a_fixed_number_of_queries(
    size, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    call_command("load_demo")
    section = OnboardingSection.objects.first()
    for i in range(size):
        meeting = make_meeting(title=f"Møde {i}")
        Idea.objects.create(meeting=meeting, sender=user_a, sender_name="A", text=f"Idé {i}")
        OnboardingLink.objects.create(section=section, title=f"Link {i}", url="/roller/")
        advisory = Advisory.objects.create(
            title=f"Advarsel {i}", published_on=date(2024, 11, 1), severity="low", body="Tekst"
        )
        if i % 2:  # every other one for a solution Aarhus uses, the rest for everyone
            advisory.solutions.set(
                Advisory.objects.get(title__startswith="Demo: Certifikat").solutions.all()
            )
    client = client_for(kombit_user)
    client.get("/")
    counts = {path: _count_queries(client, path) for path in PINS}
    assert counts == PINS
    # What a municipality sees: its own checklist and the advisories for its solutions.
    client = client_for(user_a)
    client.get("/")
    counts = {path: _count_queries(client, path) for path in MUNICIPAL_PINS}
    assert counts == MUNICIPAL_PINS
