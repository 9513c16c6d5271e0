from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValgConfig(AppConfig):
    name = "valg"
    label = "valg"
    verbose_name = _("Valg")

    def ready(self) -> None:
        from kombitportal.core import areas
        from valg import area

        areas.register(area.AREA)
