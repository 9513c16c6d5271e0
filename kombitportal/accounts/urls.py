from django.urls import path

from kombitportal.accounts import views

app_name = "saml"

urlpatterns = [
    path("login/", views.saml_login, name="login"),
    path("acs/", views.saml_acs, name="acs"),
    path("logout/", views.saml_logout, name="logout"),
    path("metadata/", views.saml_metadata, name="metadata"),
]
