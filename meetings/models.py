"""Programme-leader meetings (agenda, presenters, material, summary), the checklist each agenda
item's "Opgaven for KOMBIT-programleder" makes per municipality, ideas for the next meeting, the
"Lær KOMBIT at kende" links, KommuneCERT's advisories and the portal's own satisfaction question."""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kombitportal.core.models import Municipality, Person, Solution


def slides_path(instance: "Meeting", filename: str) -> str:
    # Never the uploader's file name: a random one, so that a new upload never meets an old file.
    return f"meetings/{uuid.uuid4().hex}.pdf"


class Meeting(models.Model):
    """A programme-leader meeting: when and where, its practical information, its material (the
    slides as PDF, a recording) and, afterwards, a short summary mailed to every registered
    programme leader ("Publicér resumé")."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    practical = models.TextField(_("practical information"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    slides = models.FileField(
        _("slides (PDF)"),
        upload_to=slides_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    recording_url = models.URLField(_("recording link"), blank=True)
    summary_published_at = models.DateTimeField(_("summary published"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("What the seed does not say (the time, the place, the summary) is invented."),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An item of the agenda, in order, with its presenters and its task for the programme leader
    ("Opgaven for KOMBIT-programleder"), which becomes a checklist item per municipality."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    presenters = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("presenters")
    )
    task = models.TextField(
        _("task for the programme leader"),
        blank=True,
        help_text=_(
            "“Opgaven for KOMBIT-programleder”: becomes a checklist item per municipality."
        ),
    )

    class Page(models.TextChoices):
        NONE = "", _("None")
        NEWS = "news", _("“Kort nyt fra KOMBIT”")
        ONBOARDING = "onboarding", _("“Lær KOMBIT at kende”")
        KOMMUNECERT = "kommunecert", _("KommuneCERT")

    page = models.CharField(
        _("page of the portal"),
        max_length=20,
        choices=Page.choices,
        blank=True,
        default=Page.NONE,
        help_text=_("The portal's page the item presents, linked from the agenda."),
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ChecklistTick(models.Model):
    """A municipality's answer to an agenda item's task: done or not, with an optional note."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("agenda item")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    done = models.BooleanField(_("done"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_name = models.CharField(_("changed by"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["item", "municipality"], name="tick_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.municipality}"


class Idea(models.Model):
    """An idea or a question for the next meeting, sent from the portal (and mailed to KOMBIT's
    programme-leader mailbox)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("meeting")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sender_name = models.CharField(_("sender"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    text = models.TextField(_("idea or question"), max_length=4000)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("idea or question")
        verbose_name_plural = _("ideas and questions")

    def __str__(self) -> str:
        return f"{self.sender_name}: {self.text[:60]}"


class OnboardingSection(models.Model):
    """A section of "Lær KOMBIT at kende"."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("onboarding section")
        verbose_name_plural = _("onboarding sections")

    def __str__(self) -> str:
        return self.title


class OnboardingLink(models.Model):
    """A link or a contact in a section of "Lær KOMBIT at kende": an address outside the portal
    (`url`) or a page of the portal (`portal_path`, "/roller/")."""

    section = models.ForeignKey(
        OnboardingSection, on_delete=models.CASCADE, related_name="links", verbose_name=_("section")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(
        _("address"),
        max_length=500,
        help_text=_("https://…, mailto:…, tel:… or a path of the portal such as /roller/."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["section", "position", "pk"]
        verbose_name = _("onboarding link")
        verbose_name_plural = _("onboarding links")
        constraints = [
            models.UniqueConstraint(fields=["section", "title"], name="onboarding_link_title"),
            models.CheckConstraint(
                condition=models.Q(url__startswith="https://")
                | models.Q(url__startswith="mailto:")
                | models.Q(url__startswith="tel:")
                | models.Q(url__startswith="/"),
                name="onboarding_link_address",
                violation_error_message=_(
                    "An address starts with https://, mailto:, tel: or / (a page of the portal)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Advisory(models.Model):
    """A KommuneCERT advisory (a threat or a vulnerability), tagged with the KOMBIT solutions it
    concerns: a municipality sees those for the solutions it uses, KOMBIT all."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    body = models.TextField(_("text"))
    url = models.URLField(_("read more"), blank=True)
    solutions = models.ManyToManyField(
        Solution, blank=True, related_name="+", verbose_name=_("solutions")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("KommuneCERT advisory")
        verbose_name_plural = _("KommuneCERT advisories")
        constraints = [
            models.UniqueConstraint(fields=["title", "published_on"], name="advisory_once")
        ]

    def __str__(self) -> str:
        return self.title


class SatisfactionAnswer(models.Model):
    """A person's answer to "How satisfied are you with the portal?" in a quarter ("2024Q4"), or
    their dismissal of the question (no score): asked at most once a quarter."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("portal satisfaction answer")
        verbose_name_plural = _("portal satisfaction answers")
        constraints = [
            models.UniqueConstraint(fields=["user", "quarter"], name="satisfaction_once_a_quarter"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="satisfaction_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter}: {self.score or '–'}"
