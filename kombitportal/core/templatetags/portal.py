"""Template filters of the portal."""

from django import template

from kombitportal.core import exports

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Øre as Danish kroner: 6000000000 → "60.000.000,00 kr."."""
    if ore is None:
        return "–"
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(int(ore)), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{rest:02d} kr."


@register.inclusion_tag("partials/export_links.html", takes_context=True)
def export_links(context, name: str, *args, subject: str = "") -> dict:
    """The two links of a list's export, "Hent som CSV" and "Hent som Excel", with the page's
    current filter: `{% export_links "agreements:export" %}`. `subject` tells a screen reader what
    is exported where a page has more than one export."""
    return {
        "links": exports.export_links(name, *args, query=context["request"].GET),
        "subject": subject,
    }
