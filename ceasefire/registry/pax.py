"""The PA-X peace agreements table (CSV) as ``Process`` values: its ceasefire-stage agreements.

Each agreement whose ``Stage`` is ``Cea`` (ceasefire/related) becomes one process, ``pax-<AgtId>``:
name ``Agt``, declared ``Dat`` (YYYY-MM-DD), countries ``Loc1ISO``/``Loc2ISO`` (alpha-3, given as
alpha-2), written True (PA-X holds agreement texts), ``PPName`` (the peace process) as an alias,
and external ids ``pax_agt_id`` and ``ucdp_conflict`` (``UcdpCon`` unless NA). Other stages
(pre-negotiation, comprehensive, implementation...) are left out.

``Part`` and ``ThrdPart`` are the signatory blocks as printed (people, titles, notes), so names are
cut out simply, and some noise stays (a person's name, a title), for the catalogue to resolve or not:

- the text is split into lines at newlines and semicolons; "[Signed]"-like brackets, "Sd.",
  "p.p." and numbering are dropped, and so are "Copy to..." and "Page 3" lines;
- when some lines read "For the X: ...", "For and on behalf of X" or "Pour le X", only those X are
  taken (the lines between them name the people who signed);
- otherwise each line loses a lead-in ("Witnessed by:", "In the presence of", "Mediated by"), is
  cut before "signed for by", "represented by" or a colon ("Minister of Defence of Azerbaijan:
  S Abiyev" keeps the title) and split on commas as ETH/PRIO's ``mediator_send`` is; lines that
  count signatures ("17 Signatories", "two illegible signatures") are skipped;
- a piece of more than ``MAX_WORDS`` words (prose about the signing) or made only of title words
  ("Member", "Head of Delegation") is dropped.

``Part`` gives parties. ``ThrdPart`` gives mediators, or guarantors when its text says
"guarantor" or "witness" (PA-X third parties sign in either capacity; the whole cell decides).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pycountry

from ceasefire.registry.eth_prio import Record, csv_records, resolve_actors, split_names
from ceasefire.registry.places import PlaceResolver, title_places
from ceasefire.registry.process import ActorRole, Process

if TYPE_CHECKING:
    from ceasefire.knowledge.catalogue import Catalogue

CEASEFIRE_STAGE = "Cea"
#: PA-X agreement type of a local agreement (a town, a district): it binds only there
LOCAL_TYPE = "IntraLocal"
COLUMNS = ("Con", "PPName", "AgtId", "Agt", "Dat", "Stage", "Part", "ThrdPart", "Loc1ISO", "Loc2ISO",
           "UcdpCon")  # fmt: skip
#: the longest name kept: longer pieces are prose about the signing, not a name
MAX_WORDS = 12
_DROPPED = re.compile(r"\[[^\]]*\]|\((?:signed|sd\.?)\)", re.I)
_SKIP_LINE = re.compile(r"^(?:cop(?:y|ied)\s+to|page\s+\d|done\s+at|not\s+signed|unsigned)\b", re.I)
_ON_BEHALF = re.compile(
    r"^(?:signed\s+)?(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|for|pour|au\s+nom\s+d[eu])\s+(?:the\s+|l[ea]\s+|les\s+|l')?(?P<name>[^:,]+)",
    re.I,
)
_LEAD_IN = re.compile(
    r"^(?:(?:signatories/)?witness(?:es|ed)?(?:\s+by)?|as\s+witnesses|attested(?:\s+to|\s+by)?|guarantors?"
    r"|in\s+the\s+presence\s+of|under\s+the\s+(?:auspices|chairmanship)\s+of"
    r"|(?:mediated|facilitated|sponsored|presided|certified|attended|hosted)\s+by|to)\b\s*:?\s*",
    re.I,
)
_CUT = re.compile(r",?\s*(?:signed\s+(?:for\s+)?by|represented\s+by|:).*$", re.I | re.S)
_COUNTS = re.compile(r"\b(?:signator(?:y|ies)|signatures?|illegible)\b", re.I)
_MARKS = re.compile(r"^(?:(?:sd/-|sd\b\.?|signed\b:?|p\.p\.|and\b|\d+[.)]|(?-i:[a-h])[.)])\s*)+", re.I)
_TITLE_WORDS = frozenset({
    "member", "chairman", "chairperson", "chair", "vice", "deputy", "acting", "coordinator", "head", "of",
    "the", "delegation", "observer", "facilitator", "premier", "president", "prime", "minister", "commander",
    "chief", "staff", "leader", "national", "executive", "director", "general", "major", "lieutenant",
    "colonel", "brigadier", "secretary", "representative", "ambassador", "inc",
})  # fmt: skip
_GUARANTOR = re.compile(r"guarant|witness", re.I)
_ABSENT = frozenset({"", "na", "n/a", "-1"})


def read_pax(
    path: Path, catalogue: Catalogue | None = None, gazetteer: PlaceResolver | None = None
) -> list[Process]:
    """One process per ceasefire-stage (``Cea``) agreement of the PA-X CSV at ``path``, in file order.

    A local agreement (``Agtp`` IntraLocal) is ``local``; with a ``gazetteer``, the places its title
    names become its ``places`` (``registry/places.py``), or, for any other agreement, its ``venues``.
    """
    found = []
    for record in csv_records(Path(path), COLUMNS):
        if record.get("Stage") == CEASEFIRE_STAGE:
            process = _process(record, catalogue)
            if gazetteer is not None:
                named = title_places(process.name, process.countries, gazetteer)
                if process.local:
                    process.places = named
                else:  # a national agreement named after a town was signed there: "the Zawiya agreement"
                    process.venues = [p.name for p in named]
            found.append(process)
    return found


def signatories(text: str) -> list[str]:
    """The names a ``Part`` or ``ThrdPart`` cell gives (see the module docstring)."""
    lines = [_clean(line) for line in re.split(r"[\n;]", _DROPPED.sub(" ", text))]
    lines = [line for line in lines if line and not _SKIP_LINE.match(line)]
    headed = [m["name"] for line in lines if (m := _ON_BEHALF.match(line))]
    if headed:
        return _names(headed)
    names = []
    for line in lines:
        if not _COUNTS.search(line):
            names.extend(split_names(_CUT.sub("", _LEAD_IN.sub("", line))))
    return _names(names)


def _process(record: Record, catalogue: Catalogue | None) -> Process:
    agt_id = record.get("AgtId")
    if not agt_id:
        raise record.error("AgtId", "empty")
    countries = [_country(record, column) for column in ("Loc1ISO", "Loc2ISO") if record.get(column)]
    third = record.get("ThrdPart")
    role: ActorRole = "guarantor" if _GUARANTOR.search(third) else "mediator"
    process_name = record.get("PPName")
    name = record.get("Agt") or f"PA-X agreement {agt_id}"
    external_ids = {"pax_agt_id": [agt_id]}
    if record.get("UcdpCon").casefold() not in _ABSENT:
        external_ids["ucdp_conflict"] = [c.strip() for c in record.get("UcdpCon").split(",") if c.strip()]
    return Process(
        id=f"pax-{agt_id}",
        name=name,
        kind="ceasefire",
        origin="pax",
        aliases=[process_name] if process_name and process_name != name else [],
        countries=_distinct(countries),
        actors=resolve_actors(signatories(record.get("Part")), "party", countries, catalogue)
        + resolve_actors(signatories(third), role, countries, catalogue),
        declared=_date(record),
        written=True,
        external_ids=external_ids,
        note=f"PA-X conflict: {record.get('Con')}" if record.get("Con") else "",
        local=record.get("Agtp") == LOCAL_TYPE,
    )


def _date(record: Record) -> date | None:
    text = record.get("Dat")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise record.error("Dat", f"{text!r} is not a YYYY-MM-DD date") from exc


def _country(record: Record, column: str) -> str:
    code = record.get(column).upper()
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise record.error(column, f"{code!r} is not an ISO 3166 alpha-3 country code")
    return str(country.alpha_2)


def _clean(text: str) -> str:
    """A name without signing marks ("Sd.", "p.p."), numbering, bullets or trailing punctuation."""
    text = _MARKS.sub("", text.strip(" \t-•*…"))
    text = re.sub(r"\s+witness(?:es)?$", "", text, flags=re.I)
    return " ".join(text.strip(" \t-•*….,:").split())


def _names(found: Iterable[str]) -> list[str]:
    """Names worth keeping, once each: with letters, short, and more than a bare title ("Member")."""
    seen: set[str] = set()
    kept = []
    for raw in found:
        name = _clean(raw)
        words = name.casefold().replace("-", " ").split()
        if not re.search(r"[^\W\d_]{2}", name) or len(words) > MAX_WORDS or set(words) <= _TITLE_WORDS:
            continue
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def _distinct(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(codes))
