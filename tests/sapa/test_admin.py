"""KOMBIT keeps SAPA's catalogue in the admin: a legal basis is typed as the slide writes it, read
into its parts, refused with a Danish message when it cannot be read; every change audited."""

import pytest

from kombitportal.core.models import AuditEvent
from sapa import demo
from sapa.models import LegalBasis, Purpose

pytestmark = pytest.mark.django_db


def purpose_form(purpose, basis_text):
    """The change form of a purpose with one legal basis and no subject area."""
    return {
        "name": purpose.name, "note": purpose.note, "level": purpose.level,
        "interface": purpose.interface, "part_of": "", "effective_text": purpose.effective_text,
        "description": "", "position": purpose.position,
        "legal_bases-TOTAL_FORMS": "1", "legal_bases-INITIAL_FORMS": "0",
        "legal_bases-0-text": basis_text, "legal_bases-0-parent": "", "legal_bases-0-position": "0",
        "subject_areas-TOTAL_FORMS": "0", "subject_areas-INITIAL_FORMS": "0",
    }  # fmt: skip


def test_kombit_adds_a_legal_basis_as_written(kombit_user, client_for):
    demo.load_sapa_demo()
    purpose = Purpose.objects.get(name="Opkrævning")
    text = "Lov om opkrævning og inddrivelse af visse fordringer § 3, stk. 2 (LBK nr. 29 af 12. januar 2015)"
    response = client_for(kombit_user).post(
        f"/admin/sapa/purpose/{purpose.pk}/change/", purpose_form(purpose, text)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    basis = LegalBasis.objects.get(purpose=purpose)
    assert (basis.paragraphs, basis.reference_number, basis.text) == ("§ 3, stk. 2", 29, text)
    assert AuditEvent.objects.filter(
        action="admin.sapa.legalbasis.add", object_id=str(basis.pk)
    ).exists()


def test_a_basis_the_portal_cannot_read_is_refused_in_danish(kombit_user, client_for):
    demo.load_sapa_demo()
    purpose = Purpose.objects.get(name="Opkrævning")
    response = client_for(kombit_user).post(
        f"/admin/sapa/purpose/{purpose.pk}/change/",
        purpose_form(purpose, "Lov om noget (LBK nr. 1 af 31. februar 2024)"),
    )
    assert response.status_code == 200
    assert "er ikke en hjemmel, portalen kan læse" in response.content.decode()
    assert not LegalBasis.objects.filter(purpose=purpose).exists()
