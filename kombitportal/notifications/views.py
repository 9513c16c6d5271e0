"""The user's profile: their choice of mail, their calendar feeds (kombitportal/feeds) and, for
programme leaders, who in the municipality receives what."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kombitportal.accounts.services import person_for_user
from kombitportal.api.views import profile_context as api_keys
from kombitportal.core.http import PortalRequest
from kombitportal.feeds.views import profile_section as calendar_feeds_section
from kombitportal.notifications import selectors, services
from kombitportal.notifications.forms import MailPreferenceForm
from kombitportal.notifications.models import Mail, MailPreference


@require_http_methods(["GET", "POST"])
def profile(request: PortalRequest) -> HttpResponse:
    user = request.user
    person = person_for_user(user)
    preference = MailPreference.objects.filter(person=person).first() or MailPreference()
    if request.method == "POST":
        form = MailPreferenceForm(request.POST)
        if form.is_valid():
            services.mail_preference_set(person=person, actor=user, **form.cleaned_data)
            messages.success(request, _("Your mail settings are saved."))
            return redirect("profile")
    else:
        form = MailPreferenceForm(
            initial={"reminders": preference.reminders, "digest": preference.digest}
        )
    context = {
        "form": form,
        "person": person,
        "recent_mails": Mail.objects.filter(person=person)
        .exclude(state=Mail.State.SKIPPED)
        .order_by("-created_at", "-pk")[:10],
        "subscribers": (
            selectors.municipality_subscribers(municipality_id=user.municipality_id)
            if user.is_programme_leader and user.municipality_id
            else None
        ),
        "calendar_feeds": calendar_feeds_section(user),
        **api_keys(user),
    }
    return render(request, "notifications/profile.html", context)
