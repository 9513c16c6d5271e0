"""Turns an outbox row into the mail itself: Danish, HTML with a plain-text part, links straight into
the portal, and a line saying why the person gets it. The area that sent the row says what it
holds (its MailKind's content); a row no longer due (the task was solved, the deadline moved, the
agreement was signed, the digest is empty) gives a NotDue with the reason instead."""

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kombitportal.notifications import registry
from kombitportal.notifications.models import Mail
from kombitportal.notifications.registry import MailContent, NotDue


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
        content = _content(mail, today=mail.send_on)
        if isinstance(content, NotDue):
            return content
        context = content.context | {
            "base_url": base_url(),
            "mail": mail,
            "profile_url": reverse("profile"),
        }
        subject = " ".join(render_to_string(f"{content.template}_subject.txt", context).split())
        text = render_to_string(f"{content.template}.txt", context)
        html = render_to_string(f"{content.template}.html", context)
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


def _content(mail: Mail, *, today: date) -> MailContent | NotDue:
    kind = registry.mail_kind(mail.kind)
    if kind is None:
        return NotDue(f"no area sends mail of the kind {mail.kind!r}")
    return kind.content(mail, today)
