"""The session's user, loaded with their municipality and organisation in one query: every page
shows them in its header and scopes its data by them.

With a shared cache (Redis), the loaded user is kept there for AUTH_USER_CACHE_SECONDS, so that a
page does not load the same row on every request; every write of a user through the portal
(the SAML login, the admin) forgets it at once, and anything else is seen at the latest when the
kept copy expires."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from kombitportal.accounts.models import User


def _key(user_id) -> str:
    return f"accounts:user:{user_id}"


def forget_user(user_id) -> None:
    """Drop the kept copy of a user, now and when the write's transaction commits (so that no
    request in between keeps the old row)."""
    cache.delete(_key(user_id))
    transaction.on_commit(lambda: cache.delete(_key(user_id)), robust=True)


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        seconds = settings.AUTH_USER_CACHE_SECONDS
        user = cache.get(_key(user_id)) if seconds else None
        if user is None:
            user = (
                User._default_manager.select_related("municipality", "organisation")
                .filter(pk=user_id)
                .first()
            )
            if user is not None and seconds:
                cache.set(_key(user_id), user, seconds)
        return user if user is not None and self.user_can_authenticate(user) else None
