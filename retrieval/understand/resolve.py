"""One resolver: the longest mentions win, then the earliest recogniser; unclaimed words are search terms."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.request import Mention
from retrieval.understand.text import Word

__all__ = ["resolve", "unclaimed"]


def resolve(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that do not overlap, longest first, ties to the one listed first; in text order.

    >>> [m.value for m in resolve([Mention(slot="language", start=8, end=15, value="Spanish"),
    ...                            Mention(slot="place", start=8, end=22, value="Spanish Harlem")])]
    ['Spanish Harlem']
    """
    order = sorted(range(len(mentions)), key=lambda i: (-mentions[i].length, i))
    kept: list[Mention] = []
    for i in order:
        mention = mentions[i]
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def unclaimed(words: Sequence[Word], kept: Sequence[Mention]) -> list[Word]:
    """The words no kept mention covers."""
    return [w for w in words if not any(m.start < w.end and w.start < m.end for m in kept)]
