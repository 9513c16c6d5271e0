"""Reference data and the role gallery: regions, municipalities, organisations, solutions, roles,
people and who holds which role where."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

cvr_validator = RegexValidator(r"^\d{8}$", _("A CVR number is 8 digits."))


def cvr_check_digit_ok(cvr: str) -> bool:
    """The CVR modulus-11 check: weights 2,7,6,5,4,3,2,1 over the 8 digits sum to a multiple of 11."""
    if len(cvr) != 8 or not cvr.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(cvr, (2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0


class Region(models.Model):
    code = models.CharField(_("region code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code is 4 digits, e.g. 0751."))],
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    official_name = models.CharField(_("official name"), max_length=150)
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[cvr_validator],
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population date"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An organisation that is not a municipality; KOMBIT A/S, whose users see every municipality."""

    class Kind(models.TextChoices):
        KOMBIT = "kombit", _("KOMBIT")

    name = models.CharField(_("name"), max_length=150, unique=True)
    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, validators=[cvr_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Solution(models.Model):
    """A KOMBIT solution (SAPA, Valg, Aula, ...)."""

    code = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A role in KOMBIT's role gallery (rollegalleri)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        SYSTEM = "system", _("System-specific")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    solution = models.ForeignKey(
        Solution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("solution"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_(
            "When the role was published: “Kort nyt” names the roles new since the last meeting."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="general") | models.Q(solution__isnull=False),
                name="role_system_specific_has_solution",
                violation_error_message=_("A system-specific role belongs to a solution."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A contact: somebody in a municipality or at KOMBIT, who may or may not have logged in yet."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user"),
    )
    keeps_role_holders = models.BooleanField(
        _("keeps the role holders"),
        default=False,
        help_text=_(
            "Named by the programme leader: may add contacts and fill the municipality's roles."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True) | models.Q(organisation__isnull=True),
                name="person_in_one_organisation",
                violation_error_message=_(
                    "A person belongs to a municipality or an organisation, not both."
                ),
            ),
            models.UniqueConstraint(
                "municipality",
                Lower("email"),
                condition=~models.Q(email=""),
                name="person_email_unique_per_municipality",
                violation_error_message=_(
                    "This municipality already has a person with this e-mail."
                ),
            ),
        ]
        indexes = [models.Index(Lower("email"), name="person_email_lower")]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """Who holds a role in a municipality (rollebesætning). Where a role has several holders in a
    municipality, one of them is primary."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("role")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("municipality"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person")
    )
    is_primary = models.BooleanField(_("primary"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["role__name", "-is_primary", "person__name"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "municipality", "person"],
                name="role_assignment_unique",
                violation_error_message=_("This person already holds this role here."),
            ),
            models.UniqueConstraint(
                fields=["role", "municipality"],
                condition=models.Q(is_primary=True),
                name="role_assignment_one_primary",
                violation_error_message=_("The role already has a primary holder here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.municipality} · {self.person}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.person_id
            and self.municipality_id
            and self.person.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"person": _("The person must belong to the municipality the role is held in.")}
            )


class AuditEvent(models.Model):
    """One write of the portal: who did what to which object, old → new. Written in the same
    transaction as the change by `kombitportal.core.audit.record` (every service and admin action
    calls it); never edited, and kept when the object, the user or the person is deleted (they are
    named as text)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_name = models.CharField(_("who"), max_length=200)
    action = models.CharField(
        _("action"), max_length=100, db_index=True, help_text=_("E.g. klik.assignment.status.")
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # {field: [old, new]}, values as text.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action} {self.object_repr}"


class MetadataCopy(models.Model):
    """The last good copy of a SAML metadata source (kombitportal/core/metadata.py `read`): what
    the login and the certificate roll-over check use while the source is down or serves
    something that does not verify, and when to fetch it next. A row with no XML only counts the
    failures of a source that was never read."""

    source = models.CharField(_("source"), max_length=1000, unique=True)
    xml = models.BinaryField(_("metadata XML"), default=b"", blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    next_fetch_at = models.DateTimeField(_("next fetch at"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.CharField(_("last error"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("metadata copy")
        verbose_name_plural = _("metadata copies")

    def __str__(self) -> str:
        return self.source


def _report_path(instance: "ReportJob", filename: str) -> str:
    return f"reports/{instance.pk}/{filename}"


class ReportJob(models.Model):
    """A report too big to make while the user waits (every municipality's status as PDF, in one
    ZIP): made by a Celery task that records how far it is."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    codes = models.JSONField(
        _("municipalities"), default=list, blank=True, help_text=_("Empty: all of them.")
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("municipalities in all"), default=0)
    done = models.PositiveIntegerField(_("municipalities done"), default=0)
    file = models.FileField(_("file"), upload_to=_report_path, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.get_state_display()} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
