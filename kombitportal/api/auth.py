"""Who a request to the API is: a personal API token (`Authorization: Bearer <token>`) or the
browser's session. A request that names an Authorization header is judged by it alone — a wrong
scheme, an unknown or a revoked token is refused even with a session cookie beside it — so that a
client always learns that its token no longer works. Nobody → 401 (api.py answers it as JSON)."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kombitportal.api import selectors, services

if TYPE_CHECKING:
    from kombitportal.accounts.models import User


def api_user(request: HttpRequest) -> "User":
    """The user a read of the API authenticated as (every one but the index requires one)."""
    return request.auth  # type: ignore[attr-defined]


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        if "authorization" not in request.headers:
            return None
        scheme, _space, token = request.headers["authorization"].partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            request.api_refused = True  # type: ignore[attr-defined]
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = selectors.active_token(token)
        if found is None:
            request.api_refused = True  # type: ignore[attr-defined]
            return None
        services.api_token_used(token=found)
        # The user the rest of the request (and its logging) sees, as the session would set it.
        request.user = found.user
        return found.user


class PortalSession(SessionAuth):
    """The logged-in browser (GET only: the API has no writes, so no CSRF to check)."""

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if "authorization" in request.headers:
            return None
        user = request.user
        return user if user.is_authenticated and user.is_active else None
