"""Context Handler's mail: reminders of a certificate change to the holders of its recipient roles
(the infrastructure-responsible) in each municipality that has not ticked both steps for every
IdP — before the change at the outbox's offsets, and after it once a week until they have, for
eight weeks. Plugged into the outbox in ContexthandlerConfig.ready()."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contexthandler.models import Rollover, RolloverCheck
from kombitportal.core.models import RoleAssignment
from kombitportal.notifications.models import Mail
from kombitportal.notifications.registry import Due, MailContent, MailKind, NotDue, ReminderSource
from kombitportal.notifications.selectors import offset_for, reminder_horizon

BEFORE, AFTER = "rollover_before", "rollover_after"
WEEKS_AFTER = 8
OPEN = Q(trust_at__isnull=True) | Q(metadata_at__isnull=True)


def subject_key(rollover_id: int, municipality_id: int, when: str) -> str:
    """`rollover:<change>:<municipality>:before:<days>` or `…:after:<ISO week>`."""
    return f"rollover:{rollover_id}:{municipality_id}:{when}"


def due_reminders(day: date) -> list[Due]:
    """The municipalities with open checklists for a change within the reminder horizon or in
    the weeks after it, and who in each holds the change's recipient roles. Three queries."""
    start = timezone.make_aware(datetime.combine(day - timedelta(weeks=WEEKS_AFTER), time.min))
    end = start + timedelta(weeks=WEEKS_AFTER, days=reminder_horizon() + 1)
    rollovers = {
        r.pk: r
        for r in Rollover.objects.filter(starts_at__gte=start, starts_at__lt=end).prefetch_related(
            "recipient_roles"
        )
    }
    if not rollovers:
        return []
    open_pairs = set(
        RolloverCheck.objects.filter(OPEN, rollover__in=list(rollovers)).values_list(
            "rollover_id", "municipality_id"
        )
    )
    roles = {r.pk: {role.pk for role in r.recipient_roles.all()} for r in rollovers.values()}
    holders = RoleAssignment.objects.filter(
        municipality_id__in={m for _r, m in open_pairs},
        role_id__in={pk for pks in roles.values() for pk in pks},
    ).values_list("role_id", "municipality_id", "person_id")
    due, seen = [], set()
    for role_id, municipality_id, person_id in sorted(holders):
        for rollover_id, rollover in rollovers.items():
            if (
                role_id not in roles[rollover_id]
                or (rollover_id, municipality_id) not in open_pairs
            ):
                continue
            change_day = timezone.localdate(rollover.starts_at)
            days_left = (change_day - day).days
            if days_left >= 1:
                offset = offset_for(days_left)
                if offset is None:
                    continue
                kind, when = BEFORE, f"before:{offset}"
            elif day.weekday() == 0 or days_left == 0:  # the day itself, then each Monday
                kind, when = AFTER, f"after:{day.isocalendar()[0]}-{day.isocalendar()[1]:02d}"
            else:
                continue
            key = subject_key(rollover_id, municipality_id, when)
            if (person_id, key) in seen:  # one mail even if they hold two recipient roles
                continue
            seen.add((person_id, key))
            due.append(Due(person_id, kind, key, change_day, municipality_id))
    return due


def reminder_content(mail: Mail, today: date) -> MailContent | NotDue:
    _prefix, rollover_id, municipality_id, *_when = mail.subject_key.split(":")
    rollover = Rollover.objects.filter(pk=rollover_id).first()
    if rollover is None:
        return NotDue("the certificate change was removed")
    checks = list(
        RolloverCheck.objects.filter(rollover=rollover, municipality_id=municipality_id)
        .select_related("idp", "municipality")
        .order_by("idp__name")
    )
    if not checks or all(check.done for check in checks):
        return NotDue("every IdP's checklist is ticked")
    return MailContent(
        "contexthandler/mail/rollover_reminder",
        {
            "rollover": rollover,
            "checks": checks,
            "municipality": checks[0].municipality,
            "after": mail.kind == AFTER,
            "url": reverse("contexthandler:index") + f"#rollover-{rollover.pk}",
        },
    )


REMINDERS = ReminderSource(
    name="contexthandler.rollovers",
    kinds=(
        MailKind(BEFORE, _("Certificate change coming"), reminder_content),
        MailKind(AFTER, _("Certificate change: checklist not ticked"), reminder_content),
    ),
    due=due_reminders,
)
