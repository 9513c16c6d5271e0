"""The profile page: a user turns their own reminders and digest on or off; a programme leader sees
who in the municipality receives what (and only their own municipality); the outbox in the admin."""

import pytest

from kombitportal.api import services as api_services
from kombitportal.core import services as core_services
from kombitportal.notifications import services
from kombitportal.notifications.models import Mail, MailPreference
from tests.notifications.conftest import DAY

pytestmark = pytest.mark.django_db


def test_profile_shows_and_saves_the_users_choice(client_for, user_a):
    client = client_for(user_a)
    page = client.get("/profil/")
    assert page.status_code == 200
    assert 'name="reminders" id="id_reminders" aria-describedby="id_reminders_help" checked' in (
        page.content.decode()
    )
    response = client.post("/profil/", {"digest": "on"})  # reminders unticked
    assert response.status_code == 302 and response["Location"] == "/profil/"
    preference = MailPreference.objects.get(person__user=user_a)
    assert (preference.reminders, preference.digest) == (False, True)
    page = client.get("/profil/").content.decode()
    assert "Dine mailvalg er gemt." in page
    assert 'id="id_reminders" aria-describedby="id_reminders_help">' in page  # unticked


def test_programme_leader_sees_who_in_the_municipality_receives_what(
    client_for, user_a, aarhus, odense
):
    core_services.person_upsert(
        name="Sofie Bach", email="sofie@aarhus.example.dk", municipality=aarhus
    )
    muted = core_services.person_upsert(
        name="Ole Dam", email="ole@aarhus.example.dk", municipality=aarhus
    )
    core_services.person_upsert(name="Bo Odense", email="bo@odense.example.dk", municipality=odense)
    MailPreference.objects.create(person=muted, reminders=False)
    page = client_for(user_a).get("/profil/").content.decode()
    assert "Hvem i Aarhus får hvad" in page
    assert "Sofie Bach" in page and "Ole Dam" in page
    assert "Bo Odense" not in page  # another municipality's people never show


def test_employee_does_not_see_the_municipality_table(client_for, staff_a):
    page = client_for(staff_a).get("/profil/").content.decode()
    assert "Hvem i Aarhus får hvad" not in page
    assert "Mail fra portalen" in page


def test_recent_mail_is_listed_on_the_profile(client_for, world, people, user_a, smtp):
    services.reminders_sweep(day=DAY)
    mail = Mail.objects.filter(person=people["sofie"]).first()
    services.mail_deliver(mail_id=mail.pk)
    people["sofie"].user = user_a
    people["sofie"].save()
    page = client_for(user_a).get("/profil/").content.decode()
    assert "Mail sendt til dig for nylig" in page and "Sendt" in page


@pytest.mark.parametrize("n", [1, 6])
def test_profile_runs_a_fixed_number_of_queries(
    n, client_for, user_a, aarhus, django_assert_num_queries, db_sessions
):
    for i in range(n):
        core_services.person_upsert(
            name=f"P{i}", email=f"p{i}@aarhus.example.dk", municipality=aarhus
        )
        api_services.api_token_create(user=user_a, name=f"Nøgle {i}", actor=user_a)
    client = client_for(user_a)
    client.get("/profil/")  # the user's Person is linked on the first visit
    # Session, user with municipality, person, preference, the municipality's people, recent mail,
    # the calendar feeds and the saved filters they can be made of, the user's API keys.
    with django_assert_num_queries(9):
        assert client.get("/profil/").status_code == 200


def test_outbox_in_the_admin_with_resend(client_for, kombit_user, world, smtp):
    services.reminders_sweep(day=DAY)
    row = Mail.objects.order_by("pk").first()
    smtp.handler.reply = "550 5.1.1 No such user"
    services.mail_deliver(mail_id=row.pk)
    client = client_for(kombit_user)
    page = client.get("/admin/notifications/mail/?state__exact=failed").content.decode()
    assert row.email in page and "550" in page
    response = client.post(
        "/admin/notifications/mail/",
        {"action": "resend", "_selected_action": [row.pk], "index": 0},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("queued", 0)
