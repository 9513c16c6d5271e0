from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kombitportal.notifications"
    label = "notifications"
    verbose_name = _("Mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kombitportal.notifications import digest, registry

        registry.register_mail_kind(digest.DIGEST_KIND)
        registry.register_digest_part(digest.EMPTY_ROLES)
