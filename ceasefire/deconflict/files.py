"""GeoJSON files in: a Feature or a FeatureCollection of notifications, each stored or refused alone.

``ceasefire notify KIND FILE`` reads with this: a feature without ``properties.kind`` takes the
kind the command names; one naming another kind is refused. Every feature goes through the same
validation as ``POST /api/v1/deconfliction/notifications``, in its own transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ceasefire.deconflict.notifications import Notified, notify
from ceasefire.deconflict.schemas import NotificationIn
from ceasefire.errors import InputError, MalformedInput, SourceNotFound
from ceasefire.knowledge.gazetteer import Gazetteer
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.schemas import payload_errors
from ceasefire.store.database import Store


@dataclass
class Imported:
    stored: list[Notified] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def read_features(path: Path, max_bytes: int = 20_000_000) -> list[dict[str, Any]]:
    """The features of a GeoJSON file (a Feature, or a FeatureCollection's features)."""
    if not path.is_file():
        raise SourceNotFound(str(path), "no such file")
    if path.stat().st_size > max_bytes:
        raise InputError(str(path), f"larger than {max_bytes} bytes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInput(str(path), f"not GeoJSON: {exc}") from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        return [data]
    if (
        isinstance(data, dict)
        and data.get("type") == "FeatureCollection"
        and isinstance(data.get("features"), list)
    ):
        return [f for f in data["features"] if isinstance(f, dict)]
    raise MalformedInput(str(path), "expected a GeoJSON Feature or FeatureCollection")


def import_features(store: Store, features: list[dict[str, Any]], kind: str, account: Account,
                    gazetteer: Gazetteer) -> Imported:  # fmt: skip
    done = Imported()
    for number, raw in enumerate(features, 1):
        given = raw.get("properties")
        props: dict[str, Any] = given if isinstance(given, dict) else {}
        named = props.get("kind")
        if named is not None and named != kind:
            done.errors.append({"feature": number, "field": "properties.kind",
                                "message": f"a {named} given to `notify {kind}`"})  # fmt: skip
            continue
        body = {**raw, "properties": {**props, "kind": kind}}
        try:
            feature = NotificationIn.model_validate(body)
            with store.transaction() as conn:
                done.stored.append(notify(conn, feature, account, gazetteer))
        except ValidationError as exc:
            for line in payload_errors(exc):
                where, _, message = line.partition(": ")
                done.errors.append({"feature": number, "field": where, "message": message})
        except InputError as exc:
            done.errors.append({"feature": number, "field": exc.source, "message": exc.problem})
    return done
