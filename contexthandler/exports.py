"""Context Handler's exports, each a table of its pages: what Context Handler 2 sends the
municipality's IdPs per system (for KOMBIT with no municipality chosen: the systems still on
Context Handler 1), and what it sends under every profile and level. Written as CSV or XLSX by
kombitportal.core.exports."""

from django.utils.translation import gettext as _

from contexthandler import loa
from contexthandler.models import IdentityProvider
from contexthandler.selectors import Ch1Overview, SystemRow
from kombitportal.core.exports import Column, Kind, Table
from kombitportal.core.models import Municipality


def _sent_text(sent: loa.Sent) -> str:
    """A cell of the systems table, as the page says it."""
    parts = [str(sent), sent.conversion_note]
    if sent.idp_must_enforce:
        parts.append(_("Your IdP must require two-factor login itself"))
    return " ".join(part for part in parts if part)


def system_table(
    municipality: Municipality, idps: list[IdentityProvider], rows: list[SystemRow]
) -> Table:
    """The systems the municipality uses, with what Context Handler 2 sends each of its IdPs."""
    ch1 = _("Context Handler 1 sends no level: your IdP must require it")
    return Table(
        f"contexthandler-{municipality.code}",
        _("Context Handler 2"),
        [
            Column(_("System"), width=24), Column(_("Required level")),
            Column(_("Through"), width=8), *(Column(idp.name, Kind.LONG_TEXT) for idp in idps),
        ],
        (
            [
                row.system.name, row.system.get_level_display(), row.handler.upper(),
                *(
                    [_sent_text(sent) for _idp, sent in row.sent]
                    if row.handler != "ch1"
                    else [ch1] * len(idps)
                ),
            ]
            for row in rows
            if row.handler
        ),
    )  # fmt: skip


def ch1_table(overview: Ch1Overview) -> Table:
    """KOMBIT: the systems the municipalities still use through Context Handler 1."""
    return Table(
        "contexthandler-ch1",
        _("Context Handler 1"),
        [
            Column(_("Municipality code"), width=10), Column(_("Municipality")),
            Column(_("System"), width=24),
        ],
        ([u.municipality.code, u.municipality.name, u.system.name] for u in overview.uses),
    )  # fmt: skip


def _profile_cell(sent: loa.Sent) -> str:
    if sent.assurance:
        text = sent.assurance
    elif sent.multipleauthn:
        text = "multipleauthn"
    else:
        text = _("Nothing")
    if sent.relay_state:
        text += f"; RelayState: {sent.relay_state}"
    if sent.idp_must_enforce:
        text += f"; {_('IdP must enforce two factors')}"
    return text


def profile_table() -> Table:
    """What Context Handler 2 sends, per profile and required level (the slides' rule)."""
    levels = list(loa.Level)
    return Table(
        "contexthandler-profiler",
        _("Profiles"),
        [Column(_("Profile"), width=34), *(Column(level.label, width=22) for level in levels)],
        (
            [profile.label, *(_profile_cell(loa.what_ch2_sends(profile, lv)) for lv in levels)]
            for profile in loa.Profile
        ),
    )
