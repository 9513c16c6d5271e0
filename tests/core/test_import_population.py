"""`manage.py import_population`: FOLK1A exports in the shapes Statbank produces; bad rows are all
reported and nothing is saved."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kombitportal.core.models import Municipality

BULK = 'OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD\n"Hele landet";"I alt";"Alder i alt";"I alt";"2025K3";6001008\n' \
    '"København";"I alt";"Alder i alt";"I alt";"2025K3";670000\n"København";"Mænd";"Alder i alt";"I alt";"2025K3";330000\n' \
    '"Region Hovedstaden";"I alt";"Alder i alt";"I alt";"2025K3";1900000\n"Høje-Taastrup";"I alt";"Alder i alt";"I alt";"2025K3";58000\n' \
    '"Aarhus";"I alt";"Alder i alt";"I alt";"2025K3";375000\n'  # fmt: skip


def run(tmp_path, content: str, encoding="utf-8", *args):
    path = tmp_path / "folk1a.csv"
    path.write_bytes(content.encode(encoding))
    out, err = StringIO(), StringIO()
    call_command("import_population", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_statbank_export(tmp_path, encoding, delimiter):
    out, err = run(tmp_path, BULK.replace(";", delimiter), encoding)
    assert "Opdaterede 3 kommuner (indbyggertal pr. 01.07.2025)" in out
    assert "Ikke i filen (95)" in err
    kbh = Municipality.objects.get(code="0101")
    assert (kbh.population, kbh.population_date) == (670000, date(2025, 7, 1))
    assert Municipality.objects.get(code="0169").population == 58000


@pytest.mark.django_db
def test_codes_title_lines_and_date_option(tmp_path):
    content = '"Befolkningen den 1. i kvartalet"\n"enhed: antal"\nOMRÅDE;INDHOLD\n101;600000\n0751;380000\n'
    out, _ = run(tmp_path, content, "utf-8", "--date", "2025-04-01")
    assert "Opdaterede 2 kommuner" in out
    assert Municipality.objects.get(code="0751").population_date == date(2025, 4, 1)


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_saved(tmp_path):
    before = dict(Municipality.objects.values_list("code", "population"))
    content = BULK + '"Atlantis";"I alt";"Alder i alt";"I alt";"2025K3";100\n"Odense";"I alt";"Alder i alt";"I alt";"2025K3";-5\n' \
        '"Aarhus";"I alt";"Alder i alt";"I alt";"2025K3";375001\n'  # fmt: skip
    with pytest.raises(CommandError) as excinfo:
        run(tmp_path, content)
    message = str(excinfo.value)
    assert "3 fejl; intet er gemt" in message
    assert "ukendt kommune “Atlantis”" in message and "Odense er ikke et positivt heltal" in message
    assert "Aarhus står der allerede" in message
    assert dict(Municipality.objects.values_list("code", "population")) == before


@pytest.mark.django_db
def test_several_periods_need_a_date(tmp_path):
    content = "OMRÅDE;TID;INDHOLD\nAarhus;2025K1;1\nOdense;2025K2;2\n"
    with pytest.raises(CommandError, match="flere perioder"):
        run(tmp_path, content)


@pytest.mark.django_db
def test_not_a_folk1a_file(tmp_path):
    with pytest.raises(CommandError, match="OMRÅDE og INDHOLD"):
        run(tmp_path, "name,value\nx,1\n")
