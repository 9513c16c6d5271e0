"""The outbox (one row per mail, decided by a unique constraint before anything is sent) and each
person's choice of mail."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import Person
from kombitportal.notifications import registry


class MailPreference(models.Model):
    """A person's choice; no row means the defaults (everything on)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="mail_preference", verbose_name=_("person")
    )
    reminders = models.BooleanField(_("deadline reminders"), default=True)
    digest = models.BooleanField(_("weekly digest"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return str(self.person)


class Mail(models.Model):
    """One mail to one person about one subject matter for one due date. The row is written (and
    its uniqueness decided) before the mail is sent; sending moves it queued → sending → sent, or
    back to queued with a later attempt, or to failed with the reason."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mails", verbose_name=_("recipient")
    )
    email = models.EmailField(_("e-mail"))
    # The area's kind of mail ("task_before", "agreement_before", ...; kombitportal/notifications/
    # registry.py) or "digest"; the subject key is the area's name for what the mail is about.
    kind = models.CharField(_("kind"), max_length=40)
    subject_key = models.CharField(
        _("subject matter"), max_length=100, help_text=_("E.g. task:12:before:7, digest.")
    )
    due_date = models.DateField(
        _("due date"), help_text=_("The end date or deadline the mail is about; a digest's Monday.")
    )
    send_on = models.DateField(_("for the day"), help_text=_("The day the sweep found it due."))
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails in the outbox")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "subject_key", "due_date"], name="mail_once_per_subject_and_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.subject or self.subject_key} ({self.due_date})"

    @property
    def kind_label(self) -> str:
        """The kind as its area names it ("Task overdue"), or the stored value if none does."""
        kind = registry.mail_kind(self.kind)
        return str(kind.label) if kind else self.kind
