"""The portal's URLs. The fixed paths of PRODUCT.md live here: /healthz, /saml/..., /demo-idp/,
/admin/, /klik/, /aftaler/, /sapa/, /valg/, /contexthandler/, /api/v1/ (with
/api/v1/openapi.json); the meetings app adds /moeder/, /laer-kombit-at-kende/, /kommunecert/ and
/tilfredshed/."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from kombitportal.agreements import views as agreement_views
from kombitportal.api import api as json_api
from kombitportal.core import health
from kombitportal.core import views as core_views
from kombitportal.core.exports import export_paths

urlpatterns = [
    path("", core_views.home, name="home"),
    path("roller/", core_views.role_gallery, name="roles"),
    path("roller/<int:pk>/besaet/", core_views.role_fill, name="role_fill"),
    path("roller/indehavere/<int:pk>/primaer/", core_views.holder_primary, name="holder_primary"),
    path("roller/indehavere/<int:pk>/fjern/", core_views.holder_remove, name="holder_remove"),
    path("roller/kontakter/", core_views.contacts, name="contacts"),
    path("roller/kontakter/<int:pk>/rolleholder/", core_views.keeper_set, name="keeper_set"),
    path("roller/tomme/", core_views.empty_roles, name="empty_roles"),
    path("tilgaengelighed/", core_views.accessibility, name="accessibility"),
    path("velkommen/", core_views.guide, name="guide"),
    path("status/", core_views.status, name="status"),
    path("status.pdf", core_views.status_pdf, name="status_pdf"),
    path("status/alle/", core_views.status_all_request, name="status_all_request"),
    path("status/alle/<int:pk>/", core_views.status_all, name="status_all"),
    path("status/alle/<int:pk>/fil/", core_views.status_all_file, name="status_all_file"),
    path("kort-nyt/", core_views.news, name="news"),
    path("kommuner/", core_views.grid, name="grid"),
    path("kort-nyt.pdf", core_views.news_pdf, name="news_pdf"),
    path("profil/api-noegler/", include("kombitportal.api.urls")),
    path("profil/", include("kombitportal.notifications.urls")),
    # A calendar feed's private address (/kalender/<token>.ics) and the profile's /profil/kalendere/.
    path("", include("kombitportal.feeds.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("saml/", include("kombitportal.accounts.urls")),
    path("demo-idp/", include("kombitportal.demo_idp.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("klik/", include("klik.urls")),
    path("aftaler/", include("kombitportal.agreements.urls")),
    path("besoeg/", agreement_views.visits, name="visits"),
    *export_paths("besoeg/eksport", agreement_views.visits_export, "visits_export"),
    path("sapa/", include("sapa.urls")),
    path("valg/", include("valg.urls")),
    path("contexthandler/", include("contexthandler.urls")),
    path("", include("meetings.urls")),
    path("api/v1/", json_api.urls()),
]
