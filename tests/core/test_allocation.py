"""Cost allocation by population: shares in øre that sum exactly to the bill, property-tested."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from kombitportal.agreements.allocation import allocate

weights = st.dictionaries(
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.integers(0, 1_500_000),
    min_size=1,
    max_size=98,
)


@given(total=st.integers(0, 10**12), weights=weights.filter(lambda w: sum(w.values()) > 0))
def test_shares_sum_exactly_to_the_total(total, weights):
    shares = allocate(total, weights)
    assert sum(shares.values()) == total
    assert shares.keys() == weights.keys()


@given(total=st.integers(0, 10**12), weights=weights.filter(lambda w: sum(w.values()) > 0))
def test_each_share_is_within_one_ore_of_its_exact_share(total, weights):
    shares = allocate(total, weights)
    weight_sum = sum(weights.values())
    for key, weight in weights.items():
        exact = total * weight / weight_sum
        assert abs(shares[key] - exact) < 1 + 1e-6 * max(1, exact)
        if weight == 0:
            assert shares[key] == 0


@given(total=st.integers(0, 10**9), weights=weights.filter(lambda w: sum(w.values()) > 0))
def test_larger_population_never_pays_less(total, weights):
    shares = allocate(total, weights)
    ordered = sorted(weights, key=lambda k: weights[k])
    for smaller, larger in pairwise(ordered):
        if weights[larger] > weights[smaller]:
            assert shares[larger] >= shares[smaller]


def test_kontanthjaelpsreform_bill_over_the_98_municipalities(db):
    from kombitportal.core.models import Municipality

    populations = dict(Municipality.objects.values_list("code", "population"))
    shares = allocate(60_000_000_00, populations)  # 60 mio. kr. in øre
    assert sum(shares.values()) == 60_000_000_00
    per_citizen = 60_000_000 / sum(populations.values())
    assert round(per_citizen, 2) == 10.01  # the slide rounds to "11,0 kr/borger" from older figures
    assert shares["0101"] == round(60_000_000_00 * 667099 / 5_992_644)


def test_equal_remainders_go_to_the_larger_population():
    assert allocate(1, {"a": 1, "b": 2}) == {"a": 0, "b": 1}
    assert allocate(2, {"a": 1, "b": 1, "c": 1}) == {"a": 1, "b": 1, "c": 0}
