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
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

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
