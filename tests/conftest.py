"""Shared fixtures: one real Pipeline (real spaCy model) for the whole session."""

from __future__ import annotations

from contextlib import contextmanager
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


XSS = 'Russia attacked Ukraine on Monday. <script>alert(1)</script> <img src=x onerror=alert(2)>'
NAME_XSS = "The Freedom Front attacked Ukrainian troops near Kharkiv on Monday."
# a user dictionary whose actor name carries markup: names reach the page too
NAME_XSS_ROW = "Freedom Front\tXYZREB\t<img src=x onerror=alert(5)>Freedom Front\tgroup\tREB\n"


@pytest.fixture(scope="session")
def api_db(pipe, tmp_path_factory):
    """A real store: the fixture articles plus one whose text and title carry markup."""
    import json

    from communique.store import Store
    from communique.runner import ingest

    path = tmp_path_factory.mktemp("api") / "s.duckdb"
    extra = path.parent / "xss.jsonl"
    extra.write_text("\n".join(json.dumps(r) for r in [
        {"text": XSS, "published": "2024-05-10", "title": "<b onmouseover=alert(3)>x</b>"},
        {"text": NAME_XSS, "published": "2024-05-10"}]) + "\n")
    dicts = path.parent / "dicts"
    dicts.mkdir()
    (dicts / "organizations.tsv").write_text("term\tcode\tname\tkind\troles\n" + NAME_XSS_ROW)
    from communique import Pipeline
    with Store(path) as store:
        ingest(Pipeline(dictionaries=[dicts]), [FIXTURES, extra], store)
    return path


@contextmanager
def running_server(db, path: str = "/api/events?limit=1"):
    """``communique serve`` on a free 127.0.0.1 port, answering ``path``; yields its base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "communique"
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + path, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("communique serve did not answer")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
