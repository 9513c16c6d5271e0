"""Template filters of the portal."""

from django import template

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Øre as Danish kroner: 6000000000 → "60.000.000,00 kr."."""
    if ore is None:
        return "–"
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(int(ore)), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{rest:02d} kr."
