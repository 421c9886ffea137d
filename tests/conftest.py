"""Shared fixtures: one real Pipeline (real spaCy model) for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import Pipeline

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def pipe() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/ is not present")
    return SHARED


def triples(events):
    """(source code, event code, target code) of each non-negated event."""
    return [(e.source.code, e.event_code, e.target.code if e.target else None) for e in events if not e.negated]
