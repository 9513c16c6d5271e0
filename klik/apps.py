from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlikConfig(AppConfig):
    name = "klik"
    label = "klik"
    verbose_name = _("KLIK tasks")

    def ready(self) -> None:
        from klik import area
        from kombitportal.core import areas
        from kombitportal.notifications import registry

        areas.register(area.AREA)
        registry.register_reminders(area.REMINDERS)
        registry.register_digest_part(area.DIGEST)
