"""Several ingesters writing one store at once: no document stored twice, none lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ceasefire.store.database import Store
from ceasefire.store.tables import documents, events
from tests.batch.corpus import article

pytestmark = pytest.mark.slow


def test_three_ingesters_over_overlapping_inputs_store_each_document_once(
    store_url: str, tmp_path: Path
) -> None:
    files = []
    for n in range(6):
        path = tmp_path / f"report-{n}.txt"
        path.write_text(article(n), encoding="utf-8")
        files.append(str(path))
    Store.open(store_url).close()  # migrated before the writers start
    shares = [files[0:4], files[2:6][::-1], [files[5], files[0], files[3], files[1]]]
    command = [sys.executable, "-m", "ceasefire", "ingest", "--published", "2020-03-10", "--processes", "1",
               "--db", store_url]  # fmt: skip
    running = [subprocess.Popen([*command, *share], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for share in shares]  # fmt: skip
    for proc in running:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    store = Store.open(store_url)
    with store.engine.connect() as conn:
        sources = conn.execute(select(documents.c.source)).scalars().all()
        stored_events = conn.execute(select(func.count()).select_from(events)).scalar()
    store.close()
    assert sorted(sources) == sorted(files)
    assert stored_events and stored_events > 6 * 3
    reference = tmp_path / "one.db"
    single = subprocess.run([*command[:-2], "--db", f"sqlite:///{reference}", *files], capture_output=True, text=True,
                            timeout=600)  # fmt: skip
    assert single.returncode == 0, single.stderr[-2000:]
    one = Store.open(f"sqlite:///{reference}")
    with one.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == stored_events
    one.close()
