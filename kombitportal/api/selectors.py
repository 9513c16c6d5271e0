"""Reads of the API app: a user's own tokens, and the user a presented token stands for."""

from django.db.models import QuerySet

from kombitportal.api.models import ApiToken
from kombitportal.core.tokens import digest_of


def tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's tokens, the ones in use first, newest first. One query."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")


def token_get(*, user, pk: int) -> ApiToken:
    """One of the user's own tokens (else DoesNotExist: another's token is as good as none)."""
    return ApiToken.objects.get(user=user, pk=pk)


def active_token(plain: str) -> ApiToken | None:
    """The unrevoked token `plain` is, with its user (their municipality too, which scopes every
    read), if that user may still log in. One query."""
    token = (
        ApiToken.objects.select_related("user__municipality", "user__organisation")
        .filter(digest=digest_of(plain), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token
