"""The permission matrix: every URL of the portal × anonymous, municipal user A (programme leader
of Aarhus), municipal user B (programme leader of Odense), a municipal employee of A and KOMBIT →
the expected outcome. Two kinds of rows:

- GET rows (`MATRIX`): the status of a GET. For a POST-only view that is the 405 of require_POST,
  which says nothing about who may make the change.
- POST rows (`POST_ROWS`): a valid body, the one the view's form accepts, sent by each actor as its
  own test case on a fresh database (one actor's change must not be what the next one sees). Each
  case asserts the status and the effect: a snapshot of what the POST may change is taken before
  and after; an actor who may make the change leaves it changed as the row's `happened` check
  says, an actor who may not (403, 404, the redirect to login) leaves it exactly as before.

New views must join: `test_every_url_is_in_the_matrix` fails for a named URL that has no row of
either kind, `test_every_post_view_has_a_post_row` for a view in `POST_VIEWS` without a POST row,
and `test_post_views_are_all_known` for a view that answers POST but is not in `POST_VIEWS`."""

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from contexthandler.models import IdentityProvider, Rollover, RolloverCheck, SystemUse, UserSystem
from klik.models import (
    Project,
    SavedFilter,
    Task,
    TaskAssignment,
    TaskAttachment,
    TaskLogEntry,
)
from klik.services import assignment_set_people, task_publish
from kombitportal.accounts.models import User
from kombitportal.accounts.services import person_for_user
from kombitportal.agreements.models import Agreement, Bill, Signature
from kombitportal.api import services as api_services
from kombitportal.api.models import ApiToken
from kombitportal.core import services
from kombitportal.core.areas import MY_DEADLINES, FeedSource
from kombitportal.core.models import Municipality, Person, ReportJob, Role, RoleAssignment
from kombitportal.core.tokens import digest_of
from kombitportal.demo_idp.identities import demo_identity
from kombitportal.feeds import services as feed_services
from kombitportal.feeds.models import Feed
from kombitportal.notifications.models import Mail, MailPreference
from meetings.models import AgendaItem, ChecklistTick, Idea, Meeting, SatisfactionAnswer
from tests.accounts.saml_helpers import authn_request_id
from valg import services as valg_services
from valg.models import CheckIn

ODENSE_COMMENT = "Odenses egen kommentar"

ANON, A, B, STAFF_A, KOMBIT = "anonymous", "user_a", "user_b", "staff_a", "kombit"
ACTORS = (ANON, A, B, STAFF_A, KOMBIT)
LOGIN = "login"  # a redirect to /saml/login/ (for a POST: and nothing changed)


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def logged_in(status):
    return {ANON: LOGIN, A: status, B: status, STAFF_A: status, KOMBIT: status}


KOMBIT_ONLY = {ANON: LOGIN, A: 403, B: 403, STAFF_A: 403, KOMBIT: 200}
# The JSON API: a read for every user, a 401 (as JSON) for anonymous.
API = {ANON: 401, A: 200, B: 200, STAFF_A: 200, KOMBIT: 200}
API_404 = {ANON: 401, A: 404, B: 404, STAFF_A: 404, KOMBIT: 404}
OTHER_THAN_A = {**API, A: 404, STAFF_A: 404}  # B's: a 404 for A's users
# A form of the user's own municipality's set-up: its programme leaders', not KOMBIT's.
CH_FORM = {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 403}

# (url name, path, {actor: expected status or LOGIN})
MATRIX = [
    ("home", "/", logged_in(200)),
    ("roles", "/roller/", logged_in(200)),
    ("roles", "/roller/?kommune=0461&empty=on", logged_in(200)),
    # Role holders: {role} is a published role; A's and B's programme leaders keep their own.
    (
        "role_fill",
        "/roller/{role}/besaet/",
        {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 404},
    ),
    (
        "role_fill",
        "/roller/{role}/besaet/?kommune=0751",
        {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 200},
    ),
    (
        "role_fill",
        "/roller/999999/besaet/",
        {ANON: LOGIN, A: 404, B: 404, STAFF_A: 403, KOMBIT: 404},
    ),
    ("holder_primary", "/roller/indehavere/{a_holder}/primaer/", logged_in(405)),
    ("holder_remove", "/roller/indehavere/{a_holder}/fjern/", logged_in(405)),
    ("contacts", "/roller/kontakter/", {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 404}),
    (
        "contacts",
        "/roller/kontakter/?kommune=0461",
        {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 200},
    ),
    ("keeper_set", "/roller/kontakter/{a_person}/rolleholder/", logged_in(405)),
    ("empty_roles", "/roller/tomme/", KOMBIT_ONLY),
    ("klik:index", "/klik/", logged_in(200)),
    ("agreements:index", "/aftaler/", logged_in(200)),
    ("sapa:index", "/sapa/", logged_in(200)),
    ("sapa:index", "/sapa/?kommune=0461", logged_in(200)),
    ("sapa:purposes", "/sapa/formaal/?q=%C2%A7+109", logged_in(200)),
    ("valg:index", "/valg/", logged_in(200)),
    # Valg: A (Aarhus) and B (Odense) are in Rul 1; a municipality's check-ins are its own (the
    # page shows the user's own whatever ?kommune= says), the week form its programme leader's.
    ("valg:index", "/valg/?kommune=0461&rul=1", logged_in(200)),
    ("valg:checkins", "/valg/tjek-ind/", logged_in(200)),
    ("valg:checkins", "/valg/tjek-ind/?kommune=0461", logged_in(200)),
    (
        "valg:checkin_week",
        "/valg/tjek-ind/uge/4/",
        {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 403},
    ),
    (
        "valg:checkin_week",
        "/valg/tjek-ind/uge/9/",
        {ANON: LOGIN, A: 404, B: 404, STAFF_A: 403, KOMBIT: 403},
    ),
    ("valg:which_solution", "/valg/hvilken-loesning/", logged_in(200)),
    ("valg:which_solution", "/valg/hvilken-loesning/?type=kv-rv&date=2025-11-18", logged_in(200)),
    ("valg:which_solution", "/valg/hvilken-loesning/?type=x&date=18.11", logged_in(200)),
    ("admin", "/admin/valg/checkin/", KOMBIT_ONLY),
    ("admin", "/admin/valg/checkin/import/", KOMBIT_ONLY),
    ("contexthandler:index", "/contexthandler/", logged_in(200)),
    # The status report: a municipal user's own whatever ?kommune= says; KOMBIT picks one (the
    # PDF without one sends KOMBIT to the page to choose).
    ("status", "/status/", logged_in(200)),
    ("status", "/status/?kommune=0461", logged_in(200)),
    ("status", "/status/?kommune=9999", {ANON: LOGIN, A: 200, B: 200, STAFF_A: 200, KOMBIT: 404}),
    ("status_pdf", "/status.pdf", {ANON: LOGIN, A: 200, B: 200, STAFF_A: 200, KOMBIT: 302}),
    ("status_pdf", "/status.pdf?kommune=0751", logged_in(200)),
    ("news", "/kort-nyt/", KOMBIT_ONLY),
    ("grid", "/kommuner/", KOMBIT_ONLY),
    ("status_all", "/status/alle/{job}/", KOMBIT_ONLY),
    ("status_all_file", "/status/alle/{job}/fil/", {**KOMBIT_ONLY, KOMBIT: 404}),  # not ready
    ("grid", "/kommuner/?vis=contexthandler", KOMBIT_ONLY),
    ("news_pdf", "/kort-nyt.pdf", KOMBIT_ONLY),
    # Context Handler: {a_idp} is an IdP of A's; the forms are A's and B's programme leaders' for
    # their own municipality (the URL names no municipality), KOMBIT keeps them in the admin.
    ("contexthandler:index", "/contexthandler/?kommune=0461", logged_in(200)),
    ("contexthandler:profiles", "/contexthandler/profiler/", logged_in(200)),
    ("contexthandler:idp_new", "/contexthandler/idp/ny/", CH_FORM),
    (
        "contexthandler:idp_edit",
        "/contexthandler/idp/{a_idp}/",
        {ANON: LOGIN, A: 200, B: 404, STAFF_A: 403, KOMBIT: 403},
    ),
    ("contexthandler:systems", "/contexthandler/systemer/", CH_FORM),
    ("contexthandler:idp_delete", "/contexthandler/idp/{a_idp}/slet/", logged_in(405)),
    (
        "contexthandler:rollover_tick",
        "/contexthandler/certifikatskifte/tjek/{a_check}/",
        logged_in(405),
    ),
    ("admin", "/admin/contexthandler/metadatasource/", KOMBIT_ONLY),
    ("admin:index", "/admin/", KOMBIT_ONLY),
    ("admin", "/admin/core/municipality/", KOMBIT_ONLY),
    ("admin", "/admin/core/roleassignment/", KOMBIT_ONLY),
    ("admin", "/admin/accounts/user/", KOMBIT_ONLY),
    ("admin", "/admin/notifications/mail/", KOMBIT_ONLY),
    ("admin", "/admin/notifications/mailpreference/", KOMBIT_ONLY),
    ("admin", "/admin/core/auditevent/", KOMBIT_ONLY),
    ("admin", "/admin/sapa/purpose/", KOMBIT_ONLY),
    # The profile is always the user's own: there is no id to try another's with.
    ("profile", "/profil/", logged_in(200)),
    # Calendar feeds: the token in the address is the credential, so {a_feed_token} opens A's feed
    # for anyone who holds it, logged in or not; a revoked or unknown token is the same 404 for
    # all. The profile's calendars are always the user's own.
    ("feeds:calendar", "/kalender/{a_feed_token}.ics", everyone(200)),
    ("feeds:calendar", "/kalender/{revoked_token}.ics", everyone(404)),
    ("feeds:calendar", "/kalender/" + "x" * 43 + ".ics", everyone(404)),
    ("feeds:new", "/profil/kalendere/ny/", logged_in(200)),
    ("feeds:revoke", "/profil/kalendere/{a_feed}/tilbagekald/", logged_in(405)),
    ("healthz", "/healthz", everyone(200)),
    ("accessibility", "/tilgaengelighed/", everyone(200)),
    ("guide", "/velkommen/?next=/klik/", logged_in(200)),
    ("saml:metadata", "/saml/metadata/", everyone(200)),
    ("saml:login", "/saml/login/", everyone(302)),
    ("saml:acs", "/saml/acs/", everyone(405)),
    ("saml:logout", "/saml/logout/", everyone(200)),
    ("demo_idp:sso", "/demo-idp/", everyone(200)),
    ("demo_idp:metadata", "/demo-idp/metadata/", everyone(200)),
    ("demo_idp:slo", "/demo-idp/slo/", everyone(400)),
    ("set_language", "/i18n/setlang/", everyone(302)),
    # KLIK: {a_task} is a task of municipality A (Aarhus), {b_task} one of B (Odense). The 405s are
    # a GET of a POST-only view; what a POST does is in POST_ROWS.
    ("klik:index", "/klik/?kommune=0461&q=opgave&sort=-end", logged_in(200)),
    ("klik:export", "/klik/eksport.csv?kommune=0751", logged_in(200)),
    # Exports: every list in CSV and XLSX with the page's filter and scope. A municipal user's is
    # their own municipality's whatever ?kommune= says; KOMBIT without one exports them all.
    ("klik:export", "/klik/eksport.csv", logged_in(200)),
    ("klik:export_xlsx", "/klik/eksport.xlsx?kommune=0461&q=opgave", logged_in(200)),
    ("klik:export_xlsx", "/klik/eksport.xlsx", logged_in(200)),
    ("agreements:export", "/aftaler/eksport.csv?q=Aftale&state=signed", logged_in(200)),
    ("agreements:export_xlsx", "/aftaler/eksport.xlsx?kommune=0461", logged_in(200)),
    ("agreements:missing_csv_xlsx", "/aftaler/{agreement}/mangler.xlsx", KOMBIT_ONLY),
    ("agreements:missing_csv_xlsx", "/aftaler/999999/mangler.xlsx", {**KOMBIT_ONLY, KOMBIT: 404}),
    ("agreements:bills_export", "/aftaler/udgifter/eksport.csv", logged_in(200)),
    ("agreements:bills_export_xlsx", "/aftaler/udgifter/eksport.xlsx", logged_in(200)),
    ("agreements:bill_export", "/aftaler/udgifter/{bill}/andele.csv", logged_in(200)),
    ("agreements:bill_export_xlsx", "/aftaler/udgifter/{bill}/andele.xlsx", logged_in(200)),
    ("agreements:bill_export_xlsx", "/aftaler/udgifter/999999/andele.xlsx", logged_in(404)),
    ("visits_export", "/besoeg/eksport.csv", logged_in(200)),
    ("visits_export_xlsx", "/besoeg/eksport.xlsx", logged_in(200)),
    ("sapa:export", "/sapa/opgaver.csv", logged_in(200)),
    ("sapa:export_xlsx", "/sapa/opgaver.xlsx?kommune=0461", logged_in(200)),
    ("sapa:purposes_export", "/sapa/formaal/eksport.csv?q=%C2%A7+109", logged_in(200)),
    ("sapa:purposes_export_xlsx", "/sapa/formaal/eksport.xlsx", logged_in(200)),
    ("valg:satisfaction_export", "/valg/tilfredshed.csv", logged_in(200)),
    ("valg:satisfaction_export_xlsx", "/valg/tilfredshed.xlsx", logged_in(200)),
    ("valg:checkins_export", "/valg/tjek-ind/eksport.csv", logged_in(200)),
    ("valg:checkins_export_xlsx", "/valg/tjek-ind/eksport.xlsx?kommune=0461", logged_in(200)),
    ("contexthandler:export", "/contexthandler/systemer/eksport.csv", logged_in(200)),
    (
        "contexthandler:export_xlsx",
        "/contexthandler/systemer/eksport.xlsx?kommune=0751",
        logged_in(200),
    ),
    ("contexthandler:profiles_export", "/contexthandler/profiler/eksport.csv", logged_in(200)),
    (
        "contexthandler:profiles_export_xlsx",
        "/contexthandler/profiler/eksport.xlsx",
        logged_in(200),
    ),
    ("klik:overview", "/klik/oversigt/", KOMBIT_ONLY),
    # Files: {a_file} is attached to {a_task}, a task of A's.
    ("klik:attachment_add", "/klik/{a_task}/filer/", logged_in(405)),
    (
        "klik:attachment",
        "/klik/{a_task}/filer/{a_file}/",
        {ANON: LOGIN, A: 200, B: 404, STAFF_A: 200, KOMBIT: 200},
    ),
    ("klik:attachment", "/klik/{b_task}/filer/{a_file}/", logged_in(404)),
    ("klik:attachment_remove", "/klik/{a_task}/filer/{a_file}/slet/", logged_in(405)),
    # Local tasks: {a_local} is a local task of A's; {a_task} is one of KOMBIT's.
    ("klik:local_new", "/klik/lokal/ny/", {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 404}),
    (
        "klik:local_new",
        "/klik/lokal/ny/?kommune=0751",
        {ANON: LOGIN, A: 200, B: 200, STAFF_A: 403, KOMBIT: 200},
    ),
    (
        "klik:local_edit",
        "/klik/{a_local}/rediger/",
        {ANON: LOGIN, A: 200, B: 404, STAFF_A: 403, KOMBIT: 200},
    ),
    (
        "klik:local_edit",
        "/klik/{a_task}/rediger/",
        {ANON: LOGIN, A: 404, B: 404, STAFF_A: 404, KOMBIT: 404},
    ),
    ("klik:overview", "/klik/oversigt/?q=opgave&task_sort=least_solved", KOMBIT_ONLY),
    ("klik:overview_export", "/klik/oversigt/opgaver.csv", KOMBIT_ONLY),
    (
        "klik:overview_export",
        "/klik/oversigt/kommuner.csv?municipality_sort=least_done",
        KOMBIT_ONLY,
    ),
    (
        "klik:overview_export",
        "/klik/oversigt/andet.csv",
        {ANON: LOGIN, A: 403, B: 403, STAFF_A: 403, KOMBIT: 404},
    ),
    ("klik:overview_export_xlsx", "/klik/oversigt/opgaver.xlsx?q=opgave", KOMBIT_ONLY),
    ("klik:overview_export_xlsx", "/klik/oversigt/kommuner.xlsx", KOMBIT_ONLY),
    (
        "klik:overview_export_xlsx",
        "/klik/oversigt/andet.xlsx",
        {ANON: LOGIN, A: 403, B: 403, STAFF_A: 403, KOMBIT: 404},
    ),
    ("klik:detail", "/klik/{a_task}/", {ANON: LOGIN, A: 200, B: 404, STAFF_A: 200, KOMBIT: 200}),
    ("klik:detail", "/klik/{b_task}/", {ANON: LOGIN, A: 404, B: 200, STAFF_A: 404, KOMBIT: 200}),
    ("klik:detail", "/klik/999999/", {ANON: LOGIN, A: 404, B: 404, STAFF_A: 404, KOMBIT: 404}),
    (
        "klik:pdf",
        "/klik/{a_task}/opgave.pdf",
        {ANON: LOGIN, A: 200, B: 404, STAFF_A: 200, KOMBIT: 200},
    ),
    (
        "klik:pdf",
        "/klik/{b_task}/opgave.pdf",
        {ANON: LOGIN, A: 404, B: 200, STAFF_A: 404, KOMBIT: 200},
    ),
    (
        "klik:status",
        "/klik/{a_task}/status/",
        {ANON: LOGIN, A: 405, B: 405, STAFF_A: 405, KOMBIT: 405},
    ),
    (
        "klik:people",
        "/klik/{a_task}/personer/",
        {ANON: LOGIN, A: 405, B: 405, STAFF_A: 405, KOMBIT: 405},
    ),
    ("klik:filter_save", "/klik/filtre/gem/", logged_in(405)),
    (
        "klik:filter_apply",
        "/klik/filtre/{a_filter}/",
        {ANON: LOGIN, A: 302, B: 404, STAFF_A: 404, KOMBIT: 404},
    ),
    ("klik:filter_rename", "/klik/filtre/{a_filter}/omdoeb/", logged_in(405)),
    ("klik:filter_delete", "/klik/filtre/{a_filter}/slet/", logged_in(405)),
    # Agreements: {agreement} is signed by A with a PDF; B has not signed.
    ("agreements:detail", "/aftaler/{agreement}/", logged_in(200)),
    ("agreements:detail", "/aftaler/999999/", logged_in(404)),
    ("agreements:sign", "/aftaler/{agreement}/underskriv/", logged_in(405)),
    (
        "agreements:document",
        "/aftaler/{agreement}/dokument/0751/",
        {ANON: LOGIN, A: 200, B: 404, STAFF_A: 200, KOMBIT: 200},
    ),
    ("agreements:document", "/aftaler/{agreement}/dokument/0461/", logged_in(404)),
    ("agreements:document", "/aftaler/{agreement}/dokument/..%2F..%2Fsettings.py/", everyone(404)),
    ("agreements:missing_csv", "/aftaler/{agreement}/mangler.csv", KOMBIT_ONLY),
    ("agreements:signature_correct", "/aftaler/{agreement}/underskrift/0751/ret/", logged_in(405)),
    (
        "agreements:signature_withdraw",
        "/aftaler/{agreement}/underskrift/0751/tilbagekald/",
        logged_in(405),
    ),
    ("agreements:bills", "/aftaler/udgifter/", logged_in(200)),
    ("agreements:bill", "/aftaler/udgifter/{bill}/", logged_in(200)),
    ("visits", "/besoeg/", logged_in(200)),
    # Meetings: everyone logged in reads them; {meeting} has slides and an item {item} with a task.
    ("meetings:list", "/moeder/?q=m%C3%B8de&page=1", logged_in(200)),
    ("meetings:detail", "/moeder/{meeting}/", logged_in(200)),
    ("meetings:detail", "/moeder/999999/", logged_in(404)),
    ("meetings:slides", "/moeder/{meeting}/slides.pdf", logged_in(200)),
    ("meetings:publish", "/moeder/{meeting}/publicer-resume/", logged_in(405)),
    ("meetings:idea", "/moeder/{meeting}/ideer/", logged_in(405)),
    ("meetings:tick", "/moeder/punkter/{item}/tjek/", logged_in(405)),
    ("meetings:inbox", "/moeder/ideer/", KOMBIT_ONLY),
    ("meetings:onboarding", "/laer-kombit-at-kende/", logged_in(200)),
    ("meetings:kommunecert", "/kommunecert/", logged_in(200)),
    ("meetings:kommunecert", "/kommunecert/?kommune=0461", logged_in(200)),
    ("meetings:satisfaction", "/tilfredshed/", logged_in(405)),
    ("meetings:satisfaction_results", "/tilfredshed/resultater/", KOMBIT_ONLY),
    ("admin", "/admin/meetings/meeting/", KOMBIT_ONLY),
    ("admin", "/admin/meetings/advisory/", KOMBIT_ONLY),
    # The JSON API (tests/api; there by a token, here by the session): anonymous gets a 401 as
    # JSON, not the login redirect; the index and the OpenAPI description are public. Another
    # municipality's object, or its code in ?kommune=, is a 404 for a municipal user.
    ("api:api-root", "/api/v1/", everyone(200)),
    ("api:openapi-json", "/api/v1/openapi.json", everyone(200)),
    ("api:municipalities", "/api/v1/municipalities/?q=a&region=1082", API),
    ("api:municipality", "/api/v1/municipalities/0751/", {**API, B: 404}),
    ("api:municipality", "/api/v1/municipalities/9999/", {**API_404, ANON: 401}),
    ("api:klik_tasks", "/api/v1/klik/tasks/?q=opgave&mandatory=no", API),
    ("api:klik_task", "/api/v1/klik/tasks/{task}/", API),
    ("api:klik_task", "/api/v1/klik/tasks/{a_local_task}/", {**API, B: 404}),
    ("api:klik_assignments", "/api/v1/klik/assignments/?status=open&sort=-end", API),
    ("api:klik_assignments", "/api/v1/klik/assignments/?kommune=0461", OTHER_THAN_A),
    (
        "api:klik_assignments",
        "/api/v1/klik/assignments/?status=done",
        {**API, A: 422, B: 422, STAFF_A: 422, KOMBIT: 422},
    ),
    ("api:klik_assignment", "/api/v1/klik/assignments/{a_task}/", {**API, B: 404}),
    ("api:klik_assignment", "/api/v1/klik/assignments/{b_task}/", OTHER_THAN_A),
    ("api:agreements", "/api/v1/aftaler/agreements/?state=waiting", API),
    ("api:agreements", "/api/v1/aftaler/agreements/?kommune=0461", OTHER_THAN_A),
    ("api:agreement", "/api/v1/aftaler/agreements/{agreement}/", API),
    ("api:agreement", "/api/v1/aftaler/agreements/999999/", API_404),
    ("api:signatures", "/api/v1/aftaler/signatures/", API),
    ("api:signatures", "/api/v1/aftaler/signatures/?kommune=0461", OTHER_THAN_A),
    ("api:sapa_purposes", "/api/v1/sapa/purposes/?q=%C2%A7+109", API),
    ("api:sapa_purpose", "/api/v1/sapa/purposes/999999/", API_404),
    ("api:valg_scores", "/api/v1/valg/scores/?rul=1", API),
    ("api:valg_checkins", "/api/v1/valg/checkins/", API),
    ("api:valg_checkins", "/api/v1/valg/checkins/?kommune=0461", OTHER_THAN_A),
    ("api:contexthandler_idps", "/api/v1/contexthandler/idps/", API),
    ("api:contexthandler_idp", "/api/v1/contexthandler/idps/{a_idp}/", {**API, B: 404}),
    ("api:contexthandler_findings", "/api/v1/contexthandler/findings/?needs_action=true", API),
    # The profile's API keys: POST only (POST_ROWS); {a_token} is user_a's.
    ("api_token_create", "/profil/api-noegler/ny/", logged_in(405)),
    ("api_token_revoke", "/profil/api-noegler/{a_token}/tilbagekald/", logged_in(405)),
]


@pytest.fixture
def actors(user_a, user_b, staff_a, kombit_user):
    return {ANON: None, A: user_a, B: user_b, STAFF_A: staff_a, KOMBIT: kombit_user}


@pytest.fixture
def object_ids(aarhus, odense, user_a):
    task = Task.objects.create(project=Project.objects.create(name="P"), title="En opgave")
    task_publish(task=task)
    saved = SavedFilter.objects.create(user=user_a, name="Mine", filters={"q": "x"})
    agreement = Agreement.objects.create(kind="tilslutningsaftale", title="Aftale", dispatched=True)
    signature = Signature.objects.create(
        agreement=agreement,
        municipality=aarhus,
        signed_on="2024-11-01",
        signer_name="A",
        recorded_by_name="A",
    )
    signature.document.save("x.pdf", ContentFile(b"%PDF-1.4 test"))
    # Sent, to be signed, and signed by no one yet: the POST rows sign it.
    unsigned = Agreement.objects.create(
        kind="databehandleraftale", title="Usigneret aftale", dispatched=True
    )
    bill = Bill.objects.create(title="Regning", total_ore=100, population_date="2025-01-01")
    a_task = TaskAssignment.objects.get(task=task, municipality=aarhus)
    a_file = TaskAttachment(
        assignment=a_task, name="plan.pdf", content_type="application/pdf", size=13,
        uploaded_by_name="A",
    )  # fmt: skip
    a_file.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    local = Task.objects.create(
        project=Project.objects.create(name="Lokale opgaver"),
        title="Aarhus' egen opgave",
        municipality=aarhus,
    )
    task_publish(task=local)
    role = Role.objects.create(name="Rolle til matricen", kind="general", status="published")
    a_person = services.person_upsert(
        name="Aase Aarhus", email="aase@aarhus.example.dk", municipality=aarhus
    )
    a_holder = services.role_assignment_set(
        role=role, municipality=aarhus, person=a_person, is_primary=True
    )
    wave = valg_services.wave_save(
        number=1, status="done", starts_on=date(2024, 10, 7), municipalities=[aarhus, odense]
    )
    valg_services.checkins_import(
        rows=[valg_services.ImportRow(2, wave, odense, None, 1, "generelt", 2, ODENSE_COMMENT)],
        actor=None,
    )
    a_idp = IdentityProvider.objects.create(
        municipality=aarhus, name="Aarhus IdP", entity_id="https://idp.aarhus.example/",
        protocol="oiosaml2", profile="oiosaml2",
    )  # fmt: skip
    rollover = Rollover.objects.create(
        title="Skift", components="CH2", environment="Produktion",
        starts_at="2024-12-04T06:00:00+01:00", ends_at="2024-12-04T08:00:00+01:00",
    )  # fmt: skip
    a_check = RolloverCheck.objects.create(rollover=rollover, idp=a_idp, municipality=aarhus)
    UserSystem.objects.create(name="SAPA", level="nist3")
    mine = FeedSource(MY_DEADLINES, "Mine frister", {})
    a_feed = feed_services.feed_create(user=user_a, source=mine, titles_only=False)
    revoked = feed_services.feed_create(user=user_a, source=mine, titles_only=True)
    feed_services.feed_revoke(feed=revoked.feed, actor=user_a)
    job = ReportJob.objects.create(
        requested_by=User.objects.create_user(
            "serial-job", full_name="J", portal_role=User.PortalRole.KOMBIT
        )
    )
    meeting = Meeting.objects.create(
        title="Programledermøde", starts_at="2024-11-26T09:30:00+01:00", summary="Resumé"
    )
    meeting.slides.save("slides.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="KommuneCERT", task="Orienter"
    )
    return {
        "meeting": meeting.pk,
        "item": item.pk,
        "job": job.pk,
        "a_idp": a_idp.pk,
        "a_check": a_check.pk,
        "agreement": agreement.pk,
        "unsigned_agreement": unsigned.pk,
        "bill": bill.pk,
        "role": role.pk,
        "a_local": TaskAssignment.objects.get(task=local).pk,
        "a_file": a_file.pk,
        "a_person": a_person.pk,
        "a_holder": a_holder.pk,
        "a_task": TaskAssignment.objects.get(task=task, municipality=aarhus).pk,
        "b_task": TaskAssignment.objects.get(task=task, municipality=odense).pk,
        "a_filter": saved.pk,
        "a_feed": a_feed.feed.pk,
        "a_feed_token": a_feed.token,
        "revoked_token": revoked.token,
        "task": task.pk,
        "a_local_task": local.pk,
        "a_token": api_services.api_token_create(user=user_a, name="Annas nøgle", actor=user_a)[
            0
        ].pk,
    }


def _assert_status(client, response, want, actor, method, path):
    if want == LOGIN:
        # The admin sends anonymous users to its login view, which hands over to SAML.
        if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
            response = client.get(response["Location"])
        assert response.status_code == 302, (actor, method, path, response.status_code)
        assert response["Location"].startswith("/saml/login/"), (actor, method, path)
    else:
        assert response.status_code == want, (actor, method, path, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path", "expected"), MATRIX, ids=[row[1] for row in MATRIX])
def test_permission_matrix(name, path, expected, actors, object_ids, client_for, demo_idp):
    path = path.format(**object_ids)
    for actor in ACTORS:
        client = client_for(actors[actor])
        _assert_status(client, client.get(path), expected[actor], actor, "GET", path)


# ---------------------------------------------------------------------------------------------
# POST rows


class Outcome(NamedTuple):
    status: int | str
    changes: bool  # True: the change is made (`happened`); False: the state is as before


DONE = Outcome(302, changes=True)
FORBIDDEN = Outcome(403, changes=False)
NOT_FOUND = Outcome(404, changes=False)
SHOWN = Outcome(200, changes=True)  # made, and the answer shows it (a new API key)


@dataclass
class Case:
    """One POST row sent by one actor: what the row's functions read and set up."""

    actor: str
    users: dict[str, User | None]
    client: Client
    ids: dict[str, int]  # object_ids, plus what the row's setup adds
    data: dict = field(default_factory=dict)  # anything else the row's setup hands on
    response: object = None  # set once the POST is sent

    @property
    def user(self) -> User | None:
        return self.users[self.actor]


@dataclass(frozen=True)
class PostRow:
    name: str  # URL name
    path: str  # formatted with Case.ids
    body: Callable[[Case], dict]
    expected: dict[str, Outcome | str]  # actor → Outcome, or LOGIN (and nothing changed)
    state: Callable[[Case], object]  # a snapshot of what the POST may change
    happened: Callable[[Case], bool]  # after a successful POST: the change is the one intended
    setup: Callable[[Case], None] = lambda case: None
    label: str = ""  # tells rows of one URL apart

    @property
    def id(self) -> str:
        return f"{self.name}-{self.label}" if self.label else self.name


# KLIK: a task of municipality A, its status and people.


def _a_task(case: Case) -> TaskAssignment:
    return TaskAssignment.objects.get(pk=case.ids["a_task"])


def _aarhus_person(name: str):
    return services.person_upsert(
        name=name,
        email=f"{name.split()[0].lower()}@aarhus.example.dk",
        municipality=Municipality.objects.get(code="0751"),
    )


def _someone_else_responsible(case: Case) -> None:
    """staff_a has a Person, but another employee is responsible and there are no performers."""
    person_for_user(case.users[STAFF_A])
    assignment_set_people(
        assignment=_a_task(case), responsible=_aarhus_person("Rikke Ansvarlig"), performers=[]
    )


def _staff_a_performs(case: Case) -> None:
    assignment_set_people(
        assignment=_a_task(case),
        responsible=_aarhus_person("Rikke Ansvarlig"),
        performers=[person_for_user(case.users[STAFF_A])],
    )


def _staff_a_responsible(case: Case) -> None:
    assignment_set_people(
        assignment=_a_task(case), responsible=person_for_user(case.users[STAFF_A]), performers=[]
    )


def _task_log(case: Case) -> list[tuple]:
    return list(
        TaskLogEntry.objects.filter(assignment_id=case.ids["a_task"])
        .order_by("pk")
        .values_list("field", "old_value", "new_value", "actor_id")
    )


def _status_state(case: Case):
    assignment = _a_task(case)
    return assignment.status, assignment.not_relevant_reason, _task_log(case)


NOT_RELEVANT_REASON = "Kommunen bruger ikke løsningen"


def _status_happened(case: Case) -> bool:
    assignment = _a_task(case)
    return (
        assignment.status == TaskAssignment.Status.NOT_RELEVANT
        and assignment.not_relevant_reason == NOT_RELEVANT_REASON
        and _task_log(case)[-1:]
        == [(TaskLogEntry.Field.STATUS, "not_started", "not_relevant", case.user.pk)]
    )


def _status_row(label: str, setup, staff_a: Outcome) -> PostRow:
    return PostRow(
        "klik:status",
        "/klik/{a_task}/status/",
        body=lambda case: {"status": "not_relevant", "reason": NOT_RELEVANT_REASON},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: staff_a, KOMBIT: DONE},
        state=_status_state,
        happened=_status_happened,
        setup=setup,
        label=label,
    )


def _two_aarhus_people(case: Case) -> None:
    case.ids["p1"] = _aarhus_person("Per Ansvarlig").pk
    case.ids["p2"] = _aarhus_person("Pia Udfører").pk


def _people_state(case: Case):
    assignment = _a_task(case)
    performers = sorted(assignment.performer_links.values_list("person_id", flat=True))
    return assignment.responsible_id, performers, _task_log(case)


def _people_happened(case: Case) -> bool:
    responsible, performers, log = _people_state(case)
    return (
        responsible == case.ids["p1"]
        and performers == sorted([case.ids["p1"], case.ids["p2"]])
        and {(entry[0], entry[3]) for entry in log}
        == {
            (TaskLogEntry.Field.RESPONSIBLE, case.user.pk),
            (TaskLogEntry.Field.PERFORMERS, case.user.pk),
        }
    )


# KLIK: saved filters; {a_filter} is user_a's.


def _filters_state(case: Case):
    return sorted((f.user_id, f.name, sorted(f.filters.items())) for f in SavedFilter.objects.all())


def _filter_saved(case: Case) -> bool:
    return any(
        f.filters == {"q": "x", "sort": "-end"}
        for f in SavedFilter.objects.filter(user=case.user, name="Mine opgaver")
    )


def _filter_renamed(case: Case) -> bool:
    return SavedFilter.objects.get(pk=case.ids["a_filter"]).name == "Nyt navn"


def _filter_deleted(case: Case) -> bool:
    return not SavedFilter.objects.filter(pk=case.ids["a_filter"]).exists()


# Agreements: the municipality field counts for KOMBIT only (on a municipal user's form it does not
# exist): A and B posting "0461" sign for their own municipality.
SIGNS_FOR = {A: "0751", B: "0461", KOMBIT: "0461"}


def _sign_body(case: Case) -> dict:
    return {
        "signed_on": "2024-12-02",
        "signer_name": "Sofie Underskriver",
        "municipality": "0461",
        "document": SimpleUploadedFile(
            "aftale.pdf", b"%PDF-1.4 underskrevet", content_type="application/pdf"
        ),
    }


# Role holders: {role} held by Aase Aarhus (primary) in Aarhus.
INVALID = Outcome(400, changes=False)
# The municipality each actor's new contact lands in (a municipal user's page is their own).
CONTACT_IN = {A: "0751", B: "0461", KOMBIT: "0751"}


def _role_holders_state(case: Case) -> list[tuple[str, bool]]:
    return sorted(
        RoleAssignment.objects.filter(
            role_id=case.ids["role"], municipality__code="0751"
        ).values_list("person__name", "is_primary")
    )


def _second_aarhus_person(case: Case) -> None:
    case.ids["second_person"] = _aarhus_person("Bent Anden").pk


def _second_aarhus_holder(case: Case) -> None:
    _second_aarhus_person(case)
    case.ids["second_holder"] = services.role_assignment_set(
        role=Role.objects.get(pk=case.ids["role"]),
        municipality=Municipality.objects.get(code="0751"),
        person=Person.objects.get(pk=case.ids["second_person"]),
    ).pk


def _files_state(case: Case) -> list[str]:
    return sorted(
        TaskAttachment.objects.filter(assignment_id=case.ids["a_task"]).values_list(
            "name", flat=True
        )
    )


def _local_tasks_state(case: Case) -> list[str]:
    """The municipalities that have a local task of the row's title."""
    return sorted(
        Task.objects.filter(title="Matricens lokale opgave").values_list(
            "municipality__code", flat=True
        )
    )


def _new_contact_state(case: Case) -> list[str]:
    return sorted(
        Person.objects.filter(email="ny.kontakt@example.dk").values_list(
            "municipality__code", flat=True
        )
    )


def _aarhus_signature_state(case: Case) -> list[tuple[str, str]]:
    """The signature of A on `agreement`: its date and signer (none once withdrawn)."""
    return [
        (str(signed_on), name)
        for signed_on, name in Signature.objects.filter(
            agreement_id=case.ids["agreement"], municipality__code="0751"
        ).values_list("signed_on", "signer_name")
    ]


def _signatures_state(case: Case):
    return sorted(
        Signature.objects.filter(agreement_id=case.ids["unsigned_agreement"]).values_list(
            "municipality__code", "on_behalf", "recorded_by_id"
        )
    )


def _signed(case: Case) -> bool:
    signatures = list(Signature.objects.filter(agreement_id=case.ids["unsigned_agreement"]))
    if len(signatures) != 1:
        return False
    (signature,) = signatures
    with signature.document.open("rb") as document:
        pdf = document.read()
    return (
        signature.municipality.code == SIGNS_FOR[case.actor]
        and signature.on_behalf == (case.actor == KOMBIT)
        and signature.recorded_by_id == case.user.pk
        and signature.signer_name == "Sofie Underskriver"
        and str(signature.signed_on) == "2024-12-02"
        and pdf == b"%PDF-1.4 underskrevet"
    )


def _bills_state(case: Case):
    return sorted((bill.title, bill.shares.count()) for bill in Bill.objects.all())


def _bill_split(case: Case) -> bool:
    bill = Bill.objects.filter(title="Regning 2025").first()
    return (
        bill is not None
        and bill.shares.count() == Municipality.objects.count() == 98
        and sum(bill.shares.values_list("amount_ore", flat=True)) == 123456
    )


# The profile: each logged-in user has a preference (reminders off, digest on); a POST with
# reminders on and digest absent (= off) flips the poster's own, no one else's.


def _preferences(case: Case) -> None:
    for user in case.users.values():
        if user is not None:
            MailPreference.objects.create(
                person=person_for_user(user), reminders=False, digest=True
            )


def _preferences_state(case: Case):
    return sorted(MailPreference.objects.values_list("person__user_id", "reminders", "digest"))


def _own_preference_changed(case: Case) -> bool:
    return _preferences_state(case) == sorted(
        (user.pk, True, False) if actor == case.actor else (user.pk, False, True)
        for actor, user in case.users.items()
        if user is not None
    )


# Calendar feeds: {a_feed} is A's ("Mine frister"). A new one is shown on the page that answers
# the POST (its address is on no other page), so the POST's success is a 200; {a_filter} is A's
# saved filter, no choice on anyone else's form.
CREATED = Outcome(200, changes=True)


def _feeds_state(case: Case) -> list[tuple]:
    return list(
        Feed.objects.order_by("pk").values_list(
            "pk", "user_id", "source", "params", "titles_only", "revoked_at"
        )
    )


def _feed_created(case: Case, *, source: str, params: dict) -> bool:
    feed = Feed.objects.order_by("pk").last()
    match = re.search(r"/kalender/([A-Za-z0-9_-]{43})\.ics", case.response.content.decode())
    return (
        feed is not None
        and match is not None
        and (feed.user_id, feed.source, feed.params) == (case.user.pk, source, params)
        and feed.digest == digest_of(match.group(1))
        and Client().get(match.group(0)).status_code == 200
    )


def _feed_revoked(case: Case) -> bool:
    feed = Feed.objects.get(pk=case.ids["a_feed"])
    token = f"/kalender/{case.ids['a_feed_token']}.ics"
    return feed.revoked_at is not None and Client().get(token).status_code == 404


# The profile's API keys: each user makes their own (the key shown once, its digest kept), and
# revokes only their own ({a_token} is user_a's).


def _tokens_state(case: Case):
    return sorted(
        (t.user_id, t.name, t.revoked_at is None) for t in ApiToken.objects.order_by("pk")
    )


def _token_made(case: Case) -> bool:
    made = ApiToken.objects.filter(user=case.user, name="Matricens nøgle").get()
    return made.digest == digest_of(
        re.search(r'id="api-key"[^>]*value="([^"]+)"', case.response.content.decode())[1]
    )


def _token_revoked(case: Case) -> bool:
    return ApiToken.objects.get(pk=case.ids["a_token"]).revoked_at is not None


# Language and SAML.


def _language_cookie(case: Case):
    cookie = case.client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie.value if cookie else None


def _logged_in_as(case: Case):
    return case.client.session.get("_auth_user_id")


def _login_state(case: Case):
    return _logged_in_as(case), User.objects.count()


def _logged_out(case: Case) -> bool:
    return _logged_in_as(case) is None


DEMO_PERSON = demo_identity("aarhus-programleder")


def _authn_request(case: Case) -> dict:
    """What the demo IdP's person picker posts: the signed AuthnRequest of /saml/login/ (only an
    anonymous visitor gets one), the marker SAMLRequest=1 and the chosen demo person."""
    location = Client().get("/saml/login/", {"next": "/"})["Location"]
    case.data["request_id"] = authn_request_id(location)
    return {"SAMLRequest": "1", "query": urlsplit(location).query, "identity": DEMO_PERSON.key}


def _demo_idp_answer(case: Case):
    """The demo IdP keeps no state: its effect is the SAMLResponse of the page it answers with."""
    if case.response is None:
        return None
    found = re.search(rb'name="SAMLResponse" value="([^"]+)"', case.response.content)
    return base64.b64decode(found.group(1)) if found else None


def _demo_idp_answered(case: Case) -> bool:
    """A response for the chosen person, to the portal's request; and no one logged in here."""
    xml = _demo_idp_answer(case)
    return (
        xml is not None
        and DEMO_PERSON.serial.encode() in xml
        and f'InResponseTo="{case.data["request_id"]}"'.encode() in xml
        and _logged_in_as(case) == (str(case.user.pk) if case.user else None)
    )


def _week_4_state(case: Case) -> list[tuple]:
    return list(
        CheckIn.objects.filter(week=4)
        .order_by("municipality__code", "area")
        .values_list("municipality__code", "area", "score", "comment", "entered_by")
    )


def _week_4_entered(case: Case) -> bool:
    """The actor's own municipality has the check-in, entered by them, and no other one."""
    code = case.user.municipality.code
    return _week_4_state(case) == [(code, "generelt", 4, "Fint forløb", case.user.pk)]


def _idps_state(case: Case) -> list[tuple]:
    return list(
        IdentityProvider.objects.order_by("pk").values_list(
            "municipality__code", "name", "entity_id", "profile"
        )
    )


IDP_BODY = {
    "name": "Ny IdP", "entity_id": "https://ny.example/idp", "metadata_url": "",
    "protocol": "oiosaml3", "profile": "oiosaml3-adfs-relaystate",
}  # fmt: skip


def _idp_added(case: Case) -> bool:
    code = case.user.municipality.code
    return (code, "Ny IdP", "https://ny.example/idp", "oiosaml3-adfs-relaystate") in _idps_state(
        case
    )


def _idp_changed(case: Case) -> bool:
    return ("0751", "Ny IdP", "https://ny.example/idp", "oiosaml3-adfs-relaystate") in _idps_state(
        case
    )


def _idp_deleted(case: Case) -> bool:
    return not IdentityProvider.objects.filter(pk=case.ids["a_idp"]).exists()


def _uses_state(case: Case) -> list[tuple]:
    return list(SystemUse.objects.order_by("pk").values_list("municipality__code", "handler"))


def _system_used(case: Case) -> bool:
    return _uses_state(case) == [(case.user.municipality.code, "ch1")]


def _check_state(case: Case) -> tuple:
    check = RolloverCheck.objects.get(pk=case.ids["a_check"])
    return check.trust_at is not None, check.metadata_at is not None, check.updated_by_id


def _check_ticked(case: Case) -> bool:
    return _check_state(case) == (True, True, case.user.pk)


def _systems_body(case: Case) -> dict:
    return {f"system_{UserSystem.objects.get().pk}": "ch1"}


def _jobs_state(case: Case) -> list[tuple]:
    return list(ReportJob.objects.order_by("pk").values_list("requested_by_id", "state"))


def _job_requested(case: Case) -> bool:
    return _jobs_state(case)[-1] == (case.user.pk, "queued")


def _ticks_state(case: Case) -> list[tuple]:
    return list(ChecklistTick.objects.order_by("pk").values_list("municipality_id", "done", "note"))


def _own_ticked(case: Case) -> bool:
    return _ticks_state(case) == [(case.user.municipality_id, True, "Orienteret")]


def _summary_mails(case: Case) -> list[tuple]:
    return list(Mail.objects.order_by("pk").values_list("person_id", "kind", "subject_key"))


def _a_registered(case: Case) -> None:
    case.data["leader"] = person_for_user(case.users[A]).pk


def _ideas_state(case: Case) -> list[tuple]:
    return list(Idea.objects.order_by("pk").values_list("sender_id", "text"))


def _answers_state(case: Case) -> list[tuple]:
    return list(SatisfactionAnswer.objects.order_by("pk").values_list("user_id", "score"))


POST_ROWS = [
    # The municipality is the user's own whatever the form names (B ticks Odense's, not Aarhus').
    PostRow(
        "meetings:tick",
        "/moeder/punkter/{item}/tjek/",
        body=lambda case: {
            "done": "on",
            "note": "Orienteret",
            "municipality": Municipality.objects.get(code="0751").pk,
            "kommune": "0751",
        },
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_ticks_state,
        happened=_own_ticked,
    ),
    PostRow(
        "meetings:publish",
        "/moeder/{meeting}/publicer-resume/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: FORBIDDEN, B: FORBIDDEN, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_summary_mails,
        happened=lambda case: (
            _summary_mails(case)
            == [(case.data["leader"], "meeting_summary", f"meeting:{case.ids['meeting']}:summary")]
        ),
        setup=_a_registered,
    ),
    PostRow(
        "meetings:idea",
        "/moeder/{meeting}/ideer/",
        body=lambda case: {"text": "Mere om FKI"},
        expected=logged_in(DONE),
        state=_ideas_state,
        happened=lambda case: _ideas_state(case) == [(case.user.pk, "Mere om FKI")],
    ),
    PostRow(
        "meetings:satisfaction",
        "/tilfredshed/",
        body=lambda case: {"score": "4", "comment": "Fint", "next": "/"},
        expected=logged_in(DONE),
        state=_answers_state,
        happened=lambda case: _answers_state(case) == [(case.user.pk, 4)],
    ),
    PostRow(
        "status_all_request",
        "/status/alle/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: FORBIDDEN, B: FORBIDDEN, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_jobs_state,
        happened=_job_requested,
    ),
    PostRow(
        "contexthandler:idp_new",
        "/contexthandler/idp/ny/",
        body=lambda case: IDP_BODY,
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_idps_state,
        happened=_idp_added,
    ),
    PostRow(
        "contexthandler:idp_edit",
        "/contexthandler/idp/{a_idp}/",
        body=lambda case: IDP_BODY,
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_idps_state,
        happened=_idp_changed,
    ),
    PostRow(
        "contexthandler:idp_delete",
        "/contexthandler/idp/{a_idp}/slet/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_idps_state,
        happened=_idp_deleted,
    ),
    PostRow(
        "contexthandler:systems",
        "/contexthandler/systemer/",
        body=_systems_body,
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_uses_state,
        happened=_system_used,
    ),
    PostRow(
        "contexthandler:rollover_tick",
        "/contexthandler/certifikatskifte/tjek/{a_check}/",
        body=lambda case: {"trust": "on", "metadata": "on"},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_check_state,
        happened=_check_ticked,
    ),
    PostRow(
        "valg:checkin_week",
        "/valg/tjek-ind/uge/4/",
        body=lambda case: {"score_generelt": "4", "comment_generelt": "Fint forløb"},
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: FORBIDDEN},
        state=_week_4_state,
        happened=_week_4_entered,
    ),
    # KLIK: {a_task} is A's assignment; B sees no assignment of A (404).
    _status_row("not_responsible", _someone_else_responsible, staff_a=FORBIDDEN),
    _status_row("staff_a_performs", _staff_a_performs, staff_a=DONE),
    _status_row("staff_a_responsible", _staff_a_responsible, staff_a=DONE),
    PostRow(
        "klik:people",
        "/klik/{a_task}/personer/",
        body=lambda case: {
            "responsible": case.ids["p1"],
            "performers": [case.ids["p1"], case.ids["p2"]],
        },
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_people_state,
        happened=_people_happened,
        setup=_two_aarhus_people,
    ),
    PostRow(
        "klik:filter_save",
        "/klik/filtre/gem/",
        body=lambda case: {"name": "Mine opgaver", "query": "q=x&sort=-end"},
        expected=logged_in(DONE),
        state=_filters_state,
        happened=_filter_saved,
    ),
    PostRow(
        "klik:filter_rename",
        "/klik/filtre/{a_filter}/omdoeb/",
        body=lambda case: {"name": "Nyt navn"},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: NOT_FOUND, KOMBIT: NOT_FOUND},
        state=_filters_state,
        happened=_filter_renamed,
    ),
    PostRow(
        "klik:filter_delete",
        "/klik/filtre/{a_filter}/slet/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: NOT_FOUND, KOMBIT: NOT_FOUND},
        state=_filters_state,
        happened=_filter_deleted,
    ),
    # Agreements: a programme leader signs for their own municipality, KOMBIT on behalf of one.
    PostRow(
        "agreements:sign",
        "/aftaler/{unsigned_agreement}/underskriv/",
        body=_sign_body,
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_signatures_state,
        happened=_signed,
    ),
    PostRow(
        "agreements:signature_correct",
        "/aftaler/{agreement}/underskrift/0751/ret/",
        body=lambda case: {
            "correct-signed_on": "2024-11-15",
            "correct-signer_name": "Anna Rettet",
        },
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_aarhus_signature_state,
        happened=lambda case: _aarhus_signature_state(case) == [("2024-11-15", "Anna Rettet")],
    ),
    PostRow(
        "agreements:signature_withdraw",
        "/aftaler/{agreement}/underskrift/0751/tilbagekald/",
        body=lambda case: {"reason": "Registreret på den forkerte aftale"},
        expected={ANON: LOGIN, A: FORBIDDEN, B: FORBIDDEN, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_aarhus_signature_state,
        happened=lambda case: _aarhus_signature_state(case) == [],
    ),
    PostRow(
        "klik:attachment_add",
        "/klik/{a_task}/filer/",
        body=lambda case: {
            "file": SimpleUploadedFile(
                "bilag.pdf", b"%PDF-1.4 bilag", content_type="application/pdf"
            )
        },
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_files_state,
        happened=lambda case: _files_state(case) == ["bilag.pdf", "plan.pdf"],
    ),
    PostRow(
        "klik:attachment_remove",
        "/klik/{a_task}/filer/{a_file}/slet/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_files_state,
        happened=lambda case: _files_state(case) == [],
    ),
    PostRow(
        "klik:local_new",
        "/klik/lokal/ny/?kommune=0751",
        body=lambda case: {"title": "Matricens lokale opgave", "end": "20.12.2024"},
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_local_tasks_state,
        happened=lambda case: _local_tasks_state(case) == [CONTACT_IN[case.actor]],
    ),
    PostRow(
        "klik:local_edit",
        "/klik/{a_local}/rediger/",
        body=lambda case: {"title": "Omdøbt lokal opgave", "end": "20.12.2024"},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=lambda case: TaskAssignment.objects.get(pk=case.ids["a_local"]).task.title,
        happened=lambda case: (
            TaskAssignment.objects.get(pk=case.ids["a_local"]).task.title == "Omdøbt lokal opgave"
        ),
    ),
    PostRow(
        "role_fill",
        "/roller/{role}/besaet/?kommune=0751",
        body=lambda case: {"person": case.ids["second_person"], "is_primary": "on"},
        # B's page is Odense's: Aarhus's person is no choice there (the form refuses it).
        expected={ANON: LOGIN, A: DONE, B: INVALID, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_role_holders_state,
        happened=lambda case: ("Bent Anden", True) in _role_holders_state(case),
        setup=_second_aarhus_person,
    ),
    PostRow(
        "holder_primary",
        "/roller/indehavere/{second_holder}/primaer/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_role_holders_state,
        happened=lambda case: ("Bent Anden", True) in _role_holders_state(case),
        setup=_second_aarhus_holder,
    ),
    PostRow(
        "holder_remove",
        "/roller/indehavere/{a_holder}/fjern/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_role_holders_state,
        happened=lambda case: _role_holders_state(case) == [],
    ),
    PostRow(
        "contacts",
        "/roller/kontakter/?kommune=0751",
        body=lambda case: {"name": "Ny Kontakt", "email": "ny.kontakt@example.dk", "phone": ""},
        expected={ANON: LOGIN, A: DONE, B: DONE, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_new_contact_state,
        happened=lambda case: _new_contact_state(case) == [CONTACT_IN[case.actor]],
    ),
    PostRow(
        "keeper_set",
        "/roller/kontakter/{a_person}/rolleholder/",
        body=lambda case: {"keeps": "on"},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=lambda case: Person.objects.get(pk=case.ids["a_person"]).keeps_role_holders,
        happened=lambda case: Person.objects.get(pk=case.ids["a_person"]).keeps_role_holders,
    ),
    PostRow(
        "agreements:bills",
        "/aftaler/udgifter/",
        body=lambda case: {"title": "Regning 2025", "basis": "Drift 2025", "total_kr": "1234.56"},
        expected={ANON: LOGIN, A: FORBIDDEN, B: FORBIDDEN, STAFF_A: FORBIDDEN, KOMBIT: DONE},
        state=_bills_state,
        happened=_bill_split,
    ),
    PostRow(
        "guide",
        "/velkommen/",
        body=lambda case: {"next": "/klik/"},
        expected=logged_in(DONE),
        state=lambda case: sorted(
            User.objects.filter(guide_seen_at__isnull=False).values_list("username", flat=True)
        ),
        happened=lambda case: (
            User.objects.get(pk=case.user.pk).guide_seen_at is not None
            and case.response["Location"] == "/klik/"
        ),
    ),
    PostRow(
        "profile",
        "/profil/",
        body=lambda case: {"reminders": "on"},
        expected=logged_in(DONE),
        state=_preferences_state,
        happened=_own_preference_changed,
        setup=_preferences,
    ),
    PostRow(
        "feeds:new",
        "/profil/kalendere/ny/",
        body=lambda case: {"source": "mine", "titles_only": "on"},
        expected=logged_in(CREATED),
        state=_feeds_state,
        happened=lambda case: _feed_created(case, source="mine", params={}),
        label="mine",
    ),
    PostRow(
        "feeds:new",
        "/profil/kalendere/ny/",
        body=lambda case: {"source": f"klik.filter?filter={case.ids['a_filter']}"},
        expected={ANON: LOGIN, A: CREATED, B: INVALID, STAFF_A: INVALID, KOMBIT: INVALID},
        state=_feeds_state,
        happened=lambda case: _feed_created(
            case, source="klik.filter", params={"filter": case.ids["a_filter"]}
        ),
        label="saved_filter",
    ),
    PostRow(
        "feeds:revoke",
        "/profil/kalendere/{a_feed}/tilbagekald/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: NOT_FOUND, KOMBIT: NOT_FOUND},
        state=_feeds_state,
        happened=_feed_revoked,
    ),
    PostRow(
        "api_token_create",
        "/profil/api-noegler/ny/",
        body=lambda case: {"name": "Matricens nøgle"},
        expected={ANON: LOGIN, **dict.fromkeys((A, B, STAFF_A, KOMBIT), SHOWN)},
        state=_tokens_state,
        happened=_token_made,
    ),
    PostRow(
        "api_token_revoke",
        "/profil/api-noegler/{a_token}/tilbagekald/",
        body=lambda case: {},
        expected={ANON: LOGIN, A: DONE, B: NOT_FOUND, STAFF_A: NOT_FOUND, KOMBIT: NOT_FOUND},
        state=_tokens_state,
        happened=_token_revoked,
    ),
    PostRow(
        "set_language",
        "/i18n/setlang/",
        body=lambda case: {"language": "en", "next": "/"},
        expected=everyone(DONE),
        state=_language_cookie,
        happened=lambda case: _language_cookie(case) == "en",
    ),
    # SAML (tested at length in tests/accounts): an ACS post without a SAMLResponse is refused and
    # logs no one in (nor out); the logout button's post logs the user out.
    PostRow(
        "saml:acs",
        "/saml/acs/",
        body=lambda case: {"RelayState": "/"},
        expected=everyone(FORBIDDEN),
        state=_login_state,
        happened=lambda case: False,  # no actor gets through
    ),
    PostRow(
        "saml:logout",
        "/saml/logout/",
        body=lambda case: {},
        expected={ANON: Outcome(302, changes=False), A: DONE, B: DONE, STAFF_A: DONE, KOMBIT: DONE},
        state=_logged_in_as,
        happened=_logged_out,
    ),
    PostRow(
        "demo_idp:sso",
        "/demo-idp/",
        body=_authn_request,
        expected=everyone(Outcome(200, changes=True)),
        state=_demo_idp_answer,
        happened=_demo_idp_answered,
    ),
]

# Every view that accepts POST (require_POST, or GET and POST). A new one must join this set and
# get a POST row; test_post_views_are_all_known finds one that was left out.
POST_VIEWS = {
    "meetings:tick",
    "meetings:publish",
    "meetings:idea",
    "meetings:satisfaction",
    "klik:status",
    "klik:people",
    "klik:local_new",
    "klik:local_edit",
    "klik:attachment_add",
    "klik:attachment_remove",
    "klik:filter_save",
    "klik:filter_rename",
    "klik:filter_delete",
    "valg:checkin_week",
    "status_all_request",
    "contexthandler:idp_new",
    "contexthandler:idp_edit",
    "contexthandler:idp_delete",
    "contexthandler:systems",
    "contexthandler:rollover_tick",
    "agreements:sign",
    "agreements:signature_correct",
    "agreements:signature_withdraw",
    "agreements:bills",
    "role_fill",
    "holder_primary",
    "holder_remove",
    "contacts",
    "keeper_set",
    "guide",
    "profile",
    "feeds:new",
    "feeds:revoke",
    "api_token_create",
    "api_token_revoke",
    "set_language",
    "saml:acs",
    "saml:logout",
    "demo_idp:sso",
}

POST_CASES = [
    pytest.param(row, actor, id=f"{row.id}-{actor}") for row in POST_ROWS for actor in ACTORS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "actor"), POST_CASES)
def test_post_matrix(row, actor, actors, object_ids, client_for, demo_idp):
    case = Case(actor=actor, users=actors, client=client_for(actors[actor]), ids=dict(object_ids))
    row.setup(case)
    path = row.path.format(**case.ids)
    body = row.body(case)
    before = row.state(case)
    case.response = case.client.post(path, body)
    want = row.expected[actor]
    outcome = Outcome(LOGIN, changes=False) if want == LOGIN else want
    _assert_status(case.client, case.response, outcome.status, actor, "POST", path)
    after = row.state(case)
    if outcome.changes:
        assert after != before, (actor, path, "nothing changed")
        assert row.happened(case), (actor, path, before, after)
    else:
        assert after == before, (actor, path, "changed", before, after)


def _named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                yield "admin"
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _named_urls(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    covered = {row[0] for row in MATRIX} | {row.name for row in POST_ROWS} | {"admin"}
    missing = sorted(set(_named_urls(get_resolver().url_patterns)) - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


def test_every_post_view_has_a_post_row():
    with_post_rows = {row.name for row in POST_ROWS}
    missing = sorted(POST_VIEWS - with_post_rows)
    assert not missing, f"views that take POST without a POST row: {missing}"
    unlisted = sorted(with_post_rows - POST_VIEWS)
    assert not unlisted, f"POST rows of views not in POST_VIEWS: {unlisted}"


@pytest.mark.django_db
def test_post_views_are_all_known(kombit_user, object_ids, client_for, demo_idp):
    """A POST to each GET row's path (as KOMBIT, who gets furthest): anything but the 405 of a
    GET-only view means the view takes POST, so it must be in POST_VIEWS. The admin is its own
    application (KOMBIT only); a path that resolves to no view says nothing."""
    unknown = set()
    for name, path, _expected in MATRIX:
        path = path.format(**object_ids)
        if name.startswith("admin"):
            continue
        try:
            resolve(unquote(urlsplit(path).path))
        except Resolver404:
            continue
        if client_for(kombit_user).post(path).status_code != 405:
            unknown.add(name)
    unlisted = sorted(unknown - POST_VIEWS)
    assert not unlisted, f"views that take POST but are not in POST_VIEWS: {unlisted}"


@pytest.mark.django_db
def test_demo_idp_is_404_when_off(client, settings):
    settings.DEMO_IDP = False
    for path in ("/demo-idp/", "/demo-idp/metadata/", "/demo-idp/slo/"):
        assert client.get(path).status_code == 404


@pytest.fixture
def odense_holder(odense):
    role = Role.objects.create(name="Testrolle", kind="general", status="published")
    person = services.person_upsert(
        name="Oda Odensehemmelig", email="oda@odense.example.dk", municipality=odense
    )
    services.role_assignment_set(role=role, municipality=odense, person=person, is_primary=True)
    return person


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/roller/", "/roller/?kommune=0461", "/roller/?kommune=0461&q=Testrolle"],
)
def test_municipality_a_never_sees_b(path, client_for, user_a, odense_holder):
    response = client_for(user_a).get(path)
    assert response.status_code == 200
    assert "Odensehemmelig" not in response.content.decode()


@pytest.mark.django_db
def test_municipality_b_sees_its_own_holder(client_for, user_b, odense_holder):
    response = client_for(user_b).get("/roller/")
    assert "Oda Odensehemmelig" in response.content.decode()


@pytest.mark.django_db
def test_kombit_sees_any_municipality(client_for, kombit_user, odense_holder):
    response = client_for(kombit_user).get("/roller/?kommune=0461")
    assert "Oda Odensehemmelig" in response.content.decode()
