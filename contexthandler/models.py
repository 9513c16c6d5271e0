"""Context Handler 2 (Fælleskommunal Adgangsstyring): each municipality's IdPs with the profile
chosen in Fælleskommunalt Administrationsmodul, KOMBIT's user-facing systems with the login level
they require and which handler each municipality uses them through (the CH1 phase-out), the
metadata sources whose signing certificates the roll-over check watches, what it saw, and the
planned certificate changes with each municipality's checklist."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contexthandler.loa import Level, Profile, Protocol


class IdentityProvider(models.Model):
    """A municipality's IdP as Context Handler 2 knows it, and the profile that decides what CH2
    sends it about a system's required level."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="identity_providers",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    entity_id = models.CharField(_("entity ID"), max_length=500)
    metadata_url = models.URLField(_("metadata URL"), max_length=500, blank=True)
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices)
    profile = models.CharField(
        _("profile in Fælleskommunalt Administrationsmodul"),
        max_length=32,
        choices=Profile.choices,
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "entity_id"], name="contexthandler_idp_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserSystem(models.Model):
    """A user-facing KOMBIT system (brugervendt system) and the login level it requires, as KOMBIT
    lists it in Digitaliseringskataloget."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    solution = models.ForeignKey(
        "core.Solution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user_systems",
        verbose_name=_("solution"),
    )
    level = models.CharField(_("required level"), max_length=10, choices=Level.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("user-facing system")
        verbose_name_plural = _("user-facing systems")

    def __str__(self) -> str:
        return self.name


class Handler(models.TextChoices):
    CH1 = "ch1", _("Context Handler 1")
    CH2 = "ch2", _("Context Handler 2")


class SystemUse(models.Model):
    """A municipality uses a system, through Context Handler 1 (to be phased out) or 2."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="system_uses",
        verbose_name=_("municipality"),
    )
    system = models.ForeignKey(
        UserSystem, on_delete=models.CASCADE, related_name="uses", verbose_name=_("system")
    )
    handler = models.CharField(_("handler"), max_length=3, choices=Handler.choices)

    class Meta:
        ordering = ["municipality__name", "system__name"]
        verbose_name = _("system in use")
        verbose_name_plural = _("systems in use")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "system"], name="contexthandler_use_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.system}"


class MetadataSource(models.Model):
    """Metadata whose signing certificates the roll-over check watches (CH2's IdP metadata in
    production, say), and the certificates KOMBIT registers as trusted for it: the current one
    and the successor it announces ahead of a change."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(
        _("URL or file"), max_length=1000, help_text=_("An https URL or a file on the server.")
    )
    trusted_pem = models.TextField(
        _("trusted certificates (PEM)"),
        blank=True,
        help_text=_("The current signing certificate and any announced successor, as PEM."),
    )
    active = models.BooleanField(_("checked"), default=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("metadata source")
        verbose_name_plural = _("metadata sources")

    def __str__(self) -> str:
        return self.title or self.name


class Sighting(models.Model):
    """A signing certificate a check saw in a source's metadata: when first and last, and when it
    was gone."""

    source = models.ForeignKey(
        MetadataSource, on_delete=models.CASCADE, related_name="sightings", verbose_name=_("source")
    )
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=95)
    subject = models.CharField(_("subject"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=80)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    use = models.CharField(_("use"), max_length=12, blank=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    gone_at = models.DateTimeField(_("gone"), null=True, blank=True)

    class Meta:
        ordering = ["source", "not_after"]
        verbose_name = _("certificate seen")
        verbose_name_plural = _("certificates seen")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sha256"], name="contexthandler_sighting_unique"
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def name(self) -> str:
        """The subject's common name ("ADG_EXTTEST_Adgangsstyring_1"), else the whole subject."""
        for part in self.subject.split(","):
            key, _sep, value = part.partition("=")
            if key.strip().upper() == "CN":
                return value.strip()
        return self.subject


class Finding(models.Model):
    """What one check of a source found: NEW, GONE, EXPIRING, EXPIRED, UNREACHABLE, INVALID,
    UNTRUSTED, UNSIGNED, STALE or OK."""

    class Code(models.TextChoices):
        OK = "OK", _("Nothing to do")
        NEW = "NEW", _("A new certificate")
        GONE = "GONE", _("A certificate gone")
        EXPIRING = "EXPIRING", _("Expires within 30 days")
        EXPIRED = "EXPIRED", _("Expired")
        UNREACHABLE = "UNREACHABLE", _("Metadata unreachable")
        INVALID = "INVALID", _("Metadata invalid")
        UNTRUSTED = "UNTRUSTED", _("Signed by an untrusted certificate")
        UNSIGNED = "UNSIGNED", _("Metadata unsigned")
        STALE = "STALE", _("Past validUntil")

    source = models.ForeignKey(
        MetadataSource, on_delete=models.CASCADE, related_name="findings", verbose_name=_("source")
    )
    checked_at = models.DateTimeField(_("checked"), db_index=True)
    code = models.CharField(_("finding"), max_length=12, choices=Code.choices)
    message = models.CharField(_("message"), max_length=500)
    sha256 = models.CharField(_("certificate"), max_length=95, blank=True)

    class Meta:
        ordering = ["-checked_at", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.code} {self.message}"

    @property
    def needs_action(self) -> bool:
        return needs_action(self.code)


def needs_action(code: str) -> bool:
    """Whether a finding needs someone to act: all but OK, NEW and GONE (a certificate that came or
    went is news, not a fault). The check's exit status and the page's badge both ask this."""
    return code not in (Finding.Code.OK, Finding.Code.NEW, Finding.Code.GONE)


class Rollover(models.Model):
    """A planned certificate change announced by KOMBIT ("Certifikatet for Context Handler 2 og
    Security Token Service 2 skiftes onsdag d. 4. december kl. 06:00-08:00 i Produktionsmiljøet")."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    components = models.CharField(
        _("what changes"), max_length=200, help_text=_("E.g. Context Handler 2 and STS2.")
    )
    environment = models.CharField(_("environment"), max_length=200)
    starts_at = models.DateTimeField(_("service window from"))
    ends_at = models.DateTimeField(_("service window until"))
    metadata_at = models.DateTimeField(_("new metadata from (about)"), null=True, blank=True)
    notice_url = models.URLField(_("operations notice"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recipient_roles = models.ManyToManyField(
        "core.Role",
        related_name="rollovers",
        blank=True,
        verbose_name=_("reminders to (roles)"),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("certificate change")
        verbose_name_plural = _("certificate changes")

    def __str__(self) -> str:
        return self.title


class RolloverCheck(models.Model):
    """One connected system's two steps before a certificate change (trust to the new certificate,
    updated metadata), ticked by the municipality."""

    rollover = models.ForeignKey(
        Rollover, on_delete=models.CASCADE, related_name="checks", verbose_name=_("change")
    )
    idp = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="rollover_checks",
        verbose_name=_("identity provider"),
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="rollover_checks",
        verbose_name=_("municipality"),
    )
    trust_at = models.DateTimeField(_("trust to the new certificate established"), null=True)
    metadata_at = models.DateTimeField(_("updated metadata fetched"), null=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )

    class Meta:
        ordering = ["rollover", "municipality__name", "idp__name"]
        verbose_name = _("certificate change checklist")
        verbose_name_plural = _("certificate change checklists")
        constraints = [
            models.UniqueConstraint(fields=["rollover", "idp"], name="contexthandler_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rollover}: {self.idp}"

    @property
    def done(self) -> bool:
        return self.trust_at is not None and self.metadata_at is not None
