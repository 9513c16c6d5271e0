"""SAPA's "Kommende opgaver" per municipality, each with its state from its source (the
agreement's signature, the KLIK task's status — not a copy), and "Hvem mangler at underskrive
SVR-dataudvekslingsaftalen": a municipality sees its own state and who holds the recipient roles,
KOMBIT who is missing."""

from datetime import date

import pytest
from django.core.management import call_command

from klik import services as klik_services
from klik.models import TaskAssignment
from kombitportal.agreements import services as agreement_services
from kombitportal.agreements.models import Agreement
from kombitportal.core.models import Municipality
from sapa import selectors

pytestmark = pytest.mark.django_db
TODAY = date(2024, 11, 26)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def states(user, municipality):
    return {
        (row.step.klik_code or row.step.what[:30]): (row.state, row.done, row.overdue)
        for row in selectors.steps(user=user, municipality=municipality, today=TODAY)
    }


def test_a_municipality_sees_each_step_from_its_source(demo, user_a, aarhus):
    mellem = Agreement.objects.get(title__startswith="Abonnementsaftale – mellem")
    agreement_services.agreement_sign(
        agreement=mellem, municipality=aarhus, signed_on=date(2024, 11, 20),
        signer_name="Mette Kjær Lund", document=None, actor=user_a,
    )  # fmt: skip
    k53 = TaskAssignment.objects.get(task__code="K53", municipality=aarhus)
    klik_services.assignment_set_status(assignment=k53, status="solved", actor=user_a)
    found = states(user_a, aarhus)
    assert found["Underskriv aftale – mellem dat"] == (
        "Underskrevet 20. november 2024",
        True,
        False,
    )
    assert found["Underskriv aftale – snæver dat"] == ("Venter på jeres underskrift", False, False)
    assert found["K53"] == ("Løst", True, False)
    assert found["K54"] == found["U10"] == ("Ikke startet", False, False)
    # After the deadline, what is not signed is overdue.
    late = selectors.steps(user=user_a, municipality=aarhus, today=date(2024, 12, 9))
    assert [r.overdue for r in late][:2] == [False, True]


def test_kombit_sees_how_many_are_done(demo, kombit_user, aarhus, user_a):
    snaever = Agreement.objects.get(title__startswith="Abonnementsaftale – snæver")
    agreement_services.agreement_sign(
        agreement=snaever, municipality=aarhus, signed_on=date(2024, 11, 20),
        signer_name="Mette Kjær Lund", document=None, actor=user_a,
    )  # fmt: skip
    found = states(kombit_user, None)
    assert found["Underskriv aftale – snæver dat"][0] == "Underskrevet af 1 af 98 kommuner"
    assert found["U10"][0] == "Løst i 0 af 98 kommuner"


def test_the_page_shows_another_municipality_nothing(demo, user_a, client_for, odense):
    """?kommune= is KOMBIT's: a municipal user's page is always their own municipality's."""
    page = client_for(user_a).get("/sapa/?kommune=0461").content.decode()
    assert "Kommende opgaver for Aarhus" in page and "Odense" not in page.split("<main")[1]


def test_svr_for_a_municipality_and_for_kombit(demo, user_a, aarhus, kombit_user, client_for):
    (mine,) = selectors.data_exchange_agreements(user=user_a, municipality=aarhus)
    assert mine.agreement.title == "SVR-dataudvekslingsaftale" and mine.signature is None
    assert [role for role, _people in mine.holders] == ["SAPA-systemejer", "SAPA-systemansvarlig"]
    (overview,) = selectors.data_exchange_agreements(user=kombit_user, municipality=None)
    assert len(overview.missing) == 7 and overview.signed_count == 91
    assert "Aarhus" in [m.name for m in overview.missing]
    page = client_for(kombit_user).get("/sapa/").content.decode()
    assert "Hvem mangler at underskrive SVR-dataudvekslingsaftale" in page
    assert "7 kommuner har ikke underskrevet" in page
    # A municipal user never gets KOMBIT's list of who is missing.
    assert selectors.data_exchange_agreements(user=user_a, municipality=None) == []
    own = client_for(user_a).get("/sapa/").content.decode()
    assert "7 kommuner har ikke underskrevet" not in own and "Venter på jeres underskrift" in own


@pytest.mark.parametrize("signed", [0, 60])
def test_the_start_page_of_sapa_runs_a_fixed_number_of_queries(
    demo, signed, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    mellem = Agreement.objects.get(title__startswith="Abonnementsaftale – mellem")
    for m in Municipality.objects.order_by("code")[:signed]:
        agreement_services.agreement_sign(
            agreement=mellem, municipality=m, signed_on=date(2024, 11, 20), signer_name="X",
            document=None, actor=kombit_user,
        )  # fmt: skip
    # Session, user, releases (2), timeline (2), steps with their KLIK tasks and signatures (3;
    # KOMBIT also counts the municipalities), the data-exchange agreements with their roles (3),
    # the signatures and role holders of the municipality (2) or for KOMBIT the signatures and
    # municipalities (2), the purposes (3).
    for user, queries in ((user_a, 17), (kombit_user, 18)):
        client = client_for(user)
        client.get("/sapa/")
        with django_assert_num_queries(queries):
            client.get("/sapa/")


def test_the_start_page_card(demo, user_a, kombit_user, client_for):
    page = client_for(user_a).get("/").content.decode()
    assert "6 af 6 opgaver mangler" in page
    assert (
        "6 opgaver, som ikke alle kommuner har løst"
        in client_for(kombit_user).get("/").content.decode()
    )
