"""Writes of the agreements area: signatures (with the signed PDF), bills split by population."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kombitportal.agreements.allocation import allocate
from kombitportal.agreements.models import Agreement, Bill, BillShare, Signature
from kombitportal.core import audit, clock
from kombitportal.core.models import Municipality
from kombitportal.core.uploads import check_file

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def can_sign(user, municipality: Municipality) -> bool:
    """The municipality's programme leader signs; KOMBIT may record a signature on its behalf."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            user.is_kombit or (user.is_programme_leader and user.municipality_id == municipality.pk)
        )
    )


def validate_pdf(document: UploadedFile) -> None:
    """A signed agreement is a PDF of at most 10 MB; the name and the content must both say so."""
    check_file(
        document,
        kinds=("pdf",),
        max_bytes=MAX_DOCUMENT_BYTES,
        field="document",
        wrong_name=_("Upload the signed agreement as a PDF file."),
        wrong_content=_("The file is not a PDF."),
    )


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    municipality: Municipality,
    signed_on: date,
    signer_name: str,
    document: UploadedFile | None,
    actor,
) -> Signature:
    if not can_sign(actor, municipality):
        raise PermissionDenied
    if not agreement.requires_signature:
        raise ValidationError(_("This agreement is not signed by the municipalities."))
    if not agreement.dispatched:
        raise ValidationError(
            _("KOMBIT has not sent this agreement yet; it can be signed once it has been sent.")
        )
    if signed_on > clock.today():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    if document is not None:
        validate_pdf(document)
    signature = Signature(
        agreement=agreement,
        municipality=municipality,
        signed_on=signed_on,
        signer_name=signer_name.strip(),
        recorded_by=actor,
        recorded_by_name=audit.actor_name(actor),
        on_behalf=bool(actor.is_kombit),
    )
    signature.full_clean(exclude=["document"])
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as exc:
        raise ValidationError(_("The municipality has already signed this agreement.")) from exc
    if document is not None:
        signature.document.save("signed.pdf", document, save=True)
    audit.record(
        actor=actor,
        action="agreements.signature.create",
        obj=signature,
        changes={
            "signed_on": ("", signed_on),
            "signer_name": ("", signature.signer_name),
            "document": ("", signature.document.name),
        },
        note="recorded on the municipality's behalf" if signature.on_behalf else "",
    )
    return signature


def can_withdraw(user) -> bool:
    """Only KOMBIT withdraws a recorded signature (one recorded by mistake, say)."""
    return bool(user.is_authenticated and user.is_active and user.is_kombit)


@transaction.atomic
def signature_correct(
    *,
    signature: Signature,
    signed_on: date,
    signer_name: str,
    document: UploadedFile | None,
    actor,
) -> Signature:
    """The municipality (or KOMBIT) corrects its signature: the date, who signed, and the PDF
    replaced when a new one is given. Old → new in the audit trail."""
    signature = (
        Signature.objects.select_for_update().select_related("municipality").get(pk=signature.pk)
    )
    if not can_sign(actor, signature.municipality):
        raise PermissionDenied
    if signed_on > clock.today():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    if document is not None:
        validate_pdf(document)
    before = {
        "signed_on": signature.signed_on,
        "signer_name": signature.signer_name,
        "document": signature.document.name,
    }
    signature.signed_on = signed_on
    signature.signer_name = signer_name.strip()
    signature.full_clean(exclude=["document"])
    signature.save(update_fields=["signed_on", "signer_name"])
    if document is not None:
        signature.document.delete(save=False)
        signature.document.save("signed.pdf", document, save=True)
    after = {
        "signed_on": signature.signed_on,
        "signer_name": signature.signer_name,
        "document": signature.document.name + (" (new file)" if document is not None else ""),
    }
    changes = audit.changes_of(before, after)
    if changes:
        audit.record(
            actor=actor, action="agreements.signature.change", obj=signature, changes=changes
        )
    return signature


@transaction.atomic
def signature_withdraw(*, signature: Signature, reason: str, actor) -> None:
    """KOMBIT withdraws a signature: it is deleted with its PDF, and the audit trail keeps what it
    was, who withdrew it and why."""
    if not can_withdraw(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the signature is withdrawn.")})
    signature = (
        Signature.objects.select_for_update().select_related("municipality").get(pk=signature.pk)
    )
    audit.record(
        actor=actor,
        action="agreements.signature.withdraw",
        obj=signature,
        changes={
            "signed_on": (signature.signed_on, ""),
            "signer_name": (signature.signer_name, ""),
            "document": (signature.document.name, ""),
        },
        note=reason,
    )
    document = signature.document.name
    signature.delete()
    if document:
        storage = signature.document.storage
        transaction.on_commit(lambda: storage.delete(document))


@transaction.atomic
def bill_create(*, title: str, basis: str, total_ore: int, actor) -> Bill:
    """Create a bill and split it over the 98 municipalities by their registered population."""
    if not actor.is_kombit:
        raise PermissionDenied
    municipalities = list(Municipality.objects.order_by("code"))
    missing = [m.name for m in municipalities if not m.population]
    if missing:
        raise ValidationError(
            _("These municipalities have no population: %(names)s") % {"names": ", ".join(missing)}
        )
    dates = {m.population_date for m in municipalities}
    population_date = dates.pop() if len(dates) == 1 else None
    if population_date is None:
        raise ValidationError(_("The municipalities' populations are not from the same date."))
    bill = Bill(title=title, basis=basis, total_ore=total_ore, population_date=population_date)
    bill.full_clean()
    bill.save()
    # Every municipality has its population: the missing ones are refused above.
    populations = {m.code: m.population for m in municipalities if m.population}
    shares = allocate(total_ore, populations)
    BillShare.objects.bulk_create(
        BillShare(
            bill=bill, municipality=m, population=populations[m.code], amount_ore=shares[m.code]
        )
        for m in municipalities
    )
    audit.record(
        actor=actor,
        action="agreements.bill.create",
        obj=bill,
        changes={"total_ore": ("", total_ore), "population_date": ("", bill.population_date)},
        note=f"split over {len(municipalities)} municipalities",
    )
    return bill
