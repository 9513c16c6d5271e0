"""The shipped reference data (kombitportal/core/data/): 5 regions, 98 municipalities, KOMBIT A/S.

Sources and dates are in data/README.md. Loaded by a data migration and again by `load_demo`; loading
is an upsert by code, so names and CVR numbers are refreshed and admin edits of population survive
unless the shipped figure is newer.
"""

import csv
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(Region, Municipality, Organisation) -> None:
    regions = {}
    for row in read_csv("regions.csv"):
        region, _ = Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        regions[row["code"]] = region
    for row in read_csv("municipalities.csv"):
        shipped_date = (
            date.fromisoformat(row["population_date"]) if row["population_date"] else None
        )
        municipality = Municipality.objects.filter(code=row["code"]).first()
        if municipality is None:
            municipality = Municipality(code=row["code"])
        municipality.name = row["name"]
        municipality.official_name = row["official_name"]
        municipality.cvr = row["cvr"] or municipality.cvr
        municipality.region = regions[row["region_code"]]
        if municipality.population_date is None or (
            shipped_date and shipped_date > municipality.population_date
        ):
            municipality.population = int(row["population"]) if row["population"] else None
            municipality.population_date = shipped_date
        municipality.save()
    for row in read_csv("organisations.csv"):
        Organisation.objects.update_or_create(
            cvr=row["cvr"], defaults={"name": row["name"], "kind": row["kind"]}
        )
