"""The portal's URLs. The fixed paths of PRODUCT.md live here: /healthz, /saml/..., /demo-idp/,
/admin/, /klik/, /aftaler/, /sapa/, /valg/, /contexthandler/."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from kombitportal.agreements import views as agreement_views
from kombitportal.core import health
from kombitportal.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("roller/", core_views.role_gallery, name="roles"),
    path("tilgaengelighed/", core_views.accessibility, name="accessibility"),
    path("profil/", include("kombitportal.notifications.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("saml/", include("kombitportal.accounts.urls")),
    path("demo-idp/", include("kombitportal.demo_idp.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("klik/", include("klik.urls")),
    path("aftaler/", include("kombitportal.agreements.urls")),
    path("besoeg/", agreement_views.visits, name="visits"),
    path("sapa/", include("sapa.urls")),
    path("valg/", include("valg.urls")),
    path("contexthandler/", include("contexthandler.urls")),
]
