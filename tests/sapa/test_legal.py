"""The legal bases of the three SAPA slides, read and written back exactly as the slides write
them, and their paragraphs for look-up."""

from datetime import date

import pytest

from sapa.legal import (
    LegalBasisError,
    paragraph_key,
    paragraph_ranges,
    parse_basis,
    parse_paragraph_query,
)

# Every legal basis of "Indkomstoplysninger - bred / mellem adgang", as the slides write them (the
# slides' line breaks joined). "snæver adgang" lists subject areas only.
SLIDE_BASES = [
    "Lov om social service § 80, § 100, §§ 107-110, § 114, § 119, § 120, § 163, § 192 og § 192a (LBK nr. 909 af 3. juli 2024)",
    "Bekendtgørelse om betaling for botilbud m.v. efter servicelovens kapitel 20 samt om flytteret i forbindelse med botilbud efter § 108 §§ 1-18 (BEK nr. 1387 af 12. december 2006)",
    "Bekendtgørelse om støtte til køb af bil efter lov om social services § 8 (BKG nr. 1480 af 5. december 2023)",
    "Barnets lov § 35, § 36, § 46, § 47, § 87, § 88, § 119, § 120, § 187 og § 188 (LBK nr. 890 af 19. juni 2024)",
    "Bekendtgørelse om betaling for ophold i anbringelsessteder for børn og unge under 18 år samt for døgnophold og udslusningsophold for unge i alderen 18 til og med 22 år §§ 1-12 (BEK nr. 95 af 29. januar 2024)",
    "Lov om aktiv socialpolitik §§ 14-15, §§ 27, 27 a, § 29, §§ 30-33, § 68a, §, § 71, § 72, § 73, § 81-85 og §§ 90-94 (LBK. Nr. 808 af 25. juni 2024)",
    "Retssikkerhedsloven § 11c, stk. 1, nr. 4 (LBK nr. 261 af 13. marts 2024)",
    "Lov om integration af udlændinge i Danmark (integrationsloven) § 4, stk. 1, §§ 35-39 og § 40 (LBK 1146 af 22. juni 2020)",
    "Lov om midlertidig opholdstilladelse til personer, der er fordrevet fra Ukraine § 30, stk. 2 (LOV nr. 324 af 16. marts 2022)",
    "Lov om aktiv beskæftigelsesindsats §§ 72-73, § 123 og §§ 149 (LBK nr. 280 af 1. marts 2024)",
    "Bekendtgørelse om beregning af og fradrag i fleksløntilskud § 1 og §§ 3-4 (BEK nr. 227 af 7. marts 2024)",
    "Lov om sygedagpenge § 32, § 42 og§ §§ 46-47, (LBK nr. 994 af 22. august 2024)",
    "Bekendtgørelse om opgørelse af beskæftigelseskrav og beregning af sygedagpenge m.v. §§ 23-24 (BEK nr. 827 af 24. juni 2024)",
    "Lov om individuel boligstøtte §§ 6-8 og §§ 54-59 (LBK nr. 229 af 12. februar 2021)",
    "Lov om social pension § 14, stk. 1, § 14a, § 18 og § 36 (LBK nr. 1042 af 2. september 2024)",
    "Lov om højeste, mellemste, forhøjet almindelig og almindelig førtidspension m.v. §§ 16-19 (LBK nr. 1033 af 2. september 2024)",
    "Barnets lov §§ 28-65 (kapitel 4-5), §§ 80-90 (kapitel 8), § 187, (LBK nr. 890 af 19. juni 2024)",
    "Lov om dag-, fritids- og klubtilbud m.v. til børn og unge (dagtilbudsloven) § 44, § 64, § 77, §87, stk. 1, nr. 1 og §§ 93-93 a (LBK nr. 988 af 27. august 2024)",
    "Bekendtgørelse om dagtilbud § 29, § 30, § 33 og § 36 (BEK nr. 2058 af 15. november 2021)",
]  # fmt: skip


@pytest.mark.parametrize("text", SLIDE_BASES)
def test_every_slide_basis_reads_back_as_written(text):
    assert parse_basis(text).text == text


@pytest.mark.parametrize(
    ("text", "act", "short_name", "paragraphs", "kind", "number", "day"),
    [
        (SLIDE_BASES[0], "Lov om social service", "", "§ 80, § 100, §§ 107-110, § 114, § 119, § 120, § 163, § 192 og § 192a", "LBK", 909, date(2024, 7, 3)),
        (SLIDE_BASES[1], "Bekendtgørelse om betaling for botilbud m.v. efter servicelovens kapitel 20 samt om flytteret i forbindelse med botilbud efter § 108", "", "§§ 1-18", "BEK", 1387, date(2006, 12, 12)),
        (SLIDE_BASES[2], "Bekendtgørelse om støtte til køb af bil efter lov om social services § 8", "", "", "BKG", 1480, date(2023, 12, 5)),
        (SLIDE_BASES[3], "Barnets lov", "Barnets lov", "§ 35, § 36, § 46, § 47, § 87, § 88, § 119, § 120, § 187 og § 188", "LBK", 890, date(2024, 6, 19)),
        (SLIDE_BASES[5], "Lov om aktiv socialpolitik", "", "§§ 14-15, §§ 27, 27 a, § 29, §§ 30-33, § 68a, §, § 71, § 72, § 73, § 81-85 og §§ 90-94", "LBK", 808, date(2024, 6, 25)),
        (SLIDE_BASES[6], "Retssikkerhedsloven", "Retssikkerhedsloven", "§ 11c, stk. 1, nr. 4", "LBK", 261, date(2024, 3, 13)),
        (SLIDE_BASES[7], "Lov om integration af udlændinge i Danmark (integrationsloven)", "integrationsloven", "§ 4, stk. 1, §§ 35-39 og § 40", "LBK", 1146, date(2020, 6, 22)),
        (SLIDE_BASES[8], "Lov om midlertidig opholdstilladelse til personer, der er fordrevet fra Ukraine", "", "§ 30, stk. 2", "LOV", 324, date(2022, 3, 16)),
        (SLIDE_BASES[11], "Lov om sygedagpenge", "", "§ 32, § 42 og§ §§ 46-47,", "LBK", 994, date(2024, 8, 22)),
        (SLIDE_BASES[16], "Barnets lov", "Barnets lov", "§§ 28-65 (kapitel 4-5), §§ 80-90 (kapitel 8), § 187,", "LBK", 890, date(2024, 6, 19)),
        (SLIDE_BASES[17], "Lov om dag-, fritids- og klubtilbud m.v. til børn og unge (dagtilbudsloven)", "dagtilbudsloven", "§ 44, § 64, § 77, §87, stk. 1, nr. 1 og §§ 93-93 a", "LBK", 988, date(2024, 8, 27)),
    ],
)  # fmt: skip
def test_the_parts_of_a_basis(text, act, short_name, paragraphs, kind, number, day):
    parts = parse_basis(text)
    assert (parts.act, parts.short_name, parts.paragraphs) == (act, short_name, paragraphs)
    assert parts.reference is not None
    assert (parts.reference.kind, parts.reference.number, parts.reference.date) == (
        kind,
        number,
        day,
    )


def test_the_slides_slips_are_kept_as_written():
    assert parse_basis(SLIDE_BASES[5]).reference.text == "LBK. Nr. 808 af 25. juni 2024"
    assert parse_basis(SLIDE_BASES[7]).reference.text == "LBK 1146 af 22. juni 2020"
    assert parse_basis(SLIDE_BASES[2]).reference.text == "BKG nr. 1480 af 5. december 2023"
    assert parse_basis(SLIDE_BASES[9]).paragraphs == "§§ 72-73, § 123 og §§ 149"


def keys(paragraphs):
    return [(r.first, r.last) for r in paragraph_ranges(paragraphs)]


def test_paragraphs_for_look_up():
    assert keys("§ 80, §§ 107-110, § 192 og § 192a") == [
        (8000, 8000), (10700, 11000), (19200, 19200), (19201, 19201)
    ]  # fmt: skip
    assert keys("§§ 27, 27 a, § 68a, §, § 81-85") == [
        (2700, 2700), (2701, 2701), (6801, 6801), (8100, 8500)
    ]  # fmt: skip
    assert keys("§ 11c, stk. 1, nr. 4") == [(1103, 1103)]
    assert keys("§§ 28-65 (kapitel 4-5), §§ 80-90 (kapitel 8), § 187,") == [
        (2800, 6500), (8000, 9000), (18700, 18700)
    ]  # fmt: skip
    assert keys("§87, stk. 1, nr. 1 og §§ 93-93 a") == [(8700, 8700), (9300, 9301)]
    assert keys("§ 32, § 42 og§ §§ 46-47,") == [(3200, 3200), (4200, 4200), (4600, 4700)]


def test_every_slide_basis_has_readable_paragraphs():
    for text in SLIDE_BASES:
        paragraphs = parse_basis(text).paragraphs
        assert bool(paragraph_ranges(paragraphs)) == bool(paragraphs.strip("§, ")), text


@pytest.mark.parametrize(
    ("query", "key"),
    [("§ 109", 10900), ("§109", 10900), ("192a", 19201), ("§ 192 a", 19201), ("§§ 87", 8700),
     ("Fogedsager", None), ("LBK 909", None), ("", None)],
)  # fmt: skip
def test_a_paragraph_in_a_query(query, key):
    assert parse_paragraph_query(query) == key


def test_109_is_in_107_to_110():
    (covering,) = paragraph_ranges("§§ 107-110")
    assert covering.first <= paragraph_key(109) <= covering.last


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "§ 80 (LBK nr. 909 af 3. juli 2024)",
        "Lov om noget (LBK nr. 1 af 31. februar 2024)",
    ],
)
def test_what_is_not_a_basis_is_refused(text):
    with pytest.raises(LegalBasisError):
        parse_basis(text)
