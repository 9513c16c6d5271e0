"""Valg's roll-out: the satisfaction table computed from the single check-ins (hand-computed
cases, and the property that the total is the mean of the phase means), the demo's figures as on
the slide, a municipality's own check-ins and comments only, the week form, the admin's import
with its preview, the start page's card and the fixed number of queries of the pages."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from kombitportal.core.models import AuditEvent, Municipality
from valg import selectors, services
from valg.models import WEEKS, CheckIn, Milestone, Phase, Wave

pytestmark = pytest.mark.django_db
TODAY = date(2024, 11, 26)


def general(wave, municipality, week, score, comment=""):
    return services.ImportRow(0, wave, municipality, None, week, "generelt", score, comment)


@pytest.fixture
def wave(aarhus, odense):
    return services.wave_save(
        number=1, status="done", starts_on=date(2024, 10, 7), municipalities=[aarhus, odense]
    )


def test_the_table_from_single_scores(wave, aarhus, odense):
    services.checkins_import(
        rows=[
            general(wave, aarhus, 1, 3),
            general(wave, odense, 1, 4),
            general(wave, aarhus, 2, 5),
            general(wave, aarhus, 4, 4),
            general(wave, odense, 4, 3),
            general(wave, aarhus, 5, 4),
        ],
        actor=None,
    )
    (row,) = selectors.satisfaction_table(selectors.waves())
    # Klargøring: (3 + 4 + 5) / 3 = 4; uge 4: 3,5; uge 5: 4; total (4 + 3,5 + 4) / 3 = 3,833…
    assert [c.mean for c in row.phases] == [Decimal("4"), Decimal("3.5"), Decimal("4")]
    assert [c.answers for c in row.phases] == [3, 2, 1]
    assert row.total.mean == Decimal("3.83") and row.total.answers == 6
    assert str(row.phases[0].mean) == "4"  # the slide writes "4", not "4,00"


def test_an_empty_phase_is_a_dash_not_zero(wave, aarhus, user_a, client_for):
    services.checkins_import(rows=[general(wave, aarhus, 1, 4)], actor=None)
    (row,) = selectors.satisfaction_table(selectors.waves())
    assert row.phases[1].mean is None and row.phases[1].answers == 0
    assert row.total.mean == Decimal("4")  # the mean of the phases that have answers
    page = client_for(user_a).get("/valg/").content.decode()
    table = page.split('id="satisfaction"')[1].split("</table>")[0]
    assert "<td>– <span" in table and "0,0" not in table


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=12),
    st.lists(st.integers(1, 5), max_size=6),
    st.lists(st.integers(1, 5), min_size=1, max_size=6),
)
def test_the_total_is_the_mean_of_the_phase_means(preparation, week4, week5):
    wave, _ = Wave.objects.get_or_create(number=9, defaults={"status": "done"})
    CheckIn.objects.filter(wave=wave).delete()
    municipalities = list(Municipality.objects.order_by("code")[:12])
    rows = [general(wave, municipalities[i], 1 + i % 3, s) for i, s in enumerate(preparation)]
    rows += [general(wave, municipalities[i], 4, s) for i, s in enumerate(week4)]
    rows += [general(wave, municipalities[i], 5, s) for i, s in enumerate(week5)]
    services.checkins_import(rows=rows, actor=None)
    (row,) = [r for r in selectors.satisfaction_table(selectors.waves()) if r.wave == wave]
    means = []
    for phase, cell in zip(Phase, row.phases, strict=True):
        scores = [r.score for r in rows if r.week in WEEKS[phase]]
        assert cell.answers == len(scores)
        assert cell.exact == (Fraction(sum(scores), len(scores)) if scores else None)
        if scores:
            means.append(Fraction(sum(scores), len(scores)))
    assert row.total.exact == sum(means) / len(means)
    assert row.total.mean == selectors.rounded(sum(means) / len(means))


def test_the_demo_gives_the_slide_s_table(db, user_a, client_for):
    call_command("load_demo", verbosity=0)
    table = selectors.satisfaction_table(selectors.waves())
    assert [(str(r.wave), [str(c.mean) for c in r.phases], str(r.total.mean)) for r in table] == [
        ("Rul 2", ["3.74", "3.89", "3.88"], "3.84"),
        ("Rul 3", ["3.8", "3.96", "3.84"], "3.87"),
        ("Rul 1", ["3.8", "4.1", "4"], "3.97"),
    ]
    # Not every answer the mean: the scores spread.
    rul1 = CheckIn.objects.filter(wave__number=1, area="generelt")
    assert set(rul1.values_list("score", flat=True)) >= {2, 3, 4, 5}
    page = client_for(user_a).get("/valg/").content.decode()
    rows = page.split('id="satisfaction"')[1].split("</table>")[0].split("<tr>")[2:]
    assert "3,74" in rows[0] and "3,89" in rows[0] and "3,88" in rows[0] and "3,84" in rows[0]
    assert ">3,97<" in rows[2] and "4,1 <" in rows[2]
    assert "demodata" in page
    # Load the demo again: nothing changes, nothing is recorded.
    events, checkins = AuditEvent.objects.count(), CheckIn.objects.count()
    call_command("load_demo", verbosity=0)
    assert (AuditEvent.objects.count(), CheckIn.objects.count()) == (events, checkins)


def test_a_municipality_sees_only_its_own_comments(wave, aarhus, odense, user_a, user_b, kombit_user, client_for):  # fmt: skip
    services.checkins_import(
        rows=[general(wave, aarhus, 5, 4, "Aarhus siger"), general(wave, odense, 5, 2, "Odense siger")],
        actor=None,
    )  # fmt: skip
    for path in (
        "/valg/",
        "/valg/?kommune=0461",
        "/valg/tjek-ind/",
        "/valg/tjek-ind/?kommune=0461",
    ):
        page = client_for(user_a).get(path).content.decode()
        assert "Aarhus siger" in page and "Odense siger" not in page, path
    assert "Odense siger" in client_for(user_b).get("/valg/").content.decode()
    everyone = client_for(kombit_user).get("/valg/").content.decode()
    assert "Aarhus siger" in everyone and "Odense siger" in everyone
    # The table is everyone's: both municipalities' scores are in it for all.
    assert "3" in client_for(user_a).get("/valg/").content.decode()
    assert [c.text for c in selectors.comments(user=user_a, municipality=None)] == ["Aarhus siger"]


def test_the_week_form_enters_corrects_and_clears(wave, aarhus, user_a, client_for):
    client = client_for(user_a)
    assert client.get("/valg/tjek-ind/uge/4/").status_code == 200
    response = client.post(
        "/valg/tjek-ind/uge/4/",
        {"score_generelt": "4", "comment_generelt": "Godt", "score_supporten": "2"},
    )
    assert response.status_code == 302
    found = dict(CheckIn.objects.filter(municipality=aarhus, week=4).values_list("area", "score"))
    assert found == {"generelt": 4, "supporten": 2}
    assert CheckIn.objects.get(area="generelt").phase == Phase.TRIAL_WEEK_4
    # The form shows what was entered; correct one, clear the other.
    page = client.get("/valg/tjek-ind/uge/4/").content.decode()
    assert 'value="4" id="id_score_generelt_3" checked' in page.replace("\n", "")
    client.post("/valg/tjek-ind/uge/4/", {"score_generelt": "5", "comment_generelt": "Godt"})
    found = dict(CheckIn.objects.filter(municipality=aarhus, week=4).values_list("area", "score"))
    assert found == {"generelt": 5}
    actions = list(
        AuditEvent.objects.filter(action__startswith="valg.checkin").values_list(
            "action", flat=True
        )
    )
    assert actions.count("valg.checkin.create") == 2
    assert "valg.checkin.change" in actions and "valg.checkin.delete" in actions


def test_the_week_form_refuses_a_comment_without_a_score(wave, user_a, client_for):
    response = client_for(user_a).post("/valg/tjek-ind/uge/2/", {"comment_valgdagen": "Hmm"})
    assert response.status_code == 200
    assert "Giv en score til kommentaren." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_municipality_in_no_wave_is_told_so(user_b, client_for, aarhus):
    services.wave_save(number=1, status="done", municipalities=[aarhus])
    page = client_for(user_b).get("/valg/tjek-ind/").content.decode()
    assert "Odense er ikke med i et udrulningsrul" in page
    assert (
        client_for(user_b).post("/valg/tjek-ind/uge/1/", {"score_generelt": "3"}).status_code == 200
    )
    assert not CheckIn.objects.exists()


def test_the_admin_previews_then_imports(wave, kombit_user, client_for, aarhus):
    client = client_for(kombit_user)
    bad = "municipality_code,wave,phase,week,area,score,comment\n0751,1,klargoering,4,generelt,7,\n"
    response = client.post(
        "/admin/valg/checkin/import/", {"file": SimpleUploadedFile("x.csv", bad.encode())}
    )
    page = response.content.decode()
    assert "intet blev gemt" in page and "Linje 2" in page and not CheckIn.objects.exists()
    good = "municipality_code;wave;phase;week;area;score;comment\n751;Rul 1;klargoering;2;generelt;4;Fint\n"
    response = client.post(
        "/admin/valg/checkin/import/", {"file": SimpleUploadedFile("x.csv", good.encode())}
    )
    assert "1 række er klar til import" in response.content.decode()
    assert not CheckIn.objects.exists()  # a preview saves nothing
    content = response.context["content"]
    response = client.post("/admin/valg/checkin/import/", {"content": content, "confirm": "1"})
    assert response.status_code == 302
    assert CheckIn.objects.get().comment == "Fint"


def test_the_start_page_card(wave, user_a, kombit_user, client_for, settings):
    settings.PORTAL_TODAY = TODAY
    assert (
        "Rul 1 (gennemført). Et folketingsvalg i dag: KMD Valg."
        in client_for(user_a).get("/").content.decode()
    )
    services.wave_save(number=4, status="cancelled")
    page = client_for(kombit_user).get("/").content.decode()
    assert "1 af 2 rul gennemført, 1 annulleret. Et folketingsvalg i dag: KMD Valg." in page


def test_an_added_milestone_appears_on_the_timeline(wave, user_a, client_for, settings):
    settings.PORTAL_TODAY = TODAY
    services.milestone_save(
        title="Skyggevalg", kind=Milestone.Kind.ELECTION, written="13/1 – 7/2 2025",
        when="13.01.2025", until=date(2025, 2, 7), reference=TODAY,
    )  # fmt: skip
    page = client_for(user_a).get("/valg/").content.decode()
    assert page.count('class="timeline__event ') == 2  # the wide and the narrow drawing
    assert "13/1 – 7/2 2025" in page and "I dag, 26. november 2024" in page


@pytest.mark.parametrize("size", ["small", "demo"])
def test_the_pages_run_a_fixed_number_of_queries(
    size, wave, aarhus, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    if size == "demo":
        call_command("load_demo", verbosity=0)
    else:
        services.checkins_import(rows=[general(wave, aarhus, 1, 4, "x")], actor=None)
    # /valg/: session, user, status points, the waves with their municipalities and regions (3),
    # the table, the spread, the milestones, the comments, and for a municipality its wave.
    # /valg/tjek-ind/: session, user, and the municipality's wave and check-ins, or for KOMBIT
    # the waves with their municipalities and regions.
    for user, path, queries in (
        (user_a, "/valg/", 11),
        (kombit_user, "/valg/", 10),
        (user_a, "/valg/tjek-ind/", 4),
        (kombit_user, "/valg/tjek-ind/", 5),
    ):
        client = client_for(user)
        client.get(path)
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200


def test_the_digest_asks_for_the_weeks_not_entered_while_the_wave_runs(
    wave, aarhus, user_a, staff_a
):
    from kombitportal.accounts.services import person_for_user
    from kombitportal.notifications import selectors as notification_selectors

    def weeks(person, day):
        digest = notification_selectors.digest_for(person=person, day=day)
        found = [s for s in digest.sections if s.template == "valg/mail/digest_checkins"]
        return [w.week for w in found[0].context["weeks"]] if found else None

    leader = person_for_user(user_a)
    services.checkins_import(rows=[general(wave, aarhus, 1, 4)], actor=None)
    # Rul 1 starts on Monday 7 October 2024: on 21 October it is in week 3.
    assert weeks(leader, date(2024, 10, 21)) == [2, 3]
    assert weeks(leader, date(2024, 10, 4)) is None  # before the wave
    assert weeks(leader, date(2024, 11, 11)) == [2, 3, 4, 5]  # the week after week 5
    assert weeks(leader, date(2024, 11, 18)) is None  # and then no more
    assert weeks(person_for_user(staff_a), date(2024, 10, 21)) is None  # not the leader


def test_the_digest_mail_links_each_missing_week(wave, aarhus, user_a):
    from kombitportal.accounts.services import person_for_user
    from kombitportal.notifications.mail import build
    from kombitportal.notifications.models import Mail
    from kombitportal.notifications.registry import DIGEST

    leader = person_for_user(user_a)
    mail = Mail.objects.create(
        person=leader, email=leader.email, kind=DIGEST, subject_key=DIGEST,
        due_date=date(2024, 10, 21), send_on=date(2024, 10, 21), municipality=aarhus,
    )  # fmt: skip
    message = build(mail)
    assert "Valg: jeres check-ins i Rul 1" in message.body
    assert "Rul 1 er i uge 3. Disse check-ins er ikke udfyldt endnu:" in message.body
    assert "- Uge 1 (Klargøring (uge 1-3)): http" in message.body
    assert "/valg/tjek-ind/uge/3/" in message.alternatives[0][0]
