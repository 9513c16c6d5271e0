from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContexthandlerConfig(AppConfig):
    name = "contexthandler"
    label = "contexthandler"
    verbose_name = _("Context Handler 2")

    def ready(self) -> None:
        from contexthandler import area, mail
        from kombitportal.core import areas
        from kombitportal.notifications import registry

        areas.register(area.AREA)
        registry.register_reminders(mail.REMINDERS)
