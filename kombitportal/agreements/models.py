"""Agreements KOMBIT sends to municipalities, their signatures, KOMBIT's visits to municipal boards,
and bills split over the municipalities by population."""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombitportal.core.approxdate import ApproximateDateField
from kombitportal.core.models import Municipality, Role, Solution


class Agreement(models.Model):
    class Kind(models.TextChoices):
        CONNECTION = "tilslutningsaftale", _("Connection agreement")
        DATA_PROCESSING = "databehandleraftale", _("Data processing agreement")
        ANNEX = "bilag", _("Annex")
        ALLONGE = "allonge", _("Allonge")
        DATA_EXCHANGE = "dataudvekslingsaftale", _("Data exchange agreement")
        SUBSCRIPTION = "abonnementsaftale", _("Subscription agreement")

    class Channel(models.TextChoices):
        ADDOSIGN = "addosign", _("AddoSign")
        MAIL = "mail", _("Mail")
        DUPLA = "dupla", _("DUPLA aftalemodul")

    solution = models.ForeignKey(
        Solution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("solution"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    dispatched = models.BooleanField(
        _("dispatched"), default=False, help_text=_("Sent to the municipalities (else planned).")
    )
    dispatch = ApproximateDateField(_("dispatch"), bound="start")
    deadline = ApproximateDateField(_("deadline"), bound="end")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    recipient_roles = models.ManyToManyField(
        Role, related_name="agreements_received", blank=True, verbose_name=_("sent to (roles)")
    )
    copy_roles = models.ManyToManyField(
        Role, related_name="agreements_copied", blank=True, verbose_name=_("copy to (roles)")
    )
    kombit_note = models.TextField(_("KOMBIT's note"), blank=True)
    requires_signature = models.BooleanField(_("to be signed by each municipality"), default=True)

    if TYPE_CHECKING:
        # The columns `dispatch` and `deadline` add (ApproximateDateField.contribute_to_class).
        dispatch_text: str
        dispatch_date: date | None
        dispatch_precision: str
        dispatch_pending_reason: str
        deadline_text: str
        deadline_date: date | None
        deadline_precision: str
        deadline_pending_reason: str

    class Meta:
        ordering = [models.F("dispatch_date").desc(nulls_first=True), "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


def signed_document_path(instance: "Signature", filename: str) -> str:
    # Never the uploader's file name: a fixed name under ids avoids path tricks and collisions.
    return f"signatures/{instance.agreement_id}/{instance.municipality.code}.pdf"


class Signature(models.Model):
    """A municipality's signature of an agreement: when, by whom, optionally the signed PDF (kept
    outside the web root and served only to that municipality and KOMBIT)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="signatures"
    )
    signed_on = models.DateField(_("signed on"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    document = models.FileField(_("signed PDF"), upload_to=signed_document_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=200)
    on_behalf = models.BooleanField(
        _("recorded by KOMBIT on the municipality's behalf"), default=False
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "municipality"], name="signature_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.municipality}"


class Visit(models.Model):
    """KOMBIT's visit to a municipal board (direktion): held, planned, or interest shown."""

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        PLANNED = "planned", _("Planned")
        INTEREST = "interest", _("Interest shown")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="visits")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    when = ApproximateDateField(_("date"), bound="start")
    interest_year = models.PositiveSmallIntegerField(_("interest shown in"), null=True, blank=True)
    k98 = models.BooleanField(_("about the K98 service agreement"), default=False)

    if TYPE_CHECKING:
        # The columns `when` adds (ApproximateDateField.contribute_to_class).
        when_text: str
        when_date: date | None
        when_precision: str
        when_pending_reason: str

    class Meta:
        ordering = ["status", models.F("when_date").asc(nulls_last=True), "municipality__name"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "status", "when_text"], name="visit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.when_text}"


class Bill(models.Model):
    """A bill KOMBIT splits over the municipalities by population on a stated date."""

    title = models.CharField(_("title"), max_length=200)
    basis = models.TextField(_("basis"), blank=True)
    total_ore = models.BigIntegerField(_("total (øre)"), validators=[MinValueValidator(0)])
    population_date = models.DateField(_("population on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")

    def __str__(self) -> str:
        return self.title


class BillShare(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="shares")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="bill_shares"
    )
    population = models.PositiveIntegerField(_("population"))
    amount_ore = models.BigIntegerField(_("share (øre)"))

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.UniqueConstraint(fields=["bill", "municipality"], name="bill_share_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bill} · {self.municipality}"

    @property
    def per_citizen_ore(self) -> int:
        return round(self.amount_ore / self.population) if self.population else 0
