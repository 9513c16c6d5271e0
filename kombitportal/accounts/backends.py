"""The session's user, loaded with their municipality and organisation in one query: every page
shows them in its header and scopes its data by them."""

from django.contrib.auth.backends import ModelBackend

from kombitportal.accounts.models import User


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            User._default_manager.select_related("municipality", "organisation")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
