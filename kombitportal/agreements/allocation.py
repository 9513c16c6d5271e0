"""Splitting a bill over municipalities by population: every share in øre, the shares summing
exactly to the total (largest-remainder rounding; ties go to the larger population, then the code)."""


def allocate(total_ore: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total_ore` over `weights` (e.g. municipality code → population) in proportion.

    Each key first gets the floor of its exact share; the øre left over go one each to the keys
    with the largest remainders. Keys of weight 0 get 0. The result always sums to `total_ore`.
    """
    if total_ore < 0:
        raise ValueError("the total cannot be negative")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights cannot be negative")
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        if total_ore:
            raise ValueError("cannot split a positive total over zero weight")
        return dict.fromkeys(weights, 0)
    shares = {}
    remainders = []
    for key, weight in weights.items():
        share, remainder = divmod(total_ore * weight, weight_sum)  # exact integer arithmetic
        shares[key] = share
        remainders.append((remainder, weight, key))
    left = total_ore - sum(shares.values())
    # Largest remainder first; ties: larger weight, then key order (stable and explainable).
    remainders.sort(key=lambda r: (-r[0], -r[1], r[2]))
    for _remainder, _weight, key in remainders[:left]:
        shares[key] += 1
    return shares
