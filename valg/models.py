"""Valg: the roll-out of the new election solution in waves ("rul"), the municipalities' and
regions' weekly check-in scores, the status points and the milestones up to the first real
election."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kombitportal.core.approxdate import ApproximateDateField


class Phase(models.TextChoices):
    """A wave's phases, with the weeks of the wave they cover."""

    PREPARATION = "klargoering", _("Klargøring (uge 1-3)")
    TRIAL_WEEK_4 = "proevevalg_uge4", _("Prøvevalg (uge 4)")
    TRIAL_WEEK_5 = "proevevalg_uge5", _("Prøvevalg (uge 5)")


WEEKS = {Phase.PREPARATION: (1, 2, 3), Phase.TRIAL_WEEK_4: (4,), Phase.TRIAL_WEEK_5: (5,)}


def phase_of(week: int) -> Phase:
    """The phase a week of the wave belongs to (1–3 Klargøring, 4 and 5 Prøvevalg)."""
    for phase, weeks in WEEKS.items():
        if week in weeks:
            return phase
    raise ValueError(f"week {week} is not a week of a wave (1-5)")


class RatedArea(models.TextChoices):
    """What a check-in rates. "generelt" is the satisfaction table's question."""

    GENERAL = "generelt", _("Tilfredshed med egen udrulning og VALG-løsningen generelt")
    ELECTION_DAY = "valgdagen", _("Valgdagen")
    ROLLOUT = "udrulningen", _("Udrulningen og VALG-løsningen generelt")
    SUPPORT = "supporten", _("Supporten")


class Wave(models.Model):
    """A roll-out wave ("Rul 1") and who took part in it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Under way")
        DONE = "done", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    on_plan = models.BooleanField(_("on plan"), default=True)
    starts_on = models.DateField(
        _("week 1 starts"), null=True, blank=True, help_text=_("The Monday of the wave's week 1.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    municipalities = models.ManyToManyField(
        "core.Municipality", related_name="valg_waves", blank=True, verbose_name=_("municipalities")
    )
    regions = models.ManyToManyField(
        "core.Region", related_name="valg_waves", blank=True, verbose_name=_("regions")
    )
    participants_are_demo = models.BooleanField(
        _("participants are demo data"),
        default=False,
        help_text=_("Which municipality was in which wave is not in KOMBIT's material."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return f"Rul {self.number}"

    @property
    def ends_on(self) -> date | None:
        """The Friday of the wave's week 5."""
        return self.starts_on + timedelta(weeks=4, days=4) if self.starts_on else None


class CheckIn(models.Model):
    """One score 1–5 a municipality (or a region) gave in a week of its wave, for one rated area,
    with an optional comment."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Entered in the portal")
        IMPORT = "import", _("Imported survey")
        DEMO = "demo", _("Demo data")

    wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="checkins", verbose_name=_("wave")
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="valg_checkins",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="valg_checkins",
        verbose_name=_("region"),
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    week = models.PositiveSmallIntegerField(
        _("week"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    area = models.CharField(_("rated area"), max_length=12, choices=RatedArea.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.PORTAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["wave__number", "week", "area", "pk"]
        verbose_name = _("check-in score")
        verbose_name_plural = _("check-in scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, region__isnull=True)
                | Q(municipality__isnull=True, region__isnull=False),
                name="valg_checkin_one_participant",
                violation_error_message=_("A check-in is a municipality's or a region's."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="valg_checkin_score_1_5"
            ),
            models.CheckConstraint(
                condition=Q(phase=Phase.PREPARATION, week__in=WEEKS[Phase.PREPARATION])
                | Q(phase=Phase.TRIAL_WEEK_4, week=4)
                | Q(phase=Phase.TRIAL_WEEK_5, week=5),
                name="valg_checkin_week_in_phase",
                violation_error_message=_("The week is not a week of the phase."),
            ),
            models.UniqueConstraint(
                fields=["wave", "municipality", "phase", "week", "area"],
                condition=Q(municipality__isnull=False),
                name="valg_checkin_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["wave", "region", "phase", "week", "area"],
                condition=Q(region__isnull=False),
                name="valg_checkin_unique_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} uge {self.week} {self.area}: {self.score}"


class StatusPoint(models.Model):
    """A point of KOMBIT's status of the roll-out ("Ordinær udrulning er gennemført")."""

    text = models.CharField(_("text"), max_length=500, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("status point")
        verbose_name_plural = _("status points")

    def __str__(self) -> str:
        return self.text


class Milestone(models.Model):
    """A step towards the first real election: a release, the shadow election, KV/RV."""

    class Kind(models.TextChoices):
        RELEASE = "release", _("Release")
        PREPARATION = "preparation", _("Preparation")
        ELECTION = "election", _("Election")
        AFTER = "after", _("After the shadow election")

    title = models.CharField(_("title"), max_length=200, unique=True)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    written = models.CharField(
        _("as written"), max_length=60, help_text=_("When, as KOMBIT writes it: “13/1 – 7/2 2025”.")
    )
    when = ApproximateDateField(_("from"), bound="start")
    until = models.DateField(_("until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:  # the columns `when` adds (ApproximateDateField.contribute_to_class)
        when_text: str
        when_date: date | None
        when_precision: str
        when_pending_reason: str

    class Meta:
        ordering = ["when_date", "position"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
