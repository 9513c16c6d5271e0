"""Portal users (created from SAML logins) and the replay cache of SAML assertion ids."""

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None, **fields) -> "User":
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("portal_role", User.PortalRole.KOMBIT)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who has logged in. `username` is the stable `Serial` of the SAML NameID."""

    class PortalRole(models.TextChoices):
        PROGRAMLEDER = "programleder", _("Programme leader")
        MEDARBEJDER = "medarbejder", _("Municipal employee")
        KOMBIT = "kombit", _("KOMBIT consultant")

    username = models.CharField(_("user id"), max_length=200, unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    portal_role = models.CharField(_("portal role"), max_length=20, choices=PortalRole.choices)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    assurance_level = models.CharField(_("assurance level"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("first login"), default=timezone.now)
    guide_seen_at = models.DateTimeField(
        _("read the introduction"),
        null=True,
        blank=True,
        help_text=_("Until then, a login leads to the introduction for new users first."),
    )

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(portal_role="kombit") | models.Q(municipality__isnull=False),
                name="user_municipal_role_has_municipality",
                violation_error_message=_("A municipal user belongs to a municipality."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @property
    def is_kombit(self) -> bool:
        return self.portal_role == self.PortalRole.KOMBIT

    @property
    def is_programme_leader(self) -> bool:
        return self.portal_role == self.PortalRole.PROGRAMLEDER


class SamlAssertionId(models.Model):
    """An assertion id seen at the ACS, kept until the assertion expires: a second use is a replay.
    The unique constraint makes the check atomic across every web worker."""

    assertion_id = models.CharField(max_length=256, unique=True)
    not_on_or_after = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("SAML assertion id")
        verbose_name_plural = _("SAML assertion ids")

    def __str__(self) -> str:
        return self.assertion_id
