"""Average-link agglomeration with cannot-links, for grouping items by pair scores (events.py)."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Link(Protocol):
    """What clustering reads of a pair: its score, and why it can never be grouped (None when it can)."""

    score: float
    blocked: str | None


def cluster(count: int, evidence: dict[tuple[int, int], Link], threshold: float) -> list[list[int]]:
    """Average-link agglomeration with cannot-links: groups of indexes, each sorted, listed by smallest index.

    Each step merges the two groups with the best average score over the article pairs between them, as long as
    it reaches `threshold` and none of those pairs is blocked. Sums of scores between groups are kept and added
    up on each merge, so an average costs nothing to update. Equal averages go to the smaller indexes.
    """
    sums = np.zeros((count, count))
    blocked = np.zeros((count, count), dtype=bool)
    for (i, j), e in evidence.items():
        sums[i, j] = sums[j, i] = e.score
        blocked[i, j] = blocked[j, i] = e.blocked is not None
    sizes = np.ones(count)
    active = np.ones(count, dtype=bool)
    upper = np.triu(np.ones((count, count), dtype=bool), 1)
    members = {i: [i] for i in range(count)}
    while len(members) > 1:
        usable = upper & np.outer(active, active) & ~blocked
        averages = np.where(usable, sums / np.outer(sizes, sizes), -np.inf)
        left, right = divmod(int(np.argmax(averages)), count)  # the first best, in index order
        if averages[left, right] < threshold:
            break
        sums[left] += sums[right]
        sums[:, left] += sums[:, right]
        blocked[left] |= blocked[right]
        blocked[:, left] |= blocked[:, right]
        sizes[left] += sizes[right]
        active[right] = False
        members[left] = sorted(members[left] + members.pop(right))
    return [members[key] for key in sorted(members)]
