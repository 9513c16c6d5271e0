from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValgConfig(AppConfig):
    name = "valg"
    label = "valg"
    verbose_name = _("Valg")

    def ready(self) -> None:
        from kombitportal.core import areas
        from kombitportal.notifications import registry
        from valg import area, mail

        areas.register(area.AREA)
        registry.register_digest_part(mail.DIGEST)
