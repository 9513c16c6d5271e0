from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = _("Programme-leader meetings")

    def ready(self) -> None:
        from kombitportal.core import areas
        from kombitportal.notifications import registry
        from meetings import area, mail

        areas.register(area.AREA)
        for kind in mail.KINDS:
            registry.register_mail_kind(kind)
