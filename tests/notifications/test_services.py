"""The outbox: sweeps add each mail once, a send delivers it once to a real (local) SMTP server, a
refusal is retried with backoff and ends as failed with the reason, KOMBIT can resend, and the mail
itself is Danish HTML + text with links into the portal and a line saying why."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone

from klik import services as klik_services
from kombitportal.notifications import services
from kombitportal.notifications.models import Mail
from tests.notifications.conftest import DAY, assignment_of

pytestmark = pytest.mark.django_db


def deliver_all() -> dict[str, int]:
    states: dict[str, int] = {}
    for pk in Mail.objects.order_by("pk").values_list("pk", flat=True):
        state = services.mail_deliver(mail_id=pk).state
        states[state] = states.get(state, 0) + 1
    return states


def test_sweeps_add_each_mail_once_and_queue_it_on_commit(
    world, agreement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.reminders_sweep(day=DAY)
    assert first.added == first.due == 10  # 4 tasks × Sofie and Ole, Bo's task, Sofie's agreement
    assert len(callbacks) == 1  # one on_commit that queues a send per row
    second = services.reminders_sweep(day=DAY)
    # Nothing new, and nothing queued again: the first sweep's tasks are on their way.
    assert (second.due, second.added, second.queued) == (10, 0, 0)
    assert Mail.objects.count() == 10
    assert Mail.objects.values("person", "subject_key", "due_date").distinct().count() == 10


def test_send_delivers_once_to_the_smtp_server(world, agreement, smtp):
    services.reminders_sweep(day=DAY)
    assert deliver_all() == {"sent": 10}
    assert deliver_all() == {"sent": 10}  # sent rows are left alone
    services.reminders_sweep(day=DAY)  # and a later sweep adds nothing
    assert deliver_all() == {"sent": 10}
    assert len(smtp.accepted) == 10
    assert set(smtp.handler.by_message_id.values()) == {1}
    assert Mail.objects.filter(state="sent", attempts=1, sent_at__isnull=False).count() == 10


def test_task_reminder_content(world, people, smtp, aarhus):
    services.reminders_sweep(day=DAY)
    pk = assignment_of(world["in7"], aarhus).pk
    row = Mail.objects.get(person=people["ole"], subject_key=f"task:{pk}:before:7")
    services.mail_deliver(mail_id=row.pk)
    (message,) = [
        m for m in smtp.accepted if m["To"] == "ole@aarhus.example.dk" and "in7" in m["Subject"]
    ]
    assert message["Subject"] == "Om 7 dage: in7 Opgave in7"
    assert message["Message-ID"].startswith(f"<outbox-{row.pk}.")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] == "<https://programleder.example.dk/profil/>"
    text, html = (
        part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart()
    )
    link = f"https://programleder.example.dk/klik/{pk}/"
    assert link in text and f'href="{link}"' in html
    assert "Kære Ole Dam" in text and "12.12.2024" in text and "Aarhus" in text
    assert "fordi du er udfører på opgaven" in text  # why Ole gets it
    assert "https://programleder.example.dk/profil/" in text
    assert '<html lang="da">' in html
    row.refresh_from_db()
    assert row.subject == "Om 7 dage: in7 Opgave in7"


def test_overdue_and_responsible_wording(world, people, smtp, aarhus):
    services.reminders_sweep(day=DAY)
    pk = assignment_of(world["yesterday"], aarhus).pk
    row = Mail.objects.get(person=people["sofie"], subject_key=f"task:{pk}:overdue")
    services.mail_deliver(mail_id=row.pk)
    (message,) = smtp.accepted
    assert message["Subject"] == "Overskredet: yester Opgave yesterday"
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert "fordi du er ansvarlig for opgaven" in text


def test_agreement_reminder_content(agreement, people, smtp):
    services.reminders_sweep(day=DAY)
    row = Mail.objects.get(kind="agreement_before")
    services.mail_deliver(mail_id=row.pk)
    (message,) = smtp.accepted
    assert message["Subject"] == "Skal underskrives om 7 dage: SVR dataudvekslingsaftale"
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert f"https://programleder.example.dk/aftaler/{agreement.pk}/" in text
    assert "Aarhus har endnu ikke underskrevet" in text


def test_a_task_solved_before_the_send_is_not_mailed(world, people, smtp, aarhus):
    services.reminders_sweep(day=DAY)
    assignment = assignment_of(world["in7"], aarhus)
    klik_services.assignment_set_status(assignment=assignment, status="solved")
    states = {
        services.mail_deliver(mail_id=m.pk).state
        for m in Mail.objects.filter(subject_key__startswith=f"task:{assignment.pk}:")
    }
    assert states == {"skipped"}
    assert not [m for m in smtp.accepted if "in7" in m["Subject"]]
    assert set(
        Mail.objects.filter(subject_key__startswith=f"task:{assignment.pk}:").values_list(
            "last_error", flat=True
        )
    ) == {"the task is no longer open"}


def test_a_claim_in_progress_is_left_alone_and_a_stale_one_is_picked_up(world, smtp, settings):
    services.reminders_sweep(day=DAY)
    row = Mail.objects.order_by("pk").first()
    Mail.objects.filter(pk=row.pk).update(state="sending", claimed_at=timezone.now(), attempts=1)
    assert services.mail_deliver(mail_id=row.pk).state == "sending"  # another worker has it
    assert not smtp.accepted
    assert row.pk not in _pumped()
    # The worker that claimed it died: after MAIL_SEND_CLAIM_TIMEOUT the pump queues it again.
    Mail.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.MAIL_SEND_CLAIM_TIMEOUT + 1)
    )
    assert row.pk in _pumped()
    assert services.mail_deliver(mail_id=row.pk).state == "sent"
    row.refresh_from_db()
    assert row.attempts == 2 and len(smtp.accepted) == 1


def _pumped() -> list[int]:
    """The rows the periodic pump would queue now (its on_commit never runs inside a test's
    transaction)."""
    return services.outbox_pump()


def test_the_pump_queues_rows_left_behind(world, settings):
    services.reminders_sweep(day=DAY)
    rows = list(Mail.objects.order_by("pk").values_list("pk", flat=True))
    assert _pumped() == []  # just queued by the sweep: their tasks are on the way
    old = timezone.now() - timedelta(seconds=settings.MAIL_SEND_CLAIM_TIMEOUT + 1)
    Mail.objects.filter(pk__in=rows[:3]).update(created_at=old)
    assert _pumped() == rows[:3]  # nobody took them: their messages were lost
    Mail.objects.filter(pk=rows[3]).update(next_attempt_at=timezone.now())
    assert _pumped() == rows[:4]  # a retry that is due


def test_temporary_refusal_is_retried_with_backoff_then_fails_with_the_reason(
    world, smtp, settings
):
    settings.MAIL_MAX_ATTEMPTS = 3
    services.reminders_sweep(day=DAY)
    row = Mail.objects.order_by("pk").first()
    smtp.handler.reply = "451 4.3.0 Try again later"
    first = services.mail_deliver(mail_id=row.pk)
    row.refresh_from_db()
    assert (first.state, first.retry_in, row.state, row.attempts) == ("queued", 60, "queued", 1)
    assert "451" in row.last_error and row.next_attempt_at > timezone.now()
    # Not before its time ...
    assert services.mail_deliver(mail_id=row.pk).retry_in > 0
    row.refresh_from_db()
    assert row.attempts == 1
    # ... then again (backoff doubles), and at the last attempt it is failed, with the reason.
    Mail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert services.mail_deliver(mail_id=row.pk).retry_in == 120
    Mail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert services.mail_deliver(mail_id=row.pk).state == "failed"
    row.refresh_from_db()
    assert row.state == "failed" and row.attempts == 3 and "Try again later" in row.last_error
    assert not smtp.accepted


def test_permanent_refusal_fails_at_once_and_kombit_can_resend(world, smtp, kombit_user):
    services.reminders_sweep(day=DAY)
    row = Mail.objects.order_by("pk").first()
    smtp.handler.reply = "550 5.1.1 Mailbox unavailable"
    assert services.mail_deliver(mail_id=row.pk).state == "failed"
    row.refresh_from_db()
    assert row.attempts == 1 and "550" in row.last_error
    smtp.handler.reply = "250 OK"
    assert services.mail_resend(mail_ids=[row.pk], actor=kombit_user) == 1
    assert services.mail_resend(mail_ids=[row.pk], actor=kombit_user) == 0  # not failed any more
    assert services.mail_deliver(mail_id=row.pk).state == "sent"
    assert len(smtp.accepted) == 1


def test_smtp_server_down_is_a_temporary_failure(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    services.reminders_sweep(day=DAY)
    row = Mail.objects.order_by("pk").first()
    assert services.mail_deliver(mail_id=row.pk).state == "queued"
    row.refresh_from_db()
    assert row.last_error.startswith("ConnectionRefusedError")


def test_digest_is_sent_when_it_has_something_and_never_when_empty(
    world, people, user_a, user_b, smtp
):
    from kombitportal.accounts.services import person_for_user

    ole = people["ole"]
    from kombitportal.accounts.models import User

    ole_user = User.objects.create_user(
        "serial-ole", full_name="Ole Dam", email=ole.email,
        portal_role=User.PortalRole.MEDARBEJDER, municipality=ole.municipality,
    )  # fmt: skip
    assert person_for_user(ole_user) == ole
    person_for_user(user_a)  # Anna, programme leader of Aarhus: nothing to report in her digest
    result = services.digests_sweep(day=DAY)
    assert result.added == 2
    states = deliver_all()
    assert states == {"sent": 1, "skipped": 1}
    (message,) = smtp.accepted
    assert message["To"] == "ole@aarhus.example.dk"
    assert message["Subject"] == "Din uge i programlederportalen (uge 49, Aarhus)"
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert "Forfaldne opgaver" in text and "Forfalder inden for 14 dage" in text
    assert Mail.objects.get(state="skipped").last_error == "nothing to report this week"


def test_send_due_mail_command(world, agreement, smtp, capsys):
    call_command("send_due_mail", "--date", "2024-12-05", "--send-now")
    out = capsys.readouterr().out
    assert "reminders for 2024-12-05: 10 due, 10 new in the outbox, 10 queued for sending" in out
    assert "sent from this process: {'sent': 10}" in out
    call_command("send_due_mail", "--date", "2024-12-05", "--send-now")
    out = capsys.readouterr().out
    assert "10 due, 0 new in the outbox, 0 queued" in out
    assert len(smtp.accepted) == 10


def test_send_due_mail_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_due_mail", "--date", "5/12/2024")


def test_locmem_backend_counts_too(world, settings):
    """Under `make run` mail goes to the console or a file; any Django backend works."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.reminders_sweep(day=DAY)
    assert deliver_all() == {"sent": 9}
    assert len(django_mail.outbox) == 9


def test_subjects_are_text_not_html(world, people, smtp, aarhus):
    """A title with & and < is written as it is in the subject (mail subjects are not HTML), and
    escaped in the HTML part."""
    task = world["in7"]
    task.title = "Ret <fejl> & mangler"
    task.save()
    services.reminders_sweep(day=DAY)
    pk = assignment_of(task, aarhus).pk
    row = Mail.objects.get(person=people["ole"], subject_key=f"task:{pk}:before:7")
    services.mail_deliver(mail_id=row.pk)
    (message,) = [m for m in smtp.accepted if m["To"] == "ole@aarhus.example.dk"]
    assert message["Subject"] == "Om 7 dage: in7 Ret <fejl> & mangler"
    html = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/html"
    )
    assert "Ret &lt;fejl&gt; &amp; mangler" in html
