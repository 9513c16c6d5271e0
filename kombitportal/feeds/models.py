"""A user's calendar feeds for Outlook: a private address of their deadlines or of a list of an
area's (a saved KLIK filter), known by a secret token of which only the digest is kept
(kombitportal/core/tokens.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feed(models.Model):
    """One feed. `source` and `params` say what it holds: kombitportal.core.areas.MY_DEADLINES, or
    an area's own FeedSource ("klik.filter", {"filter": 12}). Revoked feeds are kept (revoked_at)
    for the record; their address answers 404 like one that never was."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    titles_only = models.BooleanField(_("titles only"), default=False)
    digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        indexes = [models.Index(fields=["user", "revoked_at"], name="feeds_feed_of_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
