"""The actor catalogue: the parties, backers and mediators of peace processes, and how news names them.

The data ships with the package, one YAML file per conflict region in ``ceasefire/data/actors/``
(plus ``international.yaml``, ``states.yaml`` and ``countries.yaml``). A file may hold any of::

    entities:       organisations: id, name, country, sector, kind, aliases, leaders, parent,
                    processes, default_for, note (a leader: name, aliases, id, note)
    states:         alpha-3 codes of the states that get a government entity if none is written
    country_names:  names of states beyond pycountry's ("Turkey", "Britain", "DRC") -> alpha-3
    demonyms:       adjective for a state's people -> alpha-3 ("Syrian", "Emirati")
    subnational:    a people or region within or across states -> alpha-3 or null ("Tigrayan",
                    "Darfur" -> SDN, "Kurdish" -> null): it gives a country, never the state's forces
    peoples:        plural noun for a people -> alpha-3 or null ("Turks", "Kurds")
    capitals:       city used as a metonym -> entity id, or alpha-3 for that state's government

``country`` is ISO alpha-3 or one of PLOVER's non-state codes (IGO, UNO, NGO, IMG); ``sector`` a
PLOVER/CAMEO sector code. ``default_for`` marks the entity that "<country> <role>" means ("the
Syrian army" is the Syrian Arab Army); a state with no government written gets a generated
"Government of X" entity. A broken file is a ``ConfigError`` naming the file, entry and problem.

``Catalogue.resolve`` turns an actor phrase as written into an ``ActorRef``, in this order:

a. the longest alias or leader inside the phrase ("Field Marshal Khalifa Haftar's forces" is the
   Libyan National Army; a leader resolves to the organisation they act for);
b. a capital standing alone ("Cairo" is the government of Egypt; "CAIRO", as a wire story's
   dateline writes it, is no actor);
c. a country name, demonym or capital with a role noun ("Turkish troops" is TUR MIL; the first
   country named wins, so "U.S. Ambassador to Turkey" is USA GOV); a country name alone is its
   government;
d. a role noun alone ("some local militia" is UAF); a bare state role ("the army") takes its
   country from the context when the context holds exactly one country.

Names are matched on folded words (``actornames``); a name followed by "-backed", "-recognized"
and the like, or after "pro-"/"anti-", qualifies another actor and is never the actor itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pycountry
import yaml

from ceasefire.errors import ConfigError, NotFound
from ceasefire.knowledge.actornames import (
    DETERMINERS,
    MODIFIER_AFTER,
    MODIFIER_BEFORE,
    PRONOUNS,
    STATE_SECTORS,
    Lexicon,
    Match,
    Token,
    fold,
    head_role,
    mask_modifiers,
    phrase_key,
    role_lexicon,
    tokenize,
    words,
)
from ceasefire.models import ActorRef

#: PLOVER/CAMEO sector codes an entity may carry
SECTORS: dict[str, str] = {
    "GOV": "government, executive", "MIL": "state armed forces", "REB": "rebels, armed opposition",
    "OPP": "political opposition", "PTY": "political party", "COP": "police", "SPY": "intelligence",
    "UAF": "unidentified armed forces, militias", "IGO": "intergovernmental body",
    "NGO": "non-governmental organisation", "MED": "media", "JUD": "judiciary", "LEG": "legislature",
    "CVL": "civilians", "REF": "refugees, displaced", "CRM": "criminals, organised crime",
    "HRI": "human rights", "REL": "religious", "EDU": "education", "HLH": "health", "BUS": "business",
    "LAB": "labour", "ELI": "elites", "SEP": "separatists",
}  # fmt: skip
#: PLOVER's codes for actors that belong to no state
NON_STATE = frozenset({"IGO", "UNO", "NGO", "IMG"})
KINDS = frozenset({"government", "armed_forces", "armed_group", "coalition", "political", "mediator",
                   "international", "person"})  # fmt: skip
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ENTITY_KEYS = frozenset({"id", "name", "country", "sector", "kind", "aliases", "leaders", "parent",
                          "processes", "default_for", "note"})  # fmt: skip
_LEADER_KEYS = frozenset({"id", "name", "aliases", "note"})
_PLACE_SECTIONS = {
    "country_names": "name", "demonyms": "demonym", "subnational": "subnational", "peoples": "people",
}  # fmt: skip
_FILE_KEYS = frozenset({"region", "entities", "states", "capitals", *_PLACE_SECTIONS})
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Entity:
    """One actor of the catalogue: an organisation, a state's government or forces, or a person.

    A person's ``parent`` is the organisation they act for; an organisation's, the coalition or
    movement it belongs to. ``default_for`` lists the sectors for which this entity is what
    "<country> <role>" means. ``region`` is the data file it came from.
    """

    id: str
    name: str
    country: str
    sector: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    processes: tuple[str, ...] = ()
    default_for: tuple[str, ...] = ()
    region: str = ""
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class _Place(NamedTuple):
    """A word that names a country: ``kind`` is name, demonym, subnational, people or capital."""

    country: str | None
    kind: str
    entity: Entity | None = None


@dataclass(slots=True)
class _Phrase:
    """An actor phrase being resolved: its words and the role noun that heads it."""

    text: str
    tokens: list[Token]
    role: str | None
    role_text: str

    def span(self, match: Match[Any]) -> str:
        start, end = self.tokens[match.first].start, self.tokens[match.last].end
        return self.text[start : _dotted_end(self.text, end)]

    def is_modifier(self, match: Match[Any]) -> bool:
        """A name that qualifies another ("Turkish-backed", "pro-Russian"), not the actor itself."""
        after = match.last + 1 < len(self.tokens) and self.tokens[match.last + 1].key in MODIFIER_AFTER
        return after or (match.first > 0 and self.tokens[match.first - 1].key in MODIFIER_BEFORE)


class Catalogue:
    """Actors by id, with the lexicons that find them in text. Build with ``Catalogue.load``."""

    def __init__(self, entities: Iterable[Entity], places: Iterable[tuple[str, _Place]] = (),
                 sources: Mapping[str, str] | None = None) -> None:  # fmt: skip
        self._entities = {entity.id: entity for entity in entities}
        self._state = {(e.country, sector): e for e in self._entities.values() for sector in e.default_for}
        self._leaders: dict[str, list[Entity]] = {}
        self._aliases: Lexicon[Entity] = Lexicon()
        self._places: Lexicon[_Place] = Lexicon()
        self._mentions: Lexicon[Entity] = Lexicon()
        self._roles = role_lexicon()
        #: capital as written in the data -> id of the entity it stands for
        self.capitals: dict[str, str] = {}
        where = dict(sources or {})
        for entity in self._entities.values():
            if entity.kind == "person" and entity.parent:
                self._leaders.setdefault(entity.parent, []).append(entity)
            label = f"{where.get(entity.id, 'catalogue')}: entity {entity.id!r}"
            for name in entity.names:
                try:
                    other = self._aliases.add(name, entity)
                except ValueError as exc:
                    raise ConfigError(f"{label}: {exc}") from exc
                if other is not None and other.id != entity.id:
                    raise ConfigError(f"{label}: alias {name!r} is already an alias of {other.id!r} "
                                      f"({where.get(other.id, 'catalogue')})")  # fmt: skip
                self._mentions.add(name, entity)
        for phrase, place in places:
            self._places.add(phrase, place)
            if place.entity is not None and place.kind in ("name", "capital"):
                self._mentions.add(phrase, place.entity)
                if place.kind == "capital":
                    self.capitals.setdefault(phrase, place.entity.id)

    @classmethod
    def load(cls, path: Path | None = None) -> Catalogue:
        """The catalogue from ``path`` (a YAML file or a folder of them), else the packaged one.

        The packaged catalogue is read once per process. Raises ``ConfigError`` naming the file,
        the entry and the problem when the data does not validate.
        """
        if path is None:
            return _packaged()
        path = Path(path)
        if path.is_dir():
            files = sorted(path.glob("*.yaml"))
        elif path.is_file():
            files = [path]
        else:
            raise ConfigError(f"{path}: no such actor catalogue file or folder")
        return _build((str(f), f.stem, f.read_text(encoding="utf-8")) for f in files)

    # --- lookup ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; ``NotFound`` when there is none."""
        try:
            return self._entities[entity_id]
        except KeyError:
            raise NotFound(f"no actor {entity_id!r} in the catalogue") from None

    def acting_for(self, entity: Entity) -> Entity:
        """The organisation a person acts for; any other entity itself."""
        if entity.kind == "person" and entity.parent:
            return self._entities[entity.parent]
        return entity

    def leaders_of(self, entity_id: str) -> tuple[Entity, ...]:
        """The people written as acting for this organisation."""
        return tuple(self._leaders.get(entity_id, ()))

    def state_entity(self, country: str, sector: str) -> Entity | None:
        """What "<country> <sector>" means ("Syrian army" -> Syrian Arab Army), if written."""
        return self._state.get((country, sector))

    # --- text ------------------------------------------------------------------------------

    def find_mentions(self, text: str) -> list[tuple[int, int, Entity]]:
        """Aliases, leaders, country names and capitals in ``text``: (start, end, entity), in order.

        Leftmost-longest and non-overlapping. A leader gives the person (``acting_for`` gives the
        organisation); a country name or capital gives that state's government. Capitals are
        reported wherever they stand ("MOSCOW (Reuters)", "the Moscow talks"): this is a cheap
        document-level scan, not a resolver.
        """
        keys, starts, ends = words(text)

        def written(first: int, last: int) -> tuple[str, ...]:
            return tuple(text[starts[n] : ends[n]] for n in range(first, last))

        matches = self._mentions.scan_words(keys, written)
        return [(starts[m.first], _dotted_end(text, ends[m.last]), m.value) for m in matches]

    def resolve(self, text: str, countries: frozenset[str] = frozenset()) -> ActorRef:
        """The actor a noun phrase names, with the phrase kept as written in ``text``.

        ``countries`` (alpha-3) is the document's context: a bare state role ("the government")
        takes its country from it when it holds exactly one. Unknown actors keep their text and
        get what their role noun and demonym tell (``name`` None); a pronoun gets text only.
        """
        return self.explain(text, countries)[0]

    def explain(self, text: str, countries: frozenset[str] = frozenset()) -> tuple[ActorRef, str]:
        """``resolve`` with the reason for its answer, for people checking a coding."""
        tokens = tokenize(text)
        content = [t for t in tokens if t.key not in DETERMINERS]
        if not content:
            return ActorRef(text), "no words"
        pronouns = [t for t in content if t.key in PRONOUNS and not (len(t.raw) > 1 and t.raw.isupper())]
        if len(pronouns) == len(content):
            return ActorRef(text), f"pronoun {content[0].raw!r}"
        head = head_role(tokens, self._roles.scan(mask_modifiers(tokens)))
        phrase = _Phrase(text, tokens, head.value.sector if head else None, "")
        phrase.role_text = phrase.span(head) if head else ""

        aliases = [m for m in self._aliases.scan(tokens) if not phrase.is_modifier(m)]
        if aliases:
            return self._by_alias(phrase, max(aliases, key=lambda m: m.size))
        places = self._places.scan(tokens)
        alone = len(places) == 1 and places[0].size == len(content) and tokens[places[0].first] is content[0]
        capital = places[0].value.entity if alone and places[0].value.kind == "capital" else None
        if capital is not None:
            city = phrase.span(places[0])
            if city.isupper():  # "MOSCOW —" opens a wire story
                return ActorRef(text), f"{city!r} in capitals is a dateline, not an actor"
            return _ref(text, capital, capital.sector), f"capital {city!r} -> {capital.name}"
        givers = [m for m in places if not phrase.is_modifier(m)]
        if givers:
            return self._by_country(phrase, givers, alone)
        return self._by_role(phrase, countries if not pronouns else frozenset())

    def _by_alias(self, phrase: _Phrase, match: Match[Entity]) -> tuple[ActorRef, str]:
        """(a) A name in the catalogue; a state's government named with a force role gives the force."""
        found = match.value
        org = self.acting_for(found)
        written = phrase.span(match)
        if org is found:
            reason = f"alias {written!r} -> {org.name}"
        else:
            reason = f"leader {written!r} ({found.name}) acts for {org.name}"
        role = phrase.role
        if role in STATE_SECTORS and role != org.sector and "GOV" in org.default_for:
            forces = self.state_entity(org.country, role)
            if forces is not None:
                return _ref(phrase.text, forces, role), f"{reason}; {phrase.role_text!r} -> {forces.name}"
            return _ref(phrase.text, org, role), f"{reason}; {phrase.role_text!r} -> {role}"
        return _ref(phrase.text, org, org.sector), reason

    def _by_country(self, phrase: _Phrase, givers: list[Match[_Place]], alone: bool) -> tuple[ActorRef, str]:
        """(c) A country name, demonym or capital, with or without a role noun."""
        text, role = phrase.text, phrase.role
        named = next((m for m in givers if m.value.country is not None), givers[0])
        country, written = named.value.country, phrase.span(named)
        where = country or "no country"
        holder = named.value.entity if named.value.kind == "capital" else None
        if holder is not None and role == "GOV":  # "the Sanaa government" is whoever holds Sanaa
            reason = f"capital {written!r} + {phrase.role_text!r} -> {holder.name}"
            return _ref(text, holder, holder.sector), reason
        people = any(m.value.kind == "people" for m in givers)
        sector: str | None
        if any(m.value.kind == "subnational" for m in givers):  # "Tigrayan forces": not Ethiopia's army
            sector = "UAF" if role == "MIL" else role or ("CVL" if people else None)
            reason = f"{written!r} + role {phrase.role_text or 'none'!r} -> {where} {sector}, not the state's"
            return ActorRef(text, country=country, sector=sector), reason
        if role is not None:
            sector, reason = role, f"{written!r} + role {phrase.role_text!r} -> {where} {role}"
        elif alone and named.value.kind == "name":
            sector, reason = "GOV", f"country name {written!r} alone -> its government"
        elif people or (alone and named.value.kind == "demonym"):  # "Syrians", "a Palestinian"
            sector, reason = "CVL", f"people {written!r} -> {where} civilians"
        else:
            sector, reason = None, f"{written!r} -> {where}; no role noun"
        entity = self.state_entity(country, sector) if country and sector in STATE_SECTORS else None
        if entity is not None:
            return _ref(text, entity, sector), f"{reason} ({entity.name})"
        return ActorRef(text, country=country, sector=sector), reason

    def _by_role(self, phrase: _Phrase, countries: frozenset[str]) -> tuple[ActorRef, str]:
        """(d) A role noun alone; a bare state role takes the context's one country."""
        role = phrase.role
        if role is None:
            return ActorRef(phrase.text), "no known name or role noun"
        reason = f"role {phrase.role_text!r} -> {role}"
        if role not in STATE_SECTORS or len(countries) != 1:
            return ActorRef(phrase.text, sector=role), f"{reason}; no country"
        country = next(iter(countries))
        reason = f"{reason}; country {country} from context"
        entity = self.state_entity(country, role)
        if entity is not None:
            return _ref(phrase.text, entity, role), f"{reason} ({entity.name})"
        return ActorRef(phrase.text, country=country, sector=role), reason


def _ref(text: str, entity: Entity, sector: str | None) -> ActorRef:
    return ActorRef(text, name=entity.name, country=entity.country, sector=sector, entity_id=entity.id)


def _dotted_end(text: str, end: int) -> int:
    """Past the last dot of a dotted acronym ("U.S." rather than "U.S")."""
    return end + 1 if text[end : end + 1] == "." and text[end - 2 : end - 1] == "." else end


# --- building ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    """What the files hold, gathered before the cross-checks."""

    entities: list[tuple[Entity, str]] = field(default_factory=list)  # entity, source
    states: dict[str, str] = field(default_factory=dict)  # code, source
    places: list[tuple[str, str | None, str, str]] = field(default_factory=list)  # phrase, code, kind, source
    capitals: list[tuple[str, str, str]] = field(default_factory=list)  # city, target, source


#: the packaged data; a path beside the code (as the gazetteer does), because importlib.resources
#: sees ``ceasefire`` as a namespace package under an editable install and refuses to list it
PACKAGED = Path(__file__).resolve().parent.parent / "data" / "actors"


@functools.cache
def _packaged() -> Catalogue:
    files = sorted(PACKAGED.glob("*.yaml"))
    if not files:
        raise ConfigError(f"{PACKAGED}: the packaged actor catalogue is missing")
    return _build((f"ceasefire/data/actors/{f.name}", f.stem, f.read_text(encoding="utf-8")) for f in files)


def _build(files: Iterable[tuple[str, str, str]]) -> Catalogue:
    raw = _Raw()
    for source, region, content in files:
        try:
            data = yaml.load(content, Loader=_LOADER)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{source}: not valid YAML: {exc}") from exc
        _read_file(raw, source, region, data)
    entities = _check(raw)
    places = _places(raw, entities)
    return Catalogue(entities.values(), places, {entity.id: source for entity, source in raw.entities})


def _read_file(raw: _Raw, source: str, region: str, data: object) -> None:
    if data is None:
        return
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with {', '.join(sorted(_FILE_KEYS))}")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise ConfigError(f"{source}: unknown section(s) {', '.join(sorted(map(str, unknown)))}")
    region = str(data.get("region") or region)
    for number, item in enumerate(_list(data.get("entities"), source, "entities"), start=1):
        for entity in _entities(item, f"{source}: entities[{number}]", region):
            raw.entities.append((entity, source))
    for code in _list(data.get("states"), source, "states"):
        if not isinstance(code, str) or not _is_alpha3(code):
            raise ConfigError(f"{source}: states: {code!r} is not an ISO alpha-3 code")
        raw.states.setdefault(code, source)
    for section, kind in _PLACE_SECTIONS.items():
        for phrase, code in _mapping(data.get(section), source, section).items():
            if code is None and kind in ("subnational", "people"):
                raw.places.append((str(phrase), None, kind, source))
            elif isinstance(code, str) and _is_alpha3(code):
                raw.places.append((str(phrase), code, kind, source))
            else:
                raise ConfigError(f"{source}: {section}: {phrase!r} -> {code!r} is not an ISO alpha-3 code")
    for city, target in _mapping(data.get("capitals"), source, "capitals").items():
        if not isinstance(target, str):
            raise ConfigError(
                f"{source}: capitals: {city!r} -> {target!r} is neither an entity id nor alpha-3"
            )
        raw.capitals.append((str(city), target, source))


def _entities(item: object, where: str, region: str) -> list[Entity]:
    """An organisation and the people listed as its leaders."""
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(item).__name__}")
    label = f"{where} ({item['id']!r})" if item.get("id") else where
    unknown = set(item) - _ENTITY_KEYS
    if unknown:
        raise ConfigError(f"{label}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    for key in ("id", "name", "country", "sector", "kind"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ConfigError(f"{label}: missing or empty {key!r}")
    if not _ID.match(item["id"]):
        raise ConfigError(f"{label}: id must be a lower-case slug (letters, digits, hyphens)")
    country, sector, kind = item["country"], item["sector"], item["kind"]
    if country not in NON_STATE and not _is_alpha3(country):
        raise ConfigError(
            f"{label}: country {country!r} is neither ISO alpha-3 nor one of {sorted(NON_STATE)}"
        )
    if sector not in SECTORS:
        raise ConfigError(f"{label}: unknown sector {sector!r} (known: {', '.join(SECTORS)})")
    if kind not in KINDS - {"person"}:
        raise ConfigError(f"{label}: unknown kind {kind!r} (known: {', '.join(sorted(KINDS - {'person'}))})")
    default_for = tuple(_strings(item.get("default_for"), label, "default_for"))
    unknown = set(default_for) - set(SECTORS)
    if unknown:
        raise ConfigError(f"{label}: default_for: unknown sector(s) {', '.join(sorted(unknown))}")
    if default_for and country in NON_STATE:
        raise ConfigError(f"{label}: default_for needs a state country, not {country!r}")
    parent = item.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ConfigError(f"{label}: parent must be an entity id")
    org = Entity(
        id=item["id"], name=item["name"].strip(), country=country, sector=sector, kind=kind,
        aliases=tuple(_strings(item.get("aliases"), label, "aliases")), parent=parent,
        processes=tuple(_strings(item.get("processes"), label, "processes")), default_for=default_for,
        region=region, note=_note(item, label),
    )  # fmt: skip
    leaders = _list(item.get("leaders"), label, "leaders")
    return [org, *(_leader(leader, f"{label}: leaders[{n}]", org) for n, leader in enumerate(leaders, 1))]


def _leader(item: object, where: str, org: Entity) -> Entity:
    """A person acting for ``org``: same country and sector, ``parent`` the organisation."""
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a name or a mapping")
    unknown = set(item) - _LEADER_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: missing or empty 'name'")
    where = f"{where} ({name!r})"
    ident = item.get("id") or _slug(name)
    if not isinstance(ident, str) or not _ID.match(ident):
        raise ConfigError(f"{where}: id must be a lower-case slug")
    return Entity(
        id=ident, name=name.strip(), country=org.country, sector=org.sector, kind="person",
        aliases=tuple(_strings(item.get("aliases"), where, "aliases")), parent=org.id,
        processes=org.processes, region=org.region, note=_note(item, where),
    )  # fmt: skip


def _check(raw: _Raw) -> dict[str, Entity]:
    """Cross-entry checks (unique ids, known parents, one default per state role); adds governments."""
    entities: dict[str, Entity] = {}
    sources: dict[str, str] = {}
    for entity, source in raw.entities:
        if entity.id in entities:
            raise ConfigError(f"{source}: duplicate id {entity.id!r} (first defined in {sources[entity.id]})")
        entities[entity.id] = entity
        sources[entity.id] = source
    defaults: dict[tuple[str, str], str] = {}
    for entity in entities.values():
        label = f"{sources[entity.id]}: entity {entity.id!r}"
        if entity.parent is not None and entity.parent not in entities:
            raise ConfigError(f"{label}: unknown parent {entity.parent!r}")
        if entity.parent == entity.id:
            raise ConfigError(f"{label}: is its own parent")
        for sector in entity.default_for:
            other = defaults.setdefault((entity.country, sector), entity.id)
            if other != entity.id:
                raise ConfigError(f"{label}: {entity.country} {sector} already defaults to {other!r}")
    for code, source in raw.states.items():
        if (code, "GOV") in defaults:
            continue
        ident = f"{code.lower()}-gov"
        if ident in entities:
            raise ConfigError(
                f"{source}: state {code}: {ident!r} is taken by an entity that is not its government"
            )
        name = f"Government of {_country_name(code)}"
        entities[ident] = Entity(
            id=ident, name=name, country=code, sector="GOV", kind="government", default_for=("GOV",),
            region="states", note="generated: no government of this state is written in the data",
        )  # fmt: skip
    return entities


def _places(raw: _Raw, entities: Mapping[str, Entity]) -> list[tuple[str, _Place]]:
    """Capitals, country names, demonyms and peoples; written data first, then pycountry's names."""
    governments = {e.country: e for e in entities.values() if "GOV" in e.default_for}
    places: list[tuple[str, _Place]] = []
    seen: dict[tuple[str, ...], tuple[str | None, str]] = {}

    def add(phrase: str, place: _Place, source: str) -> None:
        try:
            key = phrase_key(phrase)[0]
        except ValueError as exc:
            raise ConfigError(f"{source}: {exc}") from exc
        known = seen.setdefault(key, (place.country, source))
        if known[0] != place.country:
            raise ConfigError(f"{source}: {phrase!r} -> {place.country} clashes with {known[0]} ({known[1]})")
        places.append((phrase, place))

    for city, target, source in raw.capitals:
        entity = governments.get(target) if _is_alpha3(target) else entities.get(target)
        if entity is None:
            raise ConfigError(f"{source}: capitals: {city!r} -> {target!r} is no entity or state government")
        add(city, _Place(entity.country, "capital", entity), source)
    for phrase, code, kind, source in raw.places:
        add(phrase, _Place(code, kind, governments.get(code) if code else None), source)
        plural = phrase + "s"  # Syrian -> Syrians, Yemeni -> Yemenis: the people
        if kind in ("demonym", "subnational") and phrase[-1] in "ni" and phrase_key(plural)[0] not in seen:
            add(plural, _Place(code, "people"), source)
    for code in raw.states:
        country = pycountry.countries.get(alpha_3=code)
        for name in (getattr(country, attr, None) for attr in ("name", "common_name", "official_name")):
            if name and "," not in name and "(" not in name:
                name = name.removeprefix("the ")
                if phrase_key(name)[0] not in seen:
                    add(name, _Place(code, "name", governments.get(code)), "pycountry")
    return places


def _country_name(code: str) -> str:
    """A state's short name: "Congo, The Democratic Republic of the" reads "the Democratic ... Congo"."""
    country = pycountry.countries.get(alpha_3=code)
    for attr in ("common_name", "name", "official_name"):
        name = getattr(country, attr, None)
        if name and "," not in name:
            return str(name).removeprefix("the ")
    head, _, tail = str(getattr(country, "name", code)).partition(", ")
    name = f"{tail} {head}"
    return "the " + name[4:] if name.startswith("The ") else name


def _is_alpha3(code: object) -> bool:
    return isinstance(code, str) and len(code) == 3 and code.isupper() and _known_alpha3(code)


@functools.cache
def _known_alpha3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name).replace("'", "")).strip("-")


def _note(item: dict[Any, Any], where: str) -> str:
    note = item.get("note") or ""
    if not isinstance(note, str):
        raise ConfigError(f"{where}: note must be text")
    return note.strip()


def _list(value: object, where: str, key: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be a list")
    return value


def _mapping(value: object, where: str, key: str) -> dict[object, object]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a mapping")
    return value


def _strings(value: object, where: str, key: str) -> list[str]:
    items = _list(value, where, key)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{where}: {key}: {item!r} is not a non-empty string")
    return [str(item).strip() for item in items]
