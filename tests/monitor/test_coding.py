"""A text-only report is coded by the real event pipeline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any

import pytest

from ceasefire.monitor import coding
from ceasefire.monitor.filing import main_type
from ceasefire.monitor.worker import PipelineCoder
from ceasefire.settings import Settings


@pytest.mark.slow
def test_the_pipeline_codes_a_field_report_with_its_actor_date_and_type() -> None:
    coder = PipelineCoder(Settings.from_env())
    events = coder("Government forces shelled the village of Kafr Nabl on Tuesday, killing two civilians.",
                   date(2026, 3, 5), "rep-test")  # fmt: skip
    assert main_type(events) == "ASSAULT"
    shelling = events[0]
    assert shelling["event"] == "ASSAULT" and shelling["modality"] == "asserted"
    assert shelling["mode"] == "heavy-weapons" and shelling["actor"][0]["text"] == "Government forces"
    assert shelling["date"] == "2026-03-03"


def test_the_main_type_prefers_violence_and_ignores_what_was_not_told_as_fact() -> None:
    events = [{"event": "ACCUSE", "modality": "asserted"}, {"event": "ASSAULT", "modality": "hypothetical"},
              {"event": "COERCE", "modality": "asserted"}]  # fmt: skip
    assert main_type(events) == "COERCE"
    assert main_type([{"event": "ASSAULT", "modality": "question"}]) is None


SERVICE = """
import os, sys, time
from ceasefire.monitor.coding import coder_pool
from ceasefire.settings import Settings

pool = coder_pool(Settings.from_env())
print(pool.submit(os.getpid).result(), flush=True)
time.sleep(120)
"""


def test_the_coding_process_ends_when_the_service_is_killed() -> None:
    """kill -9 gives the service no time to stop its coder; the coder notices and ends by itself."""
    service = subprocess.Popen([sys.executable, "-c", SERVICE], stdout=subprocess.PIPE, text=True)
    try:
        assert service.stdout is not None
        coder = int(service.stdout.readline())
        assert _alive(coder)
    finally:
        service.kill()
        service.wait()
    deadline = time.monotonic() + 30
    while _alive(coder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(coder), f"coding process {coder} outlived its service"


GONE_AT_ONCE = """
import os
from ceasefire.monitor.coding import coder_pool
from ceasefire.settings import Settings

pool = coder_pool(Settings.from_env())
pool.submit(os.getpid)
print(*pool._processes, flush=True)
os._exit(0)
"""


def test_the_coding_process_ends_when_the_service_died_before_it_started() -> None:
    """A service gone before its coder is up: the coder must not take its new parent for the service."""
    service = subprocess.Popen([sys.executable, "-c", GONE_AT_ONCE], stdout=subprocess.PIPE, text=True)
    with service:  # read its line only: the coder shares the pipe, so reading to the end would wait on it
        assert service.stdout is not None
        coder = int(service.stdout.readline().split()[0])
        service.stdout.close()
    try:
        deadline = time.monotonic() + 60
        while _alive(coder) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(coder), f"coding process {coder} outlived its service"
    finally:
        if _alive(coder):
            os.kill(coder, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_the_coding_process_parses_a_batch_and_a_text_that_breaks_fails_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What runs in the coding process for one message: each text's events, or what its parse raised."""

    def coder(text: str, published: date, doc_id: str) -> list[dict[str, Any]]:
        if "poison" in text:
            raise RuntimeError("the parser broke on this text")
        return [{"event": "ASSAULT", "doc": doc_id}]

    monkeypatch.setattr(coding, "_coder", coder)
    day = date(2026, 1, 2)
    outcomes = coding._code_texts([("shelled", day, "r1"), ("poison", day, "r2"), ("fired", day, "r3")])
    assert outcomes[0] == [{"event": "ASSAULT", "doc": "r1"}] and outcomes[2] == [
        {"event": "ASSAULT", "doc": "r3"}
    ]
    assert isinstance(outcomes[1], RuntimeError)


def test_each_report_of_a_batch_gets_its_own_outcome_and_a_dead_process_fails_them_all() -> None:
    told: list[int] = []
    process = coding.CodingProcess(Settings(), lambda: told.append(1))
    together: Future[list[Any]] = Future()
    each = [Future(), Future()]  # type: ignore[var-annotated]
    together.set_result([[{"event": "ASSAULT"}], RuntimeError("broke")])
    process._settle(together, each)
    assert each[0].result() == [{"event": "ASSAULT"}]
    with pytest.raises(RuntimeError, match="broke"):
        each[1].result()
    died: Future[list[Any]] = Future()
    died.set_exception(BrokenProcessPool("the coding process died"))
    lost = [Future(), Future()]  # type: ignore[var-annotated]
    process._settle(died, lost)
    assert all(isinstance(f.exception(), BrokenProcessPool) for f in lost)
    assert told == [1, 1]  # the worker is woken once a batch
