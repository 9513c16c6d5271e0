"""Turns an outbox row into the mail itself: Danish, HTML with a plain-text part, links straight into
the portal, and a line saying why the person gets it. Returns a reason instead when the mail is no
longer due (the task was solved, the deadline moved, the agreement was signed, the digest is empty)."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from klik.models import TaskAssignment
from klik.selectors import OPEN_STATUSES
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.notifications import selectors
from kombitportal.notifications.models import Mail


@dataclass(frozen=True)
class NotDue:
    reason: str


def base_url() -> str:
    return settings.PORTAL_BASE_URL or settings.MAIL_FALLBACK_BASE_URL


def message_id(mail: Mail) -> str:
    """Stable per outbox row: a resend after a crash carries the same Message-ID, so a mail system
    that sees both can tell they are one mail."""
    domain = urlsplit(base_url()).hostname or "programlederportal.invalid"
    return f"<outbox-{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"


def build(mail: Mail) -> EmailMultiAlternatives | NotDue:
    """The mail as of the day the sweep found it due (`mail.send_on`), if it still is."""
    with translation.override("da"):
        built = _content(mail, today=mail.send_on)
        if isinstance(built, NotDue):
            return built
        template, context = built
        context |= {"base_url": base_url(), "mail": mail, "profile_url": reverse("profile")}
        subject = " ".join(
            render_to_string(f"notifications/mail/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"notifications/mail/{template}.txt", context)
        html = render_to_string(f"notifications/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[mail.email],
        headers={
            "Message-ID": message_id(mail),
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "List-Unsubscribe": f"<{base_url()}{reverse('profile')}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _content(mail: Mail, *, today: date) -> tuple[str, dict] | NotDue:
    if mail.kind in (Mail.Kind.TASK_BEFORE, Mail.Kind.TASK_OVERDUE):
        assignment = (
            TaskAssignment.objects.select_related("task__project", "municipality", "responsible")
            .filter(pk=mail.assignment_id)
            .first()
        )
        if assignment is None or assignment.status not in OPEN_STATUSES:
            return NotDue("the task is no longer open")
        if assignment.task.end_date != mail.due_date or assignment.task.end_precision != "day":
            return NotDue("the task's end date has changed")
        days_left = (mail.due_date - today).days
        return "task_reminder", {
            "assignment": assignment,
            "task": assignment.task,
            "overdue": mail.kind == Mail.Kind.TASK_OVERDUE,
            "days_left": days_left,
            "days_over": -days_left,
            "as_responsible": assignment.responsible_id == mail.person_id,
            "url": reverse("klik:detail", args=[assignment.pk]),
        }
    if mail.kind == Mail.Kind.AGREEMENT_BEFORE:
        agreement = (
            Agreement.objects.select_related("solution").filter(pk=mail.agreement_id).first()
        )
        if agreement is None or agreement.deadline_date != mail.due_date:
            return NotDue("the agreement's deadline has changed")
        if Signature.objects.filter(
            agreement=agreement, municipality=mail.municipality_id
        ).exists():
            return NotDue("the municipality has signed")
        return "agreement_reminder", {
            "agreement": agreement,
            "municipality": mail.municipality,
            "days_left": (mail.due_date - today).days,
            "url": reverse("agreements:detail", args=[agreement.pk]),
        }
    person = mail.person
    digest = selectors.digest_for(person=person, day=today)
    if digest.is_empty:
        return NotDue("nothing to report this week")
    return "digest", {"digest": digest, "person": person, "week": mail.due_date.isocalendar()[1]}
