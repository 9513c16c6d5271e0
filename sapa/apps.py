from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SapaConfig(AppConfig):
    name = "sapa"
    label = "sapa"
    verbose_name = _("SAPA")

    def ready(self) -> None:
        from kombitportal.core import areas
        from kombitportal.notifications import registry
        from sapa import area, mail

        areas.register(area.AREA)
        registry.register_digest_part(mail.DIGEST)
