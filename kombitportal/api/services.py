"""Writes of the API app: a user makes and revokes their personal API tokens, each recorded in the
audit trail; a token's use is noted at most once a minute (no audit event: it is not a change)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kombitportal.api.models import ApiToken
from kombitportal.core import audit
from kombitportal.core.tokens import new_token

# Tokens in use a user may have at once.
MAX_ACTIVE_TOKENS = 10
# A token's last use is written at most this often, so that a busy client does not write on every
# request.
USE_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user, name: str, actor) -> tuple[ApiToken, str]:
    """A new token for `user`: the row (with the token's digest) and the token itself, which is
    never kept and must be shown to the user now."""
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(n)d API keys in use. Revoke one you no longer need first.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    made = new_token()
    token = ApiToken(user=user, name=name.strip(), digest=made.digest, prefix=made.prefix)
    token.full_clean()
    token.save()
    audit.record(
        actor=actor,
        action="api.token.create",
        obj=token,
        municipality=user.municipality_id,
        changes={"name": (None, token.name), "prefix": (None, token.prefix)},
        created=True,
    )
    return token, made.plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> None:
    """Revoke the token: from now on it is refused. Revoking a revoked token changes nothing."""
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if locked.revoked_at is not None:
        return
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    token.revoked_at = locked.revoked_at
    audit.record(
        actor=actor,
        action="api.token.revoke",
        obj=locked,
        municipality=locked.user.municipality_id,
        changes={"revoked_at": (None, locked.revoked_at)},
    )


def api_token_used(*, token: ApiToken) -> None:
    """Note that the token was just used, unless that was noted less than a minute ago."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
