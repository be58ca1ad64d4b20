"""A peace process written by hand, in YAML, as a ``Process``.

One file holds one process. Only ``name`` is required; every other field has the default shown::

    id: syria-coh-2016            # lowercase letters, digits, "-", "_", "."; default: "manual-" and a
                                  #   stable hash of the name (same name, same id)
    name: Syria cessation of hostilities, February 2016
    kind: ceasefire               # ceasefire | talks | agreement
    aliases: [cessation of hostilities in Syria]   # specific names the news uses for it
    countries: [SY]               # ISO 3166 alpha-2 codes
    areas:                        # GeoJSON geometries scoping it within the countries
      - {type: Point, coordinates: [36.2, 37.1]}   # [longitude, latitude]
    parties:                      # names, or mappings {name, entity_id?, country?, sector?}
      - Government of Syria
      - {name: Syrian Democratic Forces, entity_id: syr-sdf}
    mediators: [United States, Russia]
    guarantors: []
    excluded: [Islamic State]     # groups the process leaves out (it does not bind them)
    declared: 2016-02-22          # YYYY-MM-DD, or null
    effective: 2016-02-27
    ended: null
    written: true                 # true | false | null (unknown)
    terms: {banned: [ASSAULT], permitted: [], note: ""}   # PLOVER event types
    external_ids: {ucdp_conflict: [299], pax_agt_id: 1507}  # schemes of ID_SCHEMES
    confirmed: true
    note: ""

An actor's ``country`` is ISO alpha-3 or a PLOVER code (IGO, UNO...), its ``sector`` a PLOVER
sector (GOV, REB...). Unknown fields are errors, so a typo ("mediator:") cannot pass silently, and
so are repeated keys. Dates stay text until checked here (YAML would turn ``2016-02-30`` into an
error that names no field). Every error is a ``MalformedInput`` naming the file and the field:
``declared: 'yesterday' is not a YYYY-MM-DD date``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pycountry
import yaml

from ceasefire.errors import MalformedInput, SourceNotFound, UndecodableInput
from ceasefire.models import PLOVER_EVENTS, stable_id
from ceasefire.registry.process import ID_SCHEMES, ActorRole, Process, ProcessActor, ProcessKind, Terms

FIELDS = frozenset({
    "id", "name", "kind", "aliases", "countries", "areas", "parties", "mediators", "guarantors",
    "excluded", "declared", "effective", "ended", "written", "terms", "external_ids", "confirmed", "note",
})  # fmt: skip
ROLES: dict[str, ActorRole] = {
    "parties": "party", "mediators": "mediator", "guarantors": "guarantor", "excluded": "excluded",
}  # fmt: skip
_ACTOR_FIELDS = frozenset({"name", "entity_id", "country", "sector"})
_TERMS_FIELDS = frozenset({"banned", "permitted", "note"})
_ID = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: GeoJSON geometry types and how deeply their coordinates nest positions
_NESTING = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses a key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_process_yaml(path: Path) -> Process:
    """The process described by the YAML file at ``path`` (schema in the module docstring)."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise SourceNotFound(source, "no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UndecodableInput(source, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        raise MalformedInput(source, f"not valid YAML ({' '.join(str(exc).split())})") from exc
    return process_from_mapping(data, source)


def process_from_mapping(data: Mapping[str, Any], source: str) -> Process:
    """The process ``data`` describes; ``source`` names it in errors (a file path or a record)."""
    check = _Check(source)
    if not isinstance(data, Mapping):
        raise check.error("", f"a process is a mapping of fields, not {_kind(data)}")
    check.known(data, FIELDS, "")
    name = check.text(data.get("name"), "name", required=True)
    kind = data.get("kind", "ceasefire")
    if kind not in get_args(ProcessKind):
        raise check.error("kind", f"{kind!r} is not one of {', '.join(get_args(ProcessKind))}")
    declared, effective, ended = (check.date(data.get(f), f) for f in ("declared", "effective", "ended"))
    for field, start in (("declared", declared), ("effective", effective)):
        if ended and start and ended < start:
            raise check.error("ended", f"{ended} is before {field} {start}")
    written = data.get("written")
    if written is not None and not isinstance(written, bool):
        raise check.error("written", f"{written!r} is not true, false or null")
    confirmed = data.get("confirmed", True)
    if not isinstance(confirmed, bool):
        raise check.error("confirmed", f"{confirmed!r} is not true or false")
    return Process(
        id=check.identifier(data.get("id"), name),
        name=name,
        kind=kind,
        origin="manual",
        aliases=check.texts(data.get("aliases"), "aliases"),
        countries=[
            check.country(c, f"countries[{i}]")
            for i, c in enumerate(check.items(data.get("countries"), "countries"))
        ],
        areas=[
            check.geometry(a, f"areas[{i}]") for i, a in enumerate(check.items(data.get("areas"), "areas"))
        ],
        actors=[
            actor for field, role in ROLES.items() for actor in check.actors(data.get(field), field, role)
        ],
        declared=declared,
        effective=effective,
        ended=ended,
        written=written,
        terms=check.terms(data.get("terms")),
        external_ids=check.external_ids(data.get("external_ids")),
        confirmed=confirmed,
        note=check.text(data.get("note"), "note"),
    )


class _Check:
    """Field checks that raise ``MalformedInput(source, "<field>: <problem>")``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, where: str, problem: str) -> MalformedInput:
        return MalformedInput(self.source, f"{where}: {problem}" if where else problem)

    def known(self, data: Mapping[Any, Any], fields: frozenset[str], where: str) -> None:
        for key in data:
            if key not in fields:
                close = difflib.get_close_matches(str(key), sorted(fields), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(sorted(fields))}"
                raise self.error(f"{where}.{key}" if where else str(key), f"unknown field ({hint})")

    def items(self, value: object, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(where, f"expected a list, not {_kind(value)}")
        return value

    def text(self, value: object, where: str, required: bool = False) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(
                where, f"expected {'a non-empty' if required else 'a'} string, not {_kind(value)}"
            )
        return value.strip()

    def texts(self, value: object, where: str) -> list[str]:
        return [self.text(v, f"{where}[{i}]", required=True) for i, v in enumerate(self.items(value, where))]

    def identifier(self, value: object, name: str) -> str:
        if value is None:
            return f"manual-{stable_id(name)}"
        if not isinstance(value, str) or not _ID.match(value):
            raise self.error("id", f"{value!r} is not an id (lowercase letters, digits, '-', '_', '.')")
        return value

    def date(self, value: object, where: str) -> date | None:
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str) and _DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError as exc:
                raise self.error(where, f"{value!r} is not a valid date ({exc})") from exc
        raise self.error(where, f"{value!r} is not a YYYY-MM-DD date")

    def country(self, value: object, where: str) -> str:
        if not isinstance(value, str) or pycountry.countries.get(alpha_2=value.strip().upper()) is None:
            raise self.error(where, f"{value!r} is not an ISO 3166 alpha-2 country code")
        return value.strip().upper()

    def actors(self, value: object, where: str, role: ActorRole) -> list[ProcessActor]:
        actors = []
        for i, item in enumerate(self.items(value, where)):
            at = f"{where}[{i}]"
            if isinstance(item, str):
                actors.append(ProcessActor(self.text(item, at, required=True), role))
                continue
            if not isinstance(item, Mapping):
                raise self.error(at, f"expected a name or a mapping with 'name', not {_kind(item)}")
            self.known(item, _ACTOR_FIELDS, at)
            actors.append(
                ProcessActor(
                    name=self.text(item.get("name"), f"{at}.name", required=True),
                    role=role,
                    entity_id=self.text(item.get("entity_id"), f"{at}.entity_id") or None,
                    country=self.code(
                        item.get("country"), f"{at}.country", "an alpha-3 or PLOVER code (SYR, IGO)"
                    ),
                    sector=self.code(item.get("sector"), f"{at}.sector", "a PLOVER sector code (GOV, REB)"),
                )
            )
        return actors

    def code(self, value: object, where: str, what: str) -> str | None:
        """A three-letter upper-case code (a country or sector), or None when absent."""
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
            raise self.error(where, f"{value!r} is not {what}")
        return value

    def terms(self, value: object) -> Terms:
        if value is None:
            return Terms()
        if not isinstance(value, Mapping):
            raise self.error("terms", f"expected a mapping with banned/permitted/note, not {_kind(value)}")
        self.known(value, _TERMS_FIELDS, "terms")
        events = {}
        for field, default in (("banned", Terms().banned), ("permitted", Terms().permitted)):
            names = self.texts(value[field], f"terms.{field}") if field in value else list(default)
            for i, event in enumerate(names):
                if event.upper() not in PLOVER_EVENTS:
                    raise self.error(
                        f"terms.{field}[{i}]",
                        f"{event!r} is not a PLOVER event type ({', '.join(PLOVER_EVENTS)})",
                    )
            events[field] = tuple(e.upper() for e in names)
        return Terms(events["banned"], events["permitted"], self.text(value.get("note"), "terms.note"))

    def external_ids(self, value: object) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.error("external_ids", f"expected a mapping of scheme to ids, not {_kind(value)}")
        ids: dict[str, list[str]] = {}
        for scheme, raw in value.items():
            where = f"external_ids.{scheme}"
            if scheme not in ID_SCHEMES:
                raise self.error(where, f"unknown id scheme (known: {', '.join(ID_SCHEMES)})")
            values = raw if isinstance(raw, list) else [raw]
            for i, one in enumerate(values):
                if isinstance(one, bool) or not isinstance(one, str | int) or not str(one).strip():
                    raise self.error(f"{where}[{i}]", f"{one!r} is not an id (a string or a number)")
            ids[scheme] = [str(one).strip() for one in values]
        return ids

    def geometry(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise self.error(where, f"expected a GeoJSON geometry, not {_kind(value)}")
        kind = value.get("type")
        if kind == "GeometryCollection":
            self.known(value, frozenset({"type", "geometries"}), where)
            parts = self.items(value.get("geometries"), f"{where}.geometries")
            return {
                "type": kind,
                "geometries": [self.geometry(g, f"{where}.geometries[{i}]") for i, g in enumerate(parts)],
            }
        if kind not in _NESTING:
            raise self.error(
                f"{where}.type",
                f"{kind!r} is not a GeoJSON geometry type ({', '.join(_NESTING)}, GeometryCollection)",
            )
        self.known(value, frozenset({"type", "coordinates", "bbox"}), where)
        self._coordinates(value.get("coordinates"), _NESTING[kind], kind, f"{where}.coordinates")
        return dict(value)

    def _coordinates(self, value: object, depth: int, kind: str, where: str) -> None:
        if depth == 0:
            if not isinstance(value, list) or len(value) not in (2, 3) or not all(map(_is_number, value)):
                raise self.error(where, f"{value!r} is not a [longitude, latitude] position")
            if not (-180 <= value[0] <= 180 and -90 <= value[1] <= 90):
                raise self.error(where, f"{value!r} is out of range: longitude -180..180, latitude -90..90")
            return
        items = self.items(value, where)
        if not items:
            raise self.error(where, "empty")
        if kind in ("Polygon", "MultiPolygon") and depth == 1 and (len(items) < 4 or items[0] != items[-1]):
            raise self.error(where, "a polygon ring needs at least 4 positions, the last equal to the first")
        for i, item in enumerate(items):
            self._coordinates(item, depth - 1, kind, f"{where}[{i}]")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: object) -> str:
    """What a YAML value is, for error messages: "a list", "null", "the text 'x'", "3"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return repr(value)
