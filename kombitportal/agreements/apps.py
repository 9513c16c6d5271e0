from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kombitportal.agreements"
    label = "agreements"
    verbose_name = _("Agreements and visits")

    def ready(self) -> None:
        from kombitportal.agreements import area
        from kombitportal.core import areas
        from kombitportal.notifications import registry

        areas.register(area.AREA)
        registry.register_reminders(area.REMINDERS)
        registry.register_digest_part(area.DIGEST)
