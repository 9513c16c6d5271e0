"""The agreements' part of `generate_load_data` (kombitportal/core/loadgen.py): ten dispatched
agreements, each signed by some of the municipalities."""

from datetime import timedelta

from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core.areas import LoadContext
from kombitportal.core.loadgen import ACTOR_NAME


def clear(prefix: str = "Belastning") -> dict[str, int]:
    Signature.objects.filter(agreement__title__startswith=prefix).delete()
    Agreement.objects.filter(title__startswith=prefix).delete()
    return {}


def generate(context: LoadContext) -> dict[str, int]:
    rng, chosen, people = context.rng, context.municipalities, context.people
    anchor, batch_size, prefix = context.anchor, context.batch_size, context.prefix
    # Agreements, each signed by some of the municipalities.
    kinds = list(Agreement.Kind)
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                kind=kinds[i % len(kinds)],
                title=f"{prefix} {kinds[i % len(kinds)].label.lower()} {i + 1:02}",
                dispatched=True,
                channel=Agreement.Channel.ADDOSIGN,
            )
            for i in range(10)
        ]
    )
    signatures = Signature.objects.bulk_create(
        [
            Signature(
                agreement=agreement,
                municipality=m,
                signed_on=anchor + timedelta(days=rng.randint(0, 60)),
                signer_name=people[m.pk][0].name,
                recorded_by_name=ACTOR_NAME,
            )
            for agreement in agreements
            for m in chosen
            if rng.random() < 0.6
        ],
        batch_size=batch_size,
    )

    return {"agreements": len(agreements), "signatures": len(signatures)}
