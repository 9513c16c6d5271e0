"""Reading KOMBIT's survey export of the check-ins (`municipality_code,wave,phase,week,area,score,
comment`) into rows for `services.checkins_import`, with every bad row reported by its line number:
the file is imported all or nothing."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kombitportal.core.models import Municipality, Region
from kombitportal.core.population import decode
from valg.models import WEEKS, Phase, RatedArea, Wave
from valg.services import ImportRow

COLUMNS = ("municipality_code", "wave", "phase", "week", "area", "score", "comment")
KEY_COLUMNS = ("municipality_code", "wave", "phase", "week", "area")  # a check-in's key
COMMENT_LIMIT = 2000
WHOLE_NUMBER = re.compile(r"^\d+$", re.ASCII)
WAVE = re.compile(r"^(?:rul\s*)?(\d+)$", re.ASCII | re.IGNORECASE)  # "1", "Rul 1", "rul 1"

# (participant kind, participant pk, wave number, phase, week, area)
Key = tuple[str, int, int, str, int, str]


@dataclass
class CheckinFile:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Lookups:
    """Everything a row is checked against, loaded once (a fixed number of queries)."""

    municipalities: dict[str, Municipality]  # 4-digit code → municipality
    regions: dict[str, Region]  # code → region
    waves: dict[int, Wave]  # number → wave
    members: dict[int, tuple[set[int], set[int]]]  # wave pk → (municipality pks, region pks)

    @classmethod
    def load(cls) -> "_Lookups":
        waves = {
            wave.number: wave for wave in Wave.objects.prefetch_related("municipalities", "regions")
        }
        return cls(
            municipalities={m.code: m for m in Municipality.objects.all()},
            regions={r.code: r for r in Region.objects.all()},
            waves=waves,
            members={
                wave.pk: (
                    {m.pk for m in wave.municipalities.all()},
                    {r.pk for r in wave.regions.all()},
                )
                for wave in waves.values()
            },
        )


def _delimiter(text: str) -> str:
    """`;` or `,`, whichever the header line (the first line with anything in it) has more of."""
    for line in text.splitlines():
        if line.strip(" \t,;"):
            return ";" if line.count(";") > line.count(",") else ","
    return ","


def _check_header(line: int, cells: list[str]) -> list[str]:
    errors = []
    seen: set[str] = set()
    for position, name in enumerate(cells, 1):
        if not name:
            errors.append(
                _("Line %(line)d: column %(position)d of the header has no name.")
                % {"line": line, "position": position}
            )
        elif name not in COLUMNS:
            errors.append(
                _(
                    "Line %(line)d: unknown column “%(column)s” in the header (the columns are %(columns)s)."
                )
                % {"line": line, "column": name, "columns": ", ".join(COLUMNS)}
            )
        elif name in seen:
            errors.append(
                _("Line %(line)d: the column “%(column)s” appears twice in the header.")
                % {"line": line, "column": name}
            )
        seen.add(name)
    errors.extend(
        _("Line %(line)d: the header has no column “%(column)s”.")
        % {"line": line, "column": column}
        for column in COLUMNS
        if column not in seen
    )
    return errors


def _whole_number(value: str, low: int, high: int) -> int | None:
    if not WHOLE_NUMBER.match(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


class _RowChecker:
    def __init__(self, lookups: _Lookups) -> None:
        self.lookups = lookups
        self.first_line_of: dict[Key, int] = {}

    def check(self, line: int, values: dict[str, str]) -> tuple[ImportRow | None, list[str]]:
        """The row, or None and every problem of the row."""
        errors: list[str] = []

        def error(message: str, **params: object) -> None:
            errors.append(message % {"line": line, **params})

        def empty(column: str) -> None:
            error(_("Line %(line)d: the column %(column)s is empty."), column=column)

        for column in KEY_COLUMNS:
            if not values[column]:
                empty(column)

        municipality: Municipality | None = None
        region: Region | None = None
        if code := values["municipality_code"]:
            padded = code.zfill(4) if WHOLE_NUMBER.match(code) else code
            municipality = self.lookups.municipalities.get(padded)
            if municipality is None:
                region = self.lookups.regions.get(code) or self.lookups.regions.get(padded)
            if municipality is None and region is None:
                error(
                    _(
                        "Line %(line)d: “%(value)s” is not the code of a municipality (like 0751) or a region (like 1082)."
                    ),
                    value=code,
                )
        participant = municipality or region

        wave: Wave | None = None
        if value := values["wave"]:
            match = WAVE.match(value)
            if match is None:
                error(
                    _(
                        "Line %(line)d: the wave “%(value)s” is not a wave number like 1 or “Rul 1”."
                    ),
                    value=value,
                )
            else:
                wave = self.lookups.waves.get(int(match.group(1)))
                if wave is None:
                    error(_("Line %(line)d: there is no wave “%(value)s”."), value=value)
                elif wave.status == Wave.Status.CANCELLED:
                    error(
                        _("Line %(line)d: %(wave)s was cancelled: it has no check-ins."),
                        wave=str(wave),
                    )
                elif participant is not None:
                    municipalities, regions = self.lookups.members[wave.pk]
                    listed = municipalities or regions
                    member = (
                        municipality.pk in municipalities
                        if municipality is not None
                        else participant.pk in regions
                    )
                    if listed and not member:
                        error(
                            _("Line %(line)d: %(participant)s was not in %(wave)s."),
                            participant=str(participant),
                            wave=str(wave),
                        )

        phase: Phase | None = None
        if value := values["phase"]:
            if value.lower() in Phase.values:
                phase = Phase(value.lower())
            else:
                error(
                    _("Line %(line)d: unknown phase “%(value)s” (the phases are %(choices)s)."),
                    value=value,
                    choices=", ".join(Phase.values),
                )

        week: int | None = None
        if value := values["week"]:
            week = _whole_number(value, 1, 5)
            if week is None:
                error(
                    _("Line %(line)d: the week “%(value)s” is not a whole number from 1 to 5."),
                    value=value,
                )
            elif phase is not None and week not in WEEKS[phase]:
                error(
                    _(
                        "Line %(line)d: week %(week)d is not a week of the phase “%(phase)s” (its weeks: %(weeks)s)."
                    ),
                    week=week,
                    phase=phase.value,
                    weeks=", ".join(map(str, WEEKS[phase])),
                )

        area: str | None = None
        if value := values["area"]:
            if value.lower() in RatedArea.values:
                area = value.lower()
            else:
                error(
                    _("Line %(line)d: unknown rated area “%(value)s” (the areas are %(choices)s)."),
                    value=value,
                    choices=", ".join(RatedArea.values),
                )

        if not errors:  # the key is valid: the same key twice in the file is an error
            assert participant is not None and wave is not None
            assert phase is not None and week is not None and area is not None
            kind = "municipality" if municipality is not None else "region"
            key: Key = (kind, participant.pk, wave.number, phase.value, week, area)
            if key in self.first_line_of:
                error(
                    _(
                        "Line %(line)d: %(participant)s, %(wave)s, week %(week)d, “%(area)s” appears twice (also on line %(first)d)."
                    ),
                    participant=str(participant),
                    wave=str(wave),
                    week=week,
                    area=area,
                    first=self.first_line_of[key],
                )
            else:
                self.first_line_of[key] = line

        score: int | None = None
        if not (value := values["score"]):
            empty("score")
        elif (score := _whole_number(value, 1, 5)) is None:
            error(
                _("Line %(line)d: the score “%(value)s” is not a whole number from 1 to 5."),
                value=value,
            )

        comment = values["comment"]
        if len(comment) > COMMENT_LIMIT:
            error(
                _(
                    "Line %(line)d: the comment has %(length)d characters; at most %(limit)d are allowed."
                ),
                length=len(comment),
                limit=COMMENT_LIMIT,
            )

        if errors:
            return None, errors
        assert wave is not None and week is not None and area is not None and score is not None
        row = ImportRow(
            line=line,
            wave=wave,
            municipality=municipality,
            region=region,
            week=week,
            area=area,
            score=score,
            comment=comment,
        )
        return row, []


def read_checkins(raw: bytes) -> CheckinFile:
    """Parse and check a survey export (UTF-8 with or without BOM, or Windows-1252; `,` or `;`).
    Line numbers are the file's, the header being line 1; a row whose quoted cell spans lines is
    reported by the line it starts on."""
    result = CheckinFile()
    text = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    checker: _RowChecker | None = None
    ended = 0  # the last line of the previous record
    line = 0
    try:
        for record in reader:
            line, ended = ended + 1, reader.line_num
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue  # a blank line
            if header is None:
                header = [cell.lower() for cell in cells]
                result.errors = _check_header(line, header)
                if result.errors:
                    return result
                continue
            if len(cells) != len(header):
                result.errors.append(
                    _("Line %(line)d: %(count)d cells where the header has %(columns)d.")
                    % {"line": line, "count": len(cells), "columns": len(header)}
                )
                continue
            if checker is None:
                checker = _RowChecker(_Lookups.load())
            row, errors = checker.check(line, dict(zip(header, cells, strict=True)))
            result.errors.extend(errors)
            if row is not None:
                result.rows.append(row)
    except csv.Error as exc:
        result.errors.append(
            _("Line %(line)d: the file cannot be read as CSV (%(reason)s).")
            % {"line": max(line, reader.line_num), "reason": exc}
        )
    if header is None:
        result.errors.append(_("The file is empty: it has no header line and no rows."))
    elif not result.rows and not result.errors:
        result.errors.append(_("The file has only the header line: it has no rows."))
    if result.errors:
        result.rows = []  # all or nothing
    return result
