"""Dates the way KOMBIT writes them: exact ("31.12.2024"), approximate ("Slut dec/start jan",
"Midt jan 2025", "Uge 49", "Primo januar", "Første i december") or pending ("Afventer").

An approximate date keeps the text as written, a precision, and the range of days it can mean. A
model stores it with `ApproximateDateField`, which adds three real columns: `<name>_text`,
`<name>_date` (sortable: the earliest day for a start, the latest for an end; NULL when pending, so
pending sorts last) and `<name>_precision`, plus `<name>_pending_reason`.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Exact day")
    WEEK = "week", _("Week")
    PART_OF_MONTH = "part", _("Part of a month")
    MONTH = "month", _("Month")
    SPAN = "span", _("Across two months")
    YEAR = "year", _("Year")
    PENDING = "pending", _("Pending")


MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
MONTH = r"(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?"
YEAR = r"(?:\s+(\d{4}))?"
# Part-of-month words → (first day, last day) of the month's part.
PARTS = {
    "primo": (1, 10), "start": (1, 10), "starten af": (1, 10), "første i": (1, 7),
    "først i": (1, 7), "medio": (11, 20), "midt": (11, 20), "midten af": (11, 20),
    "ultimo": (21, 31), "slut": (21, 31), "slutningen af": (21, 31), "sidst i": (21, 31),
}  # fmt: skip
# A part of a year, by the part of a month the same word means: its first, middle or last months.
YEAR_PARTS = {(1, 10): (1, 3), (1, 7): (1, 3), (11, 20): (5, 8), (21, 31): (10, 12)}
PENDING_WORDS = ("afventer", "udsendelse afventer", "ikke fastlagt", "tbd")
# Words around a date that do not change it ("Forventes udsendt 1. februar", "Sendes i uge 51").
NOISE = re.compile(
    r"^(forventes\s+udsendt|forventes|sendes\s+i|sendes|sendt|udsendt|senest|deadline)\s+", re.I
)


class ApproximateDateError(ValueError):
    pass


@dataclass(frozen=True)
class ApproximateDate:
    text: str
    precision: str
    earliest: date | None
    latest: date | None
    pending_reason: str = ""

    @property
    def is_pending(self) -> bool:
        return self.precision == Precision.PENDING

    @property
    def is_exact(self) -> bool:
        return self.precision == Precision.DAY

    def sort_date(self, bound: str) -> date | None:
        return self.earliest if bound == "start" else self.latest

    def __str__(self) -> str:
        return self.text


def _clamp_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), _clamp_day(year, month, 31)


def _year_for(month: int, year: str | None, reference: date) -> int:
    """A month written without a year is the first such month on or after the reference month."""
    if year:
        return int(year)
    return reference.year if month >= reference.month else reference.year + 1


def parse_approximate_date(
    text: str, *, reference: date, pending_reason: str = ""
) -> ApproximateDate:
    """Read a date as KOMBIT writes it. `reference` gives the year where the text has none."""
    written = " ".join((text or "").split())
    if not written:
        raise ApproximateDateError(_("Write a date, or “Afventer” if it is pending."))
    lowered = NOISE.sub("", written.lower()).strip()

    if lowered in PENDING_WORDS or lowered.startswith("afventer"):
        return ApproximateDate(written, Precision.PENDING, None, None, pending_reason)

    if m := re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2,4})", lowered):
        day, month, year = (int(g) for g in m.groups())
        year = year + 2000 if year < 100 else year
        try:
            exact = date(year, month, day)
        except ValueError as exc:
            raise ApproximateDateError(
                _("“%(text)s” is not a real date.") % {"text": written}
            ) from exc
        return ApproximateDate(written, Precision.DAY, exact, exact, pending_reason)

    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", lowered):
        exact = date.fromisoformat(lowered)
        return ApproximateDate(written, Precision.DAY, exact, exact, pending_reason)

    if m := re.fullmatch(rf"(\d{{1,2}})\.?\s+{MONTH}{YEAR}", lowered):
        month = MONTHS[m.group(2)]
        year = _year_for(month, m.group(3), reference)
        try:
            exact = date(year, month, int(m.group(1)))
        except ValueError as exc:
            raise ApproximateDateError(
                _("“%(text)s” is not a real date.") % {"text": written}
            ) from exc
        return ApproximateDate(written, Precision.DAY, exact, exact, pending_reason)

    if m := re.fullmatch(r"(?:i\s+)?uge\s+(\d{1,2})(?:\s+(\d{4}))?", lowered):
        week = int(m.group(1))
        if m.group(2):
            year = int(m.group(2))
        else:
            year = reference.isocalendar().year
            if week < reference.isocalendar().week - 26:
                year += 1
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise ApproximateDateError(_("Week %(week)s does not exist.") % {"week": week}) from exc
        return ApproximateDate(
            written, Precision.WEEK, monday, monday + timedelta(days=4), pending_reason
        )

    # "Slut dec/start jan", "ultimo december / primo januar": a span across two months.
    part_words = "|".join(sorted((re.escape(p) for p in PARTS), key=len, reverse=True))
    if m := re.fullmatch(
        rf"(?:({part_words})\s+)?{MONTH}{YEAR}\s*/\s*(?:({part_words})\s+)?{MONTH}{YEAR}", lowered
    ):
        first_part, first_month, first_year, second_part, second_month, second_year = m.groups()
        month_a, month_b = MONTHS[first_month], MONTHS[second_month]
        year_a = _year_for(month_a, first_year, reference)
        year_b = int(second_year) if second_year else year_a + (1 if month_b < month_a else 0)
        start_day = PARTS[first_part][0] if first_part else 1
        end_day = PARTS[second_part][1] if second_part else 31
        return ApproximateDate(
            written,
            Precision.SPAN,
            _clamp_day(year_a, month_a, start_day),
            _clamp_day(year_b, month_b, end_day),
            pending_reason,
        )

    if m := re.fullmatch(rf"({part_words})\s+{MONTH}{YEAR}", lowered):
        part, month_name, year_text = m.groups()
        month = MONTHS[month_name]
        year = _year_for(month, year_text, reference)
        first, last = PARTS[part]
        return ApproximateDate(
            written,
            Precision.PART_OF_MONTH,
            _clamp_day(year, month, first),
            _clamp_day(year, month, last),
            pending_reason,
        )

    if m := re.fullmatch(rf"(?:i\s+)?{MONTH}{YEAR}", lowered):
        month = MONTHS[m.group(1)]
        earliest, latest = _month_range(_year_for(month, m.group(2), reference), month)
        return ApproximateDate(written, Precision.MONTH, earliest, latest, pending_reason)

    # "Primo 2025", "Ultimo 2024": a part of a year (its first, middle or last months).
    if m := re.fullmatch(rf"({part_words})\s+(\d{{4}})", lowered):
        first_month, last_month = YEAR_PARTS[PARTS[m.group(1)]]
        year = int(m.group(2))
        return ApproximateDate(
            written,
            Precision.YEAR,
            date(year, first_month, 1),
            _month_range(year, last_month)[1],
            pending_reason,
        )

    if m := re.fullmatch(r"(\d{4})", lowered):
        year = int(m.group(1))
        return ApproximateDate(
            written, Precision.YEAR, date(year, 1, 1), date(year, 12, 31), pending_reason
        )

    if m := re.fullmatch(r"(?:i\s+)?(?:det\s+nye\s+år)", lowered):
        year = reference.year + 1
        return ApproximateDate(
            written, Precision.YEAR, date(year, 1, 1), date(year, 12, 31), pending_reason
        )

    raise ApproximateDateError(
        _(
            "“%(text)s” is not a date the portal understands. Write e.g. 31.12.2024, "
            "“Uge 49”, “Midt jan 2025”, “Slut dec/start jan” or “Afventer”."
        )
        % {"text": written}
    )


class ApproximateDateField:
    """Adds `<name>_text`, `<name>_date`, `<name>_precision` and `<name>_pending_reason` to a model
    and gives `<name>` as an ApproximateDate. `bound` says which end of the range sorts: "start"
    (earliest day) or "end" (latest day)."""

    def __init__(self, verbose_name, *, bound: str = "end", blank: bool = True):
        assert bound in {"start", "end"}
        self.verbose_name = verbose_name
        self.bound = bound
        self.blank = blank

    def contribute_to_class(self, cls, name: str) -> None:
        self.name = name
        cls.add_to_class(
            f"{name}_text",
            models.CharField(self.verbose_name, max_length=100, blank=self.blank),
        )
        cls.add_to_class(
            f"{name}_date",
            models.DateField(
                self.verbose_name,
                null=True,
                blank=True,
                db_index=True,
                help_text=_("Sortable date, derived from the text."),
            ),
        )
        cls.add_to_class(
            f"{name}_precision",
            models.CharField(_("precision"), max_length=10, choices=Precision.choices, blank=True),
        )
        cls.add_to_class(
            f"{name}_pending_reason",
            models.CharField(_("why it is pending"), max_length=300, blank=True),
        )
        setattr(cls, name, self)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        text = getattr(instance, f"{self.name}_text")
        if not text:
            return None
        sortable = getattr(instance, f"{self.name}_date")
        return ApproximateDate(
            text=text,
            precision=getattr(instance, f"{self.name}_precision"),
            earliest=sortable,
            latest=sortable,
            pending_reason=getattr(instance, f"{self.name}_pending_reason"),
        )

    def __set__(self, instance, value: ApproximateDate | None) -> None:
        if value is None:
            for suffix, empty in (
                ("text", ""),
                ("date", None),
                ("precision", ""),
                ("pending_reason", ""),
            ):
                setattr(instance, f"{self.name}_{suffix}", empty)
            return
        setattr(instance, f"{self.name}_text", value.text)
        setattr(instance, f"{self.name}_date", value.sort_date(self.bound))
        setattr(instance, f"{self.name}_precision", value.precision)
        setattr(instance, f"{self.name}_pending_reason", value.pending_reason)


def validate_approximate_date(text: str, *, reference: date) -> ApproximateDate:
    try:
        return parse_approximate_date(text, reference=reference)
    except ApproximateDateError as exc:
        raise ValidationError(str(exc)) from exc


def clean_approximate_dates(form, names: tuple[str, ...], *, reference: date) -> None:
    """For a ModelForm with `<name>_text`/`<name>_pending_reason` fields: parse each written date
    onto `form.instance` (which fills the sortable date and precision) or add the error to the
    field. A later date's year is read relative to the earlier one (an end after its start)."""
    for name in names:
        text = form.cleaned_data.get(f"{name}_text", "")
        if not text:
            setattr(form.instance, name, None)
            continue
        try:
            parsed = parse_approximate_date(
                text,
                reference=reference,
                pending_reason=form.cleaned_data.get(f"{name}_pending_reason", ""),
            )
        except ApproximateDateError as exc:
            form.add_error(f"{name}_text", str(exc))
            continue
        setattr(form.instance, name, parsed)
        reference = parsed.earliest or reference
