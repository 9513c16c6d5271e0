"""Legal bases as KOMBIT's SAPA slides write them:

    Lov om social service § 80, § 100, §§ 107-110, § 114 (LBK nr. 909 af 3. juli 2024)
    Bekendtgørelse om dagtilbud § 29, § 30, § 33 og § 36 (BEK nr. 2058 af 15. november 2021)

`parse_basis` splits such a line into the act as the slide names it (with its short name, where it
has one), the paragraphs as written and the consolidation reference (kind, number, date);
`BasisParts.text` puts them together again, giving back the line exactly as written — the slides'
own slips included ("§ 42 og§ §§ 46-47", "LBK. Nr.", "BKG nr."), which are kept, never corrected.

`paragraph_ranges` reads the paragraphs for look-up: "§§ 107-110" covers § 109, "§§ 93-93 a"
covers § 93 a; subsections ("stk. 1, nr. 4") and chapters ("kapitel 4-5") are not paragraphs.
"""

import re
from dataclasses import dataclass
from datetime import date

from kombitportal.core.approxdate import MONTHS

# The reference in the line's last parentheses: "LBK nr. 909 af 3. juli 2024", "LBK 1146 af ...".
REFERENCE = re.compile(
    r"(?P<kind>[A-ZÆØÅ]{2,4})\.?\s+(?:nr\.\s*)?(?P<number>\d+)\s+af\s+"
    r"(?P<day>\d{1,2})\.\s*(?P<month>[a-zæøå]+)\.?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_NUMBER = r"\d+(?:\s?[a-zæøå](?![a-zæøå]))?"
# What a list of paragraphs is made of: §, numbers (with a letter), ranges, commas, "og",
# subsections ("stk. 1", "nr. 4") and chapters in parentheses ("(kapitel 4-5)"). Slips such as
# "og§ §§" or an empty "§," are still made of these.
_PARAGRAPH_TOKENS = re.compile(
    r"(?:\s+|§|,|-|og\b|(?:stk|nr)\.|\(kapitel[^)]*\)|\d+|[a-zæøå](?![a-zæøå]))+", re.IGNORECASE
)
# An order made under another act's paragraph names it in its title ("... efter § 108", "... efter
# lov om social services § 8"): that paragraph belongs to the title, not to the order's paragraphs.
_MADE_UNDER = re.compile(r"\befter(?:\s+(?:lov\b|\w+lovens?\b)[^§]*)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    text: str  # as written: "LBK nr. 909 af 3. juli 2024"
    kind: str  # as written, without its dot: "LBK", "BEK", "LOV", "BKG"
    number: int
    date: date


@dataclass(frozen=True)
class BasisParts:
    act: str  # as the slide names it: "Lov om integration af udlændinge i Danmark (integrationsloven)"
    short_name: str  # "integrationsloven", "Barnets lov"; "" where the act has none
    paragraphs: str  # as written: "§ 4, stk. 1, §§ 35-39 og § 40"
    reference: Reference | None

    @property
    def text(self) -> str:
        """The line as written."""
        parts = [self.act, self.paragraphs]
        if self.reference is not None:
            parts.append(f"({self.reference.text})")
        return " ".join(part for part in parts if part)


class LegalBasisError(ValueError):
    pass


def parse_reference(text: str) -> Reference:
    m = REFERENCE.fullmatch(text.strip())
    if not m or m["month"].lower() not in MONTHS:
        raise LegalBasisError(f"not a reference like “LBK nr. 909 af 3. juli 2024”: {text!r}")
    try:
        day = date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    except ValueError as exc:
        raise LegalBasisError(f"not a real date in {text!r}") from exc
    return Reference(text=text.strip(), kind=m["kind"], number=int(m["number"]), date=day)


def short_name_of(act: str) -> str:
    """ "(integrationsloven)" at the end of the title, or the title itself when it is a short
    name already ("Barnets lov", "Retssikkerhedsloven"); "" for "Lov om ..." and orders."""
    if m := re.search(r"\(([^()]+)\)\s*$", act):
        return m[1]
    if re.match(r"(lov|bekendtgørelse)\s+om\b", act, re.IGNORECASE):
        return ""
    return act if re.search(r"lov(en)?$", act, re.IGNORECASE) else ""


def parse_basis(text: str) -> BasisParts:
    """One legal basis (an act or an order under it) as the slide writes it."""
    written = " ".join(text.split())
    if not written:
        raise LegalBasisError("an empty legal basis")
    body, reference = written, None
    if (m := re.search(r"\s*\(([^()]*)\)$", written)) and REFERENCE.fullmatch(m[1].strip()):
        reference = parse_reference(m[1])
        body = written[: m.start()]
    act, paragraphs = body, ""
    start = body.find("§")
    while start != -1:
        if _PARAGRAPH_TOKENS.fullmatch(body, start) and not _MADE_UNDER.search(body[:start]):
            act, paragraphs = body[:start].rstrip(), body[start:]
            break
        start = body.find("§", start + 1)
    if not act:
        raise LegalBasisError(f"no act before the paragraphs: {text!r}")
    parts = BasisParts(act, short_name_of(act), paragraphs, reference)
    if parts.text != written:
        raise LegalBasisError(f"cannot read {text!r} so that it reads back as written")
    return parts


@dataclass(frozen=True, order=True)
class ParagraphRange:
    """Paragraphs `first` to `last`, each a sortable key (§ 93 → 9300, § 93 a → 9301)."""

    first: int
    last: int


def paragraph_key(number: int, letter: str = "") -> int:
    letter = letter.strip().lower()
    return number * 100 + (ord(letter) - ord("a") + 1 if letter else 0)


def _key(text: str) -> int:
    m = re.fullmatch(r"(\d+)\s?([a-zæøå]?)", text.strip())
    if not m:
        raise LegalBasisError(f"not a paragraph number: {text!r}")
    return paragraph_key(int(m[1]), m[2])


def paragraph_ranges(paragraphs: str) -> list[ParagraphRange]:
    """The paragraphs a written list cites, for look-up; subsections and chapters left out."""
    cleaned = re.sub(r"\(kapitel[^)]*\)", " ", paragraphs)
    cleaned = re.sub(r"(?:stk|nr)\.\s*\d+[a-z]?", " ", cleaned)
    found = []
    for m in re.finditer(rf"({_NUMBER})(?:\s*-\s*({_NUMBER}))?", cleaned):
        first = _key(m[1])
        last = _key(m[2]) if m[2] else first
        found.append(ParagraphRange(first, max(first, last)))
    return found


def parse_paragraph_query(text: str) -> int | None:
    """ "§ 192a", "§192 a", "192a" → the paragraph's key; None when the text names none."""
    m = re.fullmatch(r"(?:§§?\s*)?(\d+)\s?([a-zæøå]?)", text.strip().lower())
    return paragraph_key(int(m[1]), m[2]) if m else None
