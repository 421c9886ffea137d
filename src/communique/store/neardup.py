"""Near-duplicate articles: MinHash signatures (datasketch) with LSH banding kept in DuckDB.

The same wire story republished by another outlet differs in boilerplate, headline and maybe a
sentence. Each article's body is cut into word 3-gram shingles, summarised by a 128-permutation
MinHash (datasketch), and split into 32 bands of 4 rows; articles sharing a band hash are
candidates (LSH). A candidate is a near-duplicate when the MinHash estimate of the Jaccard
similarity of the two shingle sets is at least :data:`THRESHOLD` (0.5: a syndicated copy with
its own lead-in and one changed sentence scores about 0.6–0.9; unrelated stories on the same
topic score below 0.2 — both measured in the tests). Bands persist in the store so that
look-ups work across runs without an index in memory; only originals are indexed (a copy is
found through its original), so the index grows with stories, not with copies.
:func:`link_batch` signs a batch of new stories and finds their near-duplicates (the ingest
runner's step); :meth:`communique.store.Store.near_duplicates` is the look-up in the store.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash

if TYPE_CHECKING:  # store.py imports this module
    from communique.store.store import Store

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = 3) -> set[bytes]:
    """Word ``size``-gram shingles of ``text`` (lower case), UTF-8 encoded."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


SCHEME = "affine32"  # datasketch 2.x's default hashing scheme, named so that stored signatures stay comparable
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations  # drawn once, not per article


def signature(text: str | set[bytes]) -> np.ndarray:
    """MinHash signature (``NUM_PERM`` unsigned 64-bit values) of ``text``'s shingles (or of a
    shingle set already made with :func:`shingles`)."""
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS, scheme=SCHEME)
    m.update_batch(list(shingles(text) if isinstance(text, str) else text))
    return m.hashvalues.astype(np.uint64)


def band_hashes(sig: np.ndarray) -> list[int]:
    """One 64-bit hash per LSH band of ``sig``."""
    out = []
    for b in range(BANDS):
        chunk = b.to_bytes(2, "little") + sig[b * ROWS:(b + 1) * ROWS].tobytes()  # salted by band
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little"))
    return out


MIN_SHINGLES = 20  # shorter texts are only ever exact duplicates: a few words differ too little


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate (0..1) of the Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_blob(sig: np.ndarray) -> bytes:
    """Signature → bytes for the store."""
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Bytes from the store → signature."""
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def link_batch(store: "Store", stories: list[tuple[str, str]]
               ) -> tuple[list[np.ndarray], list[list[int]], list[tuple[str, float] | None]]:
    """Sign a batch of new stories and find the near-duplicate of each.

    Args:
        store: the :class:`~communique.store.Store` whose indexed articles are searched
            (:meth:`~communique.store.Store.near_duplicates`).
        stories: ``(article_id, text)`` of each new story (not a copy), in batch order.

    Returns:
        Per story, in order: its MinHash signature (:func:`signature`), its LSH band hashes
        (:func:`band_hashes`), and the earlier story it is a near-duplicate of as
        ``(article_id, similarity)`` — a stored article, or one earlier in ``stories`` — or
        None; a text of fewer than :data:`MIN_SHINGLES` shingles is never a near-duplicate.
    """
    shingle_sets = [shingles(text) for _, text in stories]
    sigs = [signature(sh) for sh in shingle_sets]
    bands = [band_hashes(sig) for sig in sigs]
    dups = store.near_duplicates(sigs, bands)
    dups = [d if len(sh) >= MIN_SHINGLES else None for sh, d in zip(shingle_sets, dups)]
    # a copy of a story earlier in this batch comes back as "#i": name it by its id
    dups = [(stories[int(d[0][1:])][0], d[1]) if d and d[0].startswith("#") else d for d in dups]
    return sigs, bands, dups
