"""The meetings' mails through the outbox (kombitportal/notifications/registry.py): a meeting's
summary to every registered programme leader, and an idea for the next meeting to KOMBIT's
programme-leader mailbox. The outbox row's subject key names the meeting (and the idea)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kombitportal.notifications.registry import MailContent, MailKind, NotDue
from meetings import services
from meetings.models import Idea, Meeting


def _ids(subject_key: str) -> list[int]:
    return [int(part) for part in subject_key.split(":") if part.isdigit()]


def summary_content(mail, today: date) -> MailContent | NotDue:
    ids = _ids(mail.subject_key)
    meeting = Meeting.objects.filter(pk=ids[0]).first() if ids else None
    if meeting is None or not meeting.summary.strip():
        return NotDue("the meeting or its summary is gone")
    return MailContent(
        template="meetings/mail/summary",
        context={
            "meeting": meeting,
            "url": reverse("meetings:detail", args=[meeting.pk]),
            "slides_url": reverse("meetings:slides", args=[meeting.pk]) if meeting.slides else "",
        },
    )


def idea_content(mail, today: date) -> MailContent | NotDue:
    ids = _ids(mail.subject_key)
    idea = (
        Idea.objects.select_related("meeting", "municipality").filter(pk=ids[1]).first()
        if len(ids) == 2
        else None
    )
    if idea is None:
        return NotDue("the idea is gone")
    return MailContent(
        template="meetings/mail/idea",
        context={"idea": idea, "url": reverse("meetings:inbox")},
    )


KINDS = (
    MailKind(services.SUMMARY, _("Meeting summary"), summary_content),
    MailKind(services.IDEA, _("Idea for the next meeting"), idea_content),
)
