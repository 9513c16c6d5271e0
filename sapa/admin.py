"""KOMBIT's maintenance of SAPA's catalogue: purposes with their legal bases and subject areas,
releases with their data areas, and the timeline's milestones. A legal basis is typed as the slide
writes it; the act, paragraphs and reference are read from the line."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kombitportal.core.admin_audit import AuditedModelAdmin
from kombitportal.core.forms import DatedForm
from sapa.models import DataArea, LegalBasis, Milestone, Purpose, Release, Step, SubjectArea


class LegalBasisForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Legal basis as written"),
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 100}),
        help_text=_(
            "The act, its paragraphs and the reference, e.g. “Lov om social service § 80, "
            "§§ 107-110 (LBK nr. 909 af 3. juli 2024)”."
        ),
    )

    class Meta:
        model = LegalBasis
        fields = ["text", "parent", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["text"] = self.instance.text

    def clean(self):
        cleaned = super().clean() or {}
        if text := cleaned.get("text"):
            try:
                self.instance.set_text(text)
            except forms.ValidationError as exc:
                self.add_error("text", exc)
        return cleaned


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    form = LegalBasisForm
    fk_name = "purpose"
    extra = 1
    fields = ["text", "parent", "position"]


class SubjectAreaInline(admin.TabularInline):
    model = SubjectArea
    extra = 1


class PurposeForm(DatedForm):
    dated = ("effective",)

    class Meta:
        model = Purpose
        fields = [
            "name", "note", "level", "interface", "part_of", "effective_text", "description",
            "position",
        ]  # fmt: skip


@admin.register(Purpose)
class PurposeAdmin(AuditedModelAdmin):
    form = PurposeForm
    list_display = ["__str__", "level", "interface", "effective_text", "position"]
    list_filter = ["level", "interface"]
    search_fields = ["name", "note", "legal_bases__act", "subject_areas__name"]
    inlines = [LegalBasisInline, SubjectAreaInline]


class ReleaseForm(DatedForm):
    dated = ("released",)

    class Meta:
        model = Release
        fields = ["version", "released_text", "note"]


class DataAreaInline(admin.TabularInline):
    model = DataArea
    extra = 1
    fields = ["name", "interface", "note", "position"]


@admin.register(Release)
class ReleaseAdmin(AuditedModelAdmin):
    form = ReleaseForm
    list_display = ["__str__", "released_text", "note"]
    inlines = [DataAreaInline]


@admin.register(DataArea)
class DataAreaAdmin(AuditedModelAdmin):
    list_display = ["name", "interface", "release", "position"]
    list_filter = ["interface", "release"]
    search_fields = ["name", "note"]


class MilestoneForm(DatedForm):
    dated = ("when",)

    class Meta:
        model = Milestone
        fields = ["title", "when_text", "interface"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedModelAdmin):
    form = MilestoneForm
    list_display = ["title", "when_text", "interface"]


class StepForm(DatedForm):
    dated = ("when",)

    class Meta:
        model = Step
        fields = [
            "group", "what", "how", "where", "who", "when_text", "agreement", "klik_code",
            "position",
        ]  # fmt: skip


@admin.register(Step)
class StepAdmin(AuditedModelAdmin):
    form = StepForm
    list_display = ["what", "group", "when_text", "agreement", "klik_code", "position"]
    list_filter = ["group"]
