"""KOMBIT's maintenance of agreements, signatures, visits and bills."""

from django import forms
from django.contrib import admin

from kombitportal.agreements.models import Agreement, Bill, BillShare, Signature, Visit
from kombitportal.core import clock
from kombitportal.core.admin_audit import AuditedModelAdmin
from kombitportal.core.approxdate import clean_approximate_dates


class AgreementAdminForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "solution", "kind", "title", "dispatched", "dispatch_text", "dispatch_pending_reason",
            "deadline_text", "deadline_pending_reason", "channel", "recipient_roles", "copy_roles",
            "kombit_note", "requires_signature",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        clean_approximate_dates(self, ("dispatch", "deadline"), reference=clock.today())
        return cleaned


@admin.register(Agreement)
class AgreementAdmin(AuditedModelAdmin):
    form = AgreementAdminForm
    list_display = [
        "title",
        "solution",
        "kind",
        "dispatch_text",
        "deadline_text",
        "channel",
        "dispatched",
    ]
    list_filter = ["kind", "channel", "dispatched", "solution"]
    search_fields = ["title", "kombit_note"]
    list_select_related = ["solution"]
    filter_horizontal = ["recipient_roles", "copy_roles"]


@admin.register(Signature)
class SignatureAdmin(AuditedModelAdmin):
    list_display = [
        "agreement",
        "municipality",
        "signed_on",
        "signer_name",
        "recorded_by_name",
        "on_behalf",
    ]
    list_filter = ["agreement", "on_behalf"]
    search_fields = ["municipality__name", "signer_name"]
    list_select_related = ["agreement", "municipality"]
    readonly_fields = ["recorded_by", "recorded_by_name", "recorded_at", "on_behalf", "document"]


class VisitAdminForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["municipality", "status", "when_text", "interest_year", "k98"]

    def clean(self):
        cleaned = super().clean()
        clean_approximate_dates(self, ("when",), reference=clock.today())
        return cleaned


@admin.register(Visit)
class VisitAdmin(AuditedModelAdmin):
    form = VisitAdminForm
    list_display = ["municipality", "status", "when_text", "interest_year", "k98"]
    list_filter = ["status", "k98"]
    search_fields = ["municipality__name"]
    list_select_related = ["municipality"]


class BillShareInline(admin.TabularInline):
    model = BillShare
    extra = 0
    can_delete = False
    readonly_fields = ["municipality", "population", "amount_ore"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Bill)
class BillAdmin(AuditedModelAdmin):
    """Bills are split on the portal's cost-allocation page; here they can be read."""

    list_display = ["title", "total_ore", "population_date", "created_at"]
    readonly_fields = ["title", "basis", "total_ore", "population_date"]
    inlines = [BillShareInline]

    def has_add_permission(self, request):
        return False
