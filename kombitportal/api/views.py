"""The profile page's API keys (its section is templates/api/profile_tokens.html): make one, shown
once on the page the POST answers with (never kept, never put in a redirect or the session), and
revoke one of your own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kombitportal.api import selectors, services
from kombitportal.api.forms import ApiTokenForm
from kombitportal.api.models import ApiToken
from kombitportal.core.http import PortalRequest

SECTION = "#api-noegler"


def _profile() -> HttpResponse:
    return redirect(reverse("profile") + SECTION)


@require_POST
def token_create(request: PortalRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("name", []):
            messages.error(request, _("The API key was not made: %(error)s") % {"error": error})
        return _profile()
    try:
        token, plain = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], actor=request.user
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return _profile()
    return render(
        request,
        "api/token_created.html",
        {
            "token": token,
            "plain": plain,
            "example_url": request.build_absolute_uri(reverse("api:klik_assignments")),
        },
    )


@require_POST
def token_revoke(request: PortalRequest, pk: int) -> HttpResponse:
    try:
        token = selectors.token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("The API key “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return _profile()


def profile_context(user) -> dict:
    """What the profile page's section of API keys shows (one query)."""
    return {"api_tokens": list(selectors.tokens_of(user=user)), "api_token_form": ApiTokenForm()}
