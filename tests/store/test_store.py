"""The store, on SQLite and on a real PostgreSQL: schema, idempotent writes, queries."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from ceasefire.models import Document, Event, Evidence, Place, ProcessRef, Rejected, Span
from ceasefire.registry.process import Process, ProcessActor
from ceasefire.registry.store import confirm, load_process, merge, save_process
from ceasefire.store.database import Store
from ceasefire.store.queries import EventFilter, iter_events
from ceasefire.store.tables import documents, event_links, events, metadata, rejections
from ceasefire.store.writes import save_document, save_rejection


def _doc(
    text: str = "Rebels shelled Idlib on Monday.", doc_id: str = "d1", when: date = date(2016, 4, 18)
) -> Document:
    doc = Document(
        id=doc_id, text=text, source="test", published=date(2016, 4, 19), countries=frozenset({"SY"})
    )
    doc.events = [
        Event(event="ASSAULT", evidence=Evidence(doc_id, text, 0, len(text)), trigger=Span("shelled", 7, 14),
              id=f"{doc_id}-e1", date=when, place=Place("Idlib", "Idlib", "SY", 35.93, 36.63)),
        Event(event="ACCUSE", evidence=Evidence(doc_id, text, 0, len(text)), trigger=Span("accused", 0, 7),
              id=f"{doc_id}-e2", process=ProcessRef("ceasefire", "violation_alleged"), date=when),
    ]  # fmt: skip
    return doc


def _count(store: Store, table: object) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)  # type: ignore[arg-type]


def test_migrations_create_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_opening_twice_migrates_once(store_url: str) -> None:
    Store.open(store_url).close()
    again = Store.open(store_url)
    assert _count(again, documents) == 0
    again.close()


def test_saving_a_document_twice_changes_nothing(store: Store) -> None:
    with store.transaction() as conn:
        assert save_document(conn, _doc()) == "stored"
    with store.transaction() as conn:
        assert save_document(conn, _doc()) == "unchanged"
    assert _count(store, documents) == 1
    assert _count(store, events) == 2


def test_new_content_under_the_same_id_replaces_the_document_and_its_events(store: Store) -> None:
    with store.transaction() as conn:
        save_document(conn, _doc())
    changed = _doc("Government forces shelled Idlib again.")
    changed.events = changed.events[:1]
    with store.transaction() as conn:
        assert save_document(conn, changed) == "replaced"
    assert _count(store, events) == 1
    with store.engine.connect() as conn:
        assert conn.execute(select(documents.c.text)).scalar() == "Government forces shelled Idlib again."


def test_a_failed_transaction_leaves_nothing_half_stored(store: Store) -> None:
    try:
        with store.transaction() as conn:
            save_document(conn, _doc())
            raise RuntimeError("killed mid-document")
    except RuntimeError:
        pass
    assert _count(store, documents) == 0
    assert _count(store, events) == 0


def test_rejections_are_stored_with_their_reason_once(store: Store) -> None:
    rejected = Rejected("d9", "language", "wrong_language", "detected es (0.99)", source="es.html")
    with store.transaction() as conn:
        assert save_rejection(conn, rejected) == "stored"
        assert save_rejection(conn, rejected) == "unchanged"
    with store.engine.connect() as conn:
        row = conn.execute(select(rejections)).one()
    assert (row.reason, row.source, row.detail) == ("wrong_language", "es.html", "detected es (0.99)")


def test_events_filter_by_country_type_and_dates(store: Store) -> None:
    with store.transaction() as conn:
        save_document(conn, _doc())
        save_document(conn, _doc(doc_id="d2", when=date(2016, 5, 2)))
    assert len(list(iter_events(store, EventFilter(country="sy")))) == 4
    assert [s.record["event"] for s in iter_events(store, EventFilter(event="assault"))] == [
        "ASSAULT",
        "ASSAULT",
    ]
    may = list(iter_events(store, EventFilter(since=date(2016, 5, 1), until=date(2016, 5, 31))))
    assert {s.document["id"] for s in may} == {"d2"}
    assert list(iter_events(store, EventFilter(country="LY"))) == []


def test_events_stream_in_batches_with_their_links(store: Store) -> None:
    with store.transaction() as conn:
        for n in range(7):
            save_document(conn, _doc(doc_id=f"d{n}"))
        save_process(conn, Process("p1", "Syria truce", "ceasefire", "manual", countries=["SY"]))
        conn.execute(
            event_links.insert().values(event_id="d3-e1", process_id="p1", method="scope", reason="test")
        )
    streamed = list(iter_events(store, batch=3))
    assert len(streamed) == 14
    assert {s.record["id"]: s.processes for s in streamed}["d3-e1"] == ("p1",)
    assert [s.record["id"] for s in iter_events(store, EventFilter(process="p1"))] == ["d3-e1"]


def test_processes_save_idempotently_and_round_trip(store: Store) -> None:
    process = Process(
        "eth-prio-652057", "Syria ceasefire, 23 February 2016", "ceasefire", "eth-prio",
        aliases=["cessation of hostilities"], countries=["SY"], declared=date(2016, 2, 23),
        effective=date(2016, 2, 27),
        actors=[ProcessActor("Government of Syria", "party", "SYR-GOV", "SYR", "GOV"),
                ProcessActor("Jabhat al-Nusra", "excluded")],
        external_ids={"eth_prio_uniq_id": ["652057"], "ucdp_dyad": ["11973", "14784"]},
    )  # fmt: skip
    with store.transaction() as conn:
        assert save_process(conn, process) == "added"
        assert save_process(conn, process) == "unchanged"
        process.ended = date(2016, 9, 1)
        assert save_process(conn, process) == "updated"
        loaded = load_process(conn, process.id)
    assert loaded == process


def test_candidates_are_confirmed_and_merged(store: Store) -> None:
    candidate = Process("found-1", "Libya ceasefire (discovered)", "ceasefire", "discovered", countries=["LY"],
                        confirmed=False)  # fmt: skip
    target = Process(
        "eth-prio-620077", "Libya ceasefire, 12 January 2020", "ceasefire", "eth-prio", countries=["LY"]
    )
    with store.transaction() as conn:
        save_process(conn, candidate)
        save_process(conn, target)
        save_document(conn, _doc())
        conn.execute(
            event_links.insert().values(event_id="d1-e2", process_id="found-1", method="mention", reason="x")
        )
        confirm(conn, "found-1")
        assert load_process(conn, "found-1").confirmed  # type: ignore[union-attr]
        merge(conn, "found-1", "eth-prio-620077")
        links = conn.execute(select(event_links.c.process_id, event_links.c.reason)).all()
        assert load_process(conn, "found-1", missing_ok=True) is None  # merged ones are hidden
    assert [p for p, _ in links] == ["eth-prio-620077"]
    assert "merged from found-1" in links[0][1]


def test_adjudications_are_kept_beside_the_rules_and_survive_a_refresh(store: Store) -> None:
    from ceasefire.errors import InputError
    from ceasefire.registry.store import adjudicate
    from ceasefire.store.tables import adjudications, verdicts
    from ceasefire.tracker.refresh import refresh

    with store.transaction() as conn:
        save_document(conn, _doc())
        save_process(conn, Process("p1", "Syria truce", "ceasefire", "manual", countries=["SY"],
                                   declared=date(2016, 2, 23), effective=date(2016, 2, 27)))  # fmt: skip
    refresh(store)
    with store.transaction() as conn:
        adjudicate(conn, "d1-e1", "p1", "not_confirmed", "monitor team 3", "no shelling heard on site")
        try:
            adjudicate(conn, "d1-e1", "p1", "guilty", "x", "y")
            raise AssertionError("a bad decision must be refused")
        except InputError as exc:
            assert "decision 'guilty'" in str(exc)
    refresh(store)
    with store.engine.connect() as conn:
        assert (
            conn.execute(select(verdicts.c.verdict).where(verdicts.c.event_id == "d1-e1")).scalar()
            == "potential_violation"
        )
        assert conn.execute(select(adjudications.c.decision, adjudications.c.decided_by)).one() == (
            "not_confirmed",
            "monitor team 3",
        )
