"""SAPA's access to the tax authority's income data ("Omlægning af Skatteforvaltningens
dataadgange"): purposes (formål = hjemmel/dataafgrænsning) with their access level, legal bases and
subject areas; data areas (dataområder = fanebladselement/brugersystemrolle) with the interface and
the SAPA release that brings them; and the other events of the timeline."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombitportal.core.approxdate import ApproximateDateField
from sapa.legal import (
    BasisParts,
    LegalBasisError,
    ParagraphRange,
    Reference,
    paragraph_ranges,
    parse_basis,
)


class Interface(models.TextChoices):
    """How the data reaches SAPA, as the slides name it."""

    INCOME = "indkomst", _("Indkomst-snitflade")
    DUPLA = "dupla", _("DUPLA")
    OTHER = "snitflader", _("Snitflader")


class AccessLevel(models.TextChoices):
    BROAD = "bred", _("Broad access")
    MIDDLE = "mellem", _("Middle access")
    NARROW = "snaever", _("Narrow access")
    TEMPORARY = "midlertidig", _("Temporary purposes")
    SPECIFIC = "specifik", _("A purpose of its own")


class Purpose(models.Model):
    """A purpose SAPA may show income data for, e.g. "Bred adgang" or "Opkrævning"."""

    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)  # "(formål lånt fra KY)"
    level = models.CharField(_("access level"), max_length=12, choices=AccessLevel.choices)
    interface = models.CharField(
        _("interface"), max_length=12, choices=Interface.choices, default=Interface.INCOME
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
    )
    effective = ApproximateDateField(_("in effect from"), bound="start")
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:  # the columns `effective` adds (ApproximateDateField.contribute_to_class)
        effective_text: str
        effective_date: date | None
        effective_precision: str
        effective_pending_reason: str

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "interface"],
                name="sapa_purpose_unique",
                violation_error_message=_("A purpose of this name and interface exists already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.note}".strip()


class LegalBasis(models.Model):
    """An act cited for a purpose, or (with `parent`) an executive order under that act, stored in
    its parts so that the line reads back exactly as the slide writes it."""

    purpose = models.ForeignKey(
        Purpose, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("purpose")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("under the act"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    act = models.CharField(_("act or order"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    paragraphs = models.CharField(_("paragraphs"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    reference_kind = models.CharField(_("kind of reference"), max_length=4, blank=True)
    reference_number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    reference_date = models.DateField(_("of"), null=True, blank=True)

    class Meta:
        ordering = ["purpose", "position", "pk"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.text

    @property
    def parts(self) -> BasisParts:
        reference = None
        if self.reference and self.reference_number and self.reference_date:
            reference = Reference(
                self.reference, self.reference_kind, self.reference_number, self.reference_date
            )
        return BasisParts(self.act, self.short_name, self.paragraphs, reference)

    @property
    def text(self) -> str:
        """The line as the slide writes it."""
        return self.parts.text

    def set_text(self, text: str) -> None:
        """Take the line as written: act, short name, paragraphs and reference from it."""
        try:
            parts = parse_basis(text)
        except LegalBasisError as exc:
            raise ValidationError(
                _(
                    "“%(text)s” is not a legal basis the portal can read: write the act, its "
                    "paragraphs and the reference, e.g. “Lov om social service § 80, §§ 107-110 "
                    "(LBK nr. 909 af 3. juli 2024)”."
                )
                % {"text": text}
            ) from exc
        self.act, self.short_name, self.paragraphs = parts.act, parts.short_name, parts.paragraphs
        ref = parts.reference
        self.reference = ref.text if ref else ""
        self.reference_kind = ref.kind if ref else ""
        self.reference_number = ref.number if ref else None
        self.reference_date = ref.date if ref else None

    @property
    def ranges(self) -> list[ParagraphRange]:
        """The paragraphs it cites, for look-up."""
        return paragraph_ranges(self.paragraphs)

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.purpose_id != self.purpose_id:
            raise ValidationError(_("An order belongs to the same purpose as its act."))
        if self.parent_id and self.parent and self.parent.parent_id:
            raise ValidationError(_("An order is under an act, not under another order."))


class SubjectArea(models.Model):
    """A subject area (fagområde) a purpose covers, e.g. "Økonomisk friplads"."""

    purpose = models.ForeignKey(
        Purpose, on_delete=models.CASCADE, related_name="subject_areas", verbose_name=_("purpose")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["purpose", "position", "pk"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "name"], name="sapa_subject_area_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """A SAPA release that brings data areas: "3.16" on 18 September 2024."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    released = ApproximateDateField(_("released"), bound="start")
    note = models.CharField(_("note"), max_length=300, blank=True)

    if TYPE_CHECKING:  # the columns `released` adds (ApproximateDateField.contribute_to_class)
        released_text: str
        released_date: date | None
        released_precision: str
        released_pending_reason: str

    class Meta:
        ordering = ["released_date", "version"]
        verbose_name = _("SAPA release")
        verbose_name_plural = _("SAPA releases")

    def __str__(self) -> str:
        return f"SAPA release {self.version}"


class DataArea(models.Model):
    """A data area (dataområde) SAPA shows, e.g. "Årsopgørelse" through DUPLA."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    interface = models.CharField(_("interface"), max_length=12, choices=Interface.choices)
    release = models.ForeignKey(
        Release,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_areas",
        verbose_name=_("release"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("data area")
        verbose_name_plural = _("data areas")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """Another event of the timeline: "Lukning KMD Indkomst" on 31 December 2024, or one still to
    come without a date ("Flere formål følger")."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    when = ApproximateDateField(_("when"), bound="start")
    interface = models.CharField(
        _("interface"), max_length=12, choices=Interface.choices, blank=True
    )

    if TYPE_CHECKING:  # the columns `when` adds (ApproximateDateField.contribute_to_class)
        when_text: str
        when_date: date | None
        when_precision: str
        when_pending_reason: str

    class Meta:
        ordering = ["when_date", "title"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """One thing each municipality must do for SAPA ("Kommende opgaver"): what, how, where, who and
    when, as the slide puts it. Its state comes from its source — the agreement's signature or the
    KLIK task's status — never from a copy here."""

    class Group(models.TextChoices):
        DUPLA = "dupla", _("DUPLA (dataudstillingsplatform)")
        INCOME = "indkomst", _("Indkomstsnitflade")
        GENERAL = "generelle", _("General tasks")

    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    what = models.CharField(_("what"), max_length=300)
    how = models.CharField(_("how"), max_length=100, blank=True)
    where = models.CharField(_("where"), max_length=100, blank=True)
    who = models.CharField(_("who"), max_length=200, blank=True)
    when = ApproximateDateField(_("when"), bound="end")
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sapa_steps",
        verbose_name=_("agreement to sign"),
    )
    klik_code = models.CharField(
        _("KLIK task"), max_length=20, blank=True, help_text=_("The KLIK task's code, e.g. K53.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:  # the columns `when` adds (ApproximateDateField.contribute_to_class)
        when_text: str
        when_date: date | None
        when_precision: str
        when_pending_reason: str

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("step for the municipalities")
        verbose_name_plural = _("steps for the municipalities")
        constraints = [
            models.UniqueConstraint(fields=["what"], name="sapa_step_unique"),
            models.CheckConstraint(
                condition=~(models.Q(agreement__isnull=False) & ~models.Q(klik_code="")),
                name="sapa_step_one_source",
                violation_error_message=_("A step is an agreement or a KLIK task, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.what
