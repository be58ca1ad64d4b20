"""``ceasefire eval realworld DIR``: real articles about real ceasefires, end to end through the store.

``DIR`` holds ``gold.json`` (per ceasefire: real dates, the status an analyst gives from the
articles alone and what else is acceptable, key events with exact quotes, ``must_not`` traps),
``index.json`` (each article's file and publication date) and ``articles/``. The evaluation builds
a fresh store, imports the ETH/PRIO and PA-X registries (beside ``DIR`` by default), ingests the
articles in publication order with their dates, and then, per ceasefire and as of its last article:

- **status**: the process holding most of the ceasefire's linked events (its *row*) must be the
  right one, its start within ``DATE_DAYS`` of the real declaration or entry into force (and its
  end, when both give one, within as many days of the real end), with the expected status or one
  also acceptable;
- **rows**: the number of processes its articles' events are linked to (ambiguous candidates do
  not count);
- **key events**: a key event is found when an event of its article, told as a fact, has evidence
  that contains the quote (or is contained in it, or shares most of it) and its PLOVER type or
  process phase is the gold event or one of its alternatives;
- **must_not**: an event of the trap's sentence told as a fact with a forbidden type or phase; or,
  for a trap scored by linking, an event in force or breached whose trigger lies in the quoted
  words, linked to the ceasefire's row.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ceasefire.errors import MalformedInput, SourceNotFound
from ceasefire.eval.report import Report
from ceasefire.ingest import ingest
from ceasefire.settings import Settings
from ceasefire.store.database import Store
from ceasefire.store.tables import documents, event_links, events, processes
from ceasefire.tracker.importing import import_dataset
from ceasefire.tracker.refresh import refresh
from ceasefire.tracker.signals import FACTUAL

DATE_DAYS = 10
ETH_PRIO = Path("eth_prio_ceasefires") / "ceasefires_dataset.csv"
PAX = Path("pax") / "pax_all_agreements_data.csv"
_LINKING_PHASES = ("in_force", "violated", "violation_alleged")


@dataclass(frozen=True, slots=True)
class Article:
    file: str
    published: date
    ceasefire: str


def evaluate(path: Path, settings: Settings, eth_prio: Path | None = None, pax: Path | None = None) -> Report:
    """Run the whole set in ``path`` (see the module docstring) and score it."""
    gold, articles = read_set(path)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ceasefire-realworld-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'realworld.db'}")
        try:
            for dataset, file in (
                ("eth-prio", eth_prio or path.parent / ETH_PRIO),
                ("pax", pax or path.parent / PAX),
            ):
                if file.is_file():
                    import_dataset(store, dataset, file, settings)
                else:
                    notes.append(f"{dataset} registry not found at {file}: candidates only")
            docs: dict[str, str] = {}
            for article in sorted(articles, key=lambda a: (a.published, a.file)):
                source = path / "articles" / article.file
                ingest(store, [str(source)], settings, published=article.published)
                docs[article.file] = _doc_id(store, str(source))
            details = {}
            for as_of in sorted({_as_of(g, articles, name) for name, g in gold.items()}):
                refresh(store, today=as_of)
                for name, entry in gold.items():
                    if _as_of(entry, articles, name) == as_of:
                        details[name] = _score(store, name, entry, docs)
        finally:
            store.engine.dispose()
    return _report(path, details, notes)


def read_set(path: Path) -> tuple[dict[str, dict[str, Any]], list[Article]]:
    """The gold ceasefires and the articles of a set; errors name the file and the problem."""
    for name in ("gold.json", "index.json"):
        if not (path / name).is_file():
            raise SourceNotFound(str(path / name), "a real-world set needs gold.json and index.json")
    try:
        gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))["ceasefires"]
        index = json.loads((path / "index.json").read_text(encoding="utf-8"))
        articles = [Article(i["file"], date.fromisoformat(i["published"]), i["ceasefire"]) for i in index]
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedInput(str(path), f"gold.json or index.json is not a real-world set: {exc}") from exc
    missing = [a.file for a in articles if not (path / "articles" / a.file).is_file()]
    if missing:
        raise SourceNotFound(
            str(path / "articles"), f"articles listed in index.json are missing: {', '.join(missing)}"
        )
    return gold, articles


def _as_of(entry: dict[str, Any], articles: list[Article], name: str) -> date:
    if entry.get("as_of"):
        return date.fromisoformat(entry["as_of"])
    return max(a.published for a in articles if a.ceasefire == name)


def _doc_id(store: Store, source: str) -> str:
    with store.engine.connect() as conn:
        found = conn.execute(select(documents.c.id).where(documents.c.source == source)).scalar()
    return str(found or "")


def _score(store: Store, name: str, entry: dict[str, Any], docs: dict[str, str]) -> dict[str, Any]:
    files = list(entry.get("articles") or [])
    ids = {docs[f] for f in files if docs.get(f)}
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(events.c.id, events.c.doc_id, events.c.record, event_links.c.process_id, event_links.c.standing)
            .outerjoin(event_links, event_links.c.event_id == events.c.id)
            .where(events.c.doc_id.in_(ids))
        ).all()  # fmt: skip
        holding = Counter(r.process_id for r in rows if r.process_id and r.standing == "linked")
        main = holding.most_common(1)[0][0] if holding else None
        process = (
            conn.execute(select(processes).where(processes.c.id == main)).mappings().first() if main else None
        )
    records: dict[str, tuple[str, dict[str, Any]]] = {r.id: (r.doc_id, r.record) for r in rows}
    by_file = {f: [rec for doc, rec in records.values() if doc == docs.get(f)] for f in files}
    keys = [_found(k, by_file.get(k["file"], [])) for k in entry.get("key_events", [])]
    linked_to_main = {r.id for r in rows if r.process_id == main and r.standing == "linked"}
    traps = [
        _violated(t, by_file.get(t["file"], []), records, linked_to_main) for t in entry.get("must_not", [])
    ]
    expected = {entry.get("expected_status_after_articles"), *(entry.get("also_acceptable") or [])}
    dates_ok, date_note = _dates_match(process, entry)
    status = process["status"] if process else None
    return {
        "row": main, "row_name": process["name"] if process else None, "status": status,
        "expected": sorted(s for s in expected if s), "dates_ok": dates_ok, "dates": date_note,
        "status_right": bool(process) and dates_ok and status in expected,
        "rows": len(holding), "row_ids": sorted(holding),
        "key_events": {"found": sum(k[0] for k in keys), "total": len(keys),
                       "missed": [k[1] for k in keys if not k[0]]},
        "must_not": [t[1] for t in traps if t[0]],
    }  # fmt: skip


def _dates_match(process: Any, entry: dict[str, Any]) -> tuple[bool, str]:
    if process is None:
        return False, "no row"
    real = [date.fromisoformat(entry[k]) for k in ("declared", "effective") if entry.get(k)]
    ours = [d for d in (process["declared"], process["effective"]) if d is not None]
    if not ours or not real:
        return False, f"start unknown (ours {ours}, real {real})"
    gap = min(abs((a - b).days) for a in ours for b in real)
    note = f"start {min(ours)} vs {min(real)} ({gap} days)"
    if gap > DATE_DAYS:
        return False, note
    if entry.get("end") and process["ended"]:
        end_gap = abs((process["ended"] - date.fromisoformat(entry["end"])).days)
        note += f"; end {process['ended']} vs {entry['end']} ({end_gap} days)"
        if end_gap > DATE_DAYS:
            return False, note
    return True, note


def _found(key: dict[str, Any], records: list[dict[str, Any]]) -> tuple[bool, str]:
    wanted = {key["event"], *(key.get("event_alt") or [])}
    for record in records:
        if record["modality"] not in FACTUAL or not quoted(key["quote"], record["evidence"]["text"]):
            continue
        phase = (record.get("process") or {}).get("phase")
        if record["event"] in wanted or phase in wanted:
            return True, key["quote"]
    return False, f"{key['event']}: {key['quote'][:90]}"


def _violated(trap: dict[str, Any], records: list[dict[str, Any]], by_id: dict[str, tuple[str, dict[str, Any]]],
              linked_to_main: set[str]) -> tuple[bool, str]:  # fmt: skip
    quote = trap["quote"]
    if trap.get("scored_by") == "linking":
        for event_id, (_, record) in by_id.items():
            phase = (record.get("process") or {}).get("phase")
            if event_id in linked_to_main and phase in _LINKING_PHASES and _triggered_in(quote, record):
                return True, f"linked to the ceasefire's row: {quote[:90]}"
        return False, ""
    events_banned, phases_banned = set(trap.get("not_events") or []), set(trap.get("not_phases") or [])
    for record in records:
        if record["modality"] not in FACTUAL or not quoted(quote, record["evidence"]["text"]):
            continue
        phase = (record.get("process") or {}).get("phase")
        if record["event"] in events_banned or phase in phases_banned:
            return True, f"{record['event']}/{phase}: {quote[:90]}"
    return False, ""


def _triggered_in(quote: str, record: dict[str, Any]) -> bool:
    """Whether the event's trigger word lies inside the quoted part of its sentence."""
    evidence, trigger = record["evidence"], record.get("trigger") or {}
    if not quoted(quote, evidence["text"]):
        return False
    if not trigger:
        return True
    text = evidence["text"]
    match = SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(0, len(text), 0, len(quote))
    start = match.a - match.b
    at = int(trigger["start"]) - int(evidence["start"])
    return start - 5 <= at <= start + len(quote) + 5


def quoted(quote: str, evidence: str) -> bool:
    """Whether ``evidence`` holds ``quote`` (or the reverse, or most of it), quotes and spaces folded."""
    q, e = fold(quote), fold(evidence)
    if not q or not e:
        return False
    if q in e or e in q:
        return True
    match = SequenceMatcher(None, q, e, autojunk=False).find_longest_match(0, len(q), 0, len(e))
    return match.size >= 0.6 * min(len(q), len(e))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”„‟″]", '"', re.sub(r"[‘’‚‛′]", "'", text))
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return " ".join(text.casefold().split())


def _report(path: Path, details: dict[str, dict[str, Any]], notes: list[str]) -> Report:
    n = len(details) or 1
    keys_found = sum(d["key_events"]["found"] for d in details.values())
    keys_total = sum(d["key_events"]["total"] for d in details.values()) or 1
    scores = {
        "status_accuracy": sum(d["status_right"] for d in details.values()) / n,
        "rows_per_ceasefire": sum(d["rows"] for d in details.values()) / n,
        "key_event_recall": keys_found / keys_total,
        "must_not_violations": float(sum(len(d["must_not"]) for d in details.values())),
    }
    return Report("realworld", str(path), len(details), scores, {"ceasefires": details}, notes)


def render(report: Report) -> str:
    """The report with one block per ceasefire."""
    lines = [report.render()]
    for name, d in report.details.get("ceasefires", {}).items():
        mark = "right" if d["status_right"] else "WRONG"
        lines.append(f"  {name}: {mark}: {d['status']} (expected {' or '.join(d['expected'])}) on "
                     f"{d['row_name']} [{d['row']}]; {d['dates']}; {d['rows']} row(s); key events "
                     f"{d['key_events']['found']}/{d['key_events']['total']}")  # fmt: skip
        lines += [f"      missed {m}" for m in d["key_events"]["missed"]]
        lines += [f"      must_not {m}" for m in d["must_not"]]
    return "\n".join(lines)
