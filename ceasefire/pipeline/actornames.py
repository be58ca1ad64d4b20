"""Matching machinery for actor names: folding, tokens, lexicons and the role-noun table.

Names are compared as sequences of *folded tokens*. Folding maps accented letters to their base
letter, typographic apostrophes and dashes to plain ones, and lowers case, without changing the
length of the text, so token offsets point into the text as written::

    >>> [t.key for t in tokenize("Field Marshal Khalifa Ḥaftar's forces")]
    ['field', 'marshal', 'khalifa', 'haftar', 'forces']
    >>> [t.key for t in tokenize("Hay'at Tahrir al-Sham")]
    ['hayat', 'tahrir', 'sham']

A possessive ``'s`` is cut from a token, other apostrophes are dropped inside it ("Hay'at" is
"hayat"), and Arabic articles are skipped ("al-Sham" and "Sham" are the same name). A phrase that
has no lower-case letter ("HNC", "U.S.", "M23") is an acronym and matches only the same letters
in the same case, so "us" is never the United States and "USA" never holds "US".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

V = TypeVar("V")

_QUOTES = "'’‘ʼʿʾʻ`´′"
_DASHES = "‐‑‒–—―−"
_SPECIAL = {"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "ß": "s", "æ": "a",
            "Æ": "A", "œ": "o", "Œ": "O", "þ": "t", "Þ": "T", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"}  # fmt: skip


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(cp)
        base = _SPECIAL.get(char) or unicodedata.normalize("NFKD", char)[:1]
        if base != char and base.isascii() and base.isalpha():
            table[cp] = base
    for quote in _QUOTES:
        table[ord(quote)] = "'"
    for dash in _DASHES:
        table[ord(dash)] = "-"
    return table


_FOLD = _fold_table()
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
#: articles skipped wherever they stand ("al Nusra", "al-Nusra")
_ARTICLES = frozenset({"al"})
#: articles skipped only when joined by a hyphen ("el-Sisi", "ash-Sham"; but "El Salvador")
_HYPHEN_ARTICLES = frozenset({"el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})


def fold(text: str) -> str:
    """Lower-cased text with accents, apostrophes and dashes normalised; same length as ``text``."""
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):  # a few letters ("İ") lower to two characters
        folded = "".join(char.lower()[:1] for char in text.translate(_FOLD))
    return folded


class Token(NamedTuple):
    """A word of the text: ``key`` is its folded form, ``raw`` the text as written."""

    start: int
    end: int
    key: str
    raw: str


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with their offsets, possessives cut and articles skipped."""
    folded = fold(text)
    size = len(folded)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(folded):
        key = match.group()
        start, end = match.span()
        if key in _ARTICLES or (key in _HYPHEN_ARTICLES and end < size and folded[end] == "-"):
            continue
        if "'" in key:
            if key.endswith("'s"):
                key = key[:-2]
                end -= 2
            key = key.replace("'", "")
        tokens.append(Token(start, end, key, text[start:end]))
    return tokens


def is_acronym(phrase: str) -> bool:
    """True for a phrase with no lower-case letter ("HNC", "U.S.", "M23"): matched case-sensitively."""
    return not any(char.islower() for char in phrase) and any(char.isalpha() for char in phrase)


@dataclass(frozen=True, slots=True)
class Match(Generic[V]):
    """``value`` found on tokens ``first``..``last`` (inclusive) of a token list."""

    first: int
    last: int
    value: V

    @property
    def size(self) -> int:
        return self.last - self.first + 1


class Lexicon(Generic[V]):
    """Phrases mapped to values, found in token lists by leftmost-longest lookup.

    Each phrase is stored under its tuple of folded token keys; an acronym also keeps its raw
    tokens and matches only those. Lookup starts from a dict of first keys, so a scan costs one
    dict probe per token of the text, however many phrases there are.
    """

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], list[tuple[tuple[str, ...] | None, V]]] = {}
        self._longest: dict[str, int] = {}

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._phrases.values())

    def add(self, phrase: str, value: V) -> V | None:
        """Store ``phrase``; return the value already stored for the same phrase, if any (kept)."""
        tokens = tokenize(phrase)
        if not tokens:
            raise ValueError(f"{phrase!r} has no words")
        keys = tuple(t.key for t in tokens)
        raw = tuple(t.raw for t in tokens) if is_acronym(phrase) else None
        entries = self._phrases.setdefault(keys, [])
        for stored_raw, stored in entries:
            if stored_raw == raw:
                return stored
        entries.append((raw, value))
        self._longest[keys[0]] = max(self._longest.get(keys[0], 0), len(keys))
        return None

    def longest_at(self, tokens: Sequence[Token], index: int) -> Match[V] | None:
        """The longest phrase that starts at ``tokens[index]``, if any."""
        longest = self._longest.get(tokens[index].key)
        if longest is None:
            return None
        for size in range(min(longest, len(tokens) - index), 0, -1):
            window = tokens[index : index + size]
            entries = self._phrases.get(tuple(t.key for t in window))
            if entries is None:
                continue
            for raw, value in entries:
                if raw is None or raw == tuple(t.raw for t in window):
                    return Match(index, index + size - 1, value)
        return None

    def scan(self, tokens: Sequence[Token]) -> list[Match[V]]:
        """Leftmost-longest, non-overlapping matches in ``tokens``."""
        found: list[Match[V]] = []
        index = 0
        longest = self._longest
        while index < len(tokens):
            if tokens[index].key in longest:
                match = self.longest_at(tokens, index)
                if match is not None:
                    found.append(match)
                    index = match.last + 1
                    continue
            index += 1
        return found


# --- roles -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Role:
    """What a role noun says about an actor's sector.

    ``adopts`` says when the noun gives way to another role noun of the phrase: ``""`` never
    ("rebels", "army"); ``"modifier"`` to one before it ("rebel forces" is REB, "Turkish forces"
    stays MIL); ``"any"`` also to one in a complement ("leader of the opposition" is OPP).
    """

    sector: str | None
    adopts: str = ""


def _roles(sector: str | None, words: str, adopts: str = "") -> dict[str, Role]:
    role = Role(sector, adopts)
    return {w.strip().replace("_", " "): role for w in words.split(",") if w.strip()}


#: role nouns (singular and plural written out), folded keys; multi-word entries win over parts
ROLES: dict[str, Role] = {
    **_roles(
        "GOV",
        """government, governments, govt, regime, administration, authorities, cabinet,
        president, presidents, presidency, vice president, prime minister, prime ministers, premier,
        chancellor, king, emir, crown prince, sultan, monarch, head of state, heads of state, minister,
        ministers, ministry, ministries, foreign minister, foreign ministers, foreign ministry,
        foreign office, interior minister, interior ministry, state department, secretary of state,
        national security adviser, national security advisor, ambassador, ambassadors, embassy,
        envoy, envoys, special envoy, diplomat, diplomats, diplomatic, mediators, governor, governors,
        mayor, state, leadership, palace, junta""",
    ),
    **_roles(
        "GOV",
        """leader, leaders, chief, chiefs, head, official, officials, spokesman, spokesmen,
        spokesperson, spokeswoman, representative, representatives, delegation, delegations, delegate,
        delegates, negotiator, negotiators, side, adviser, advisers, advisor, advisors, aide, aides""",
        adopts="any",
    ),
    **_roles(
        "MIL",
        """army, armies, military, militaries, armed forces, soldiers, soldier, air force, air forces, navy, naval forces, marines, special forces, commandos,
        paratroopers, artillery, warplanes, warplane, jets, fighter jets, aircraft, helicopters, tanks,
        drones, servicemen, generals, general staff, chief of staff, chief of general staff, field
        marshal, defence minister, defense minister, defence ministry, defense ministry, ministry of
        defence, ministry of defense, minister of defence, minister of defense, defence secretary,
        defense secretary, battalion, battalions, brigade, brigades, division, divisions, regiment,
        national guard, coast guard, military police, government forces, government troops,
        government soldiers, regime forces, regime troops, state forces, peacekeepers, peacekeeping
        force, peacekeeping forces, navy seals, gunships""",
    ),
    **_roles("MIL", "forces, force, troops, units, commander, commanders, officers", adopts="modifier"),
    **_roles(
        "REB",
        """rebels, rebel, insurgents, insurgent, insurgency, jihadists, jihadist, jihadis,
        guerrillas, guerrilla, guerillas, separatists, separatist, terrorists, terrorist, extremists,
        islamists, islamist, armed opposition, opposition fighters, opposition forces, opposition
        groups, rebel groups, rebel group, terrorist group, terrorist groups, jihadist groups,
        insurgent groups""",
    ),
    **_roles(
        "UAF",
        """militia, militias, militiamen, militants, militant, gunmen, gunman, armed men,
        armed group, armed groups, armed formations, paramilitaries, paramilitary, mercenaries,
        mercenary, tribal fighters, snipers, attackers, assailants""",
    ),
    **_roles("UAF", "fighters, fighter, combatants", adopts="modifier"),
    **_roles(
        "OPP",
        """opposition, dissidents, dissident, activists, activist, opposition leader,
        opposition party""",
    ),
    **_roles(
        "COP",
        """police, policemen, police officers, police forces, police force, riot police,
        gendarmes, gendarmerie, security forces, security force, security services, security,
        border guards, border police, interior forces""",
    ),
    **_roles(
        "SPY",
        """intelligence, intelligence services, intelligence service, intelligence agency,
        spy, spies, spymaster, spy chief, secret service, secret police, mukhabarat""",
    ),
    **_roles(
        "LEG",
        """parliament, parliaments, parliamentarians, lawmakers, legislators, legislature,
        mps, congress, senate, senators, assembly, national assembly""",
    ),
    **_roles("JUD", "court, courts, judge, judges, judiciary, prosecutor, prosecutors, tribunal"),
    **_roles("PTY", "party, parties, political party, political parties"),
    **_roles(
        "CVL",
        """civilians, civilian, residents, inhabitants, villagers, people, population,
        protesters, protestors, demonstrators, crowd, crowds, workers, farmers, families, women,
        children, prisoners, detainees, hostages, citizens, nationals""",
    ),
    **_roles(
        "REF",
        """refugees, refugee, displaced, displaced people, displaced persons, idps,
        asylum seekers, migrants""",
    ),
    **_roles(
        "MED", "journalists, journalist, reporters, reporter, media, state media, newspaper, television"
    ),
    **_roles(
        "NGO",
        """aid workers, aid agencies, aid groups, humanitarian agencies, humanitarian
        workers, humanitarian organisations, humanitarian organizations, charities, rescue workers,
        white helmets""",
    ),
    **_roles("IGO", "monitors, observers, ceasefire monitors, monitoring mission, observer mission"),
    **_roles("HRI", "rights groups, human rights groups, human rights activists, human rights monitors"),
    **_roles("REL", "clerics, cleric, imam, imams, bishop, bishops, priests, religious leaders"),
    **_roles("EDU", "students, student, teachers, university"),
    **_roles("HLH", "doctors, medics, nurses, health workers, health ministry, hospital"),
    **_roles(None, "members, member, supporters, allies, loyalists, camp, wing", adopts="any"),
}

#: sectors a state has: a bare "the government" or "the army" may take its country from context
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})

PRONOUNS = frozenset(
    """
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those who whom whose which what one ones itself himself herself themselves
    someone somebody anyone anybody everyone everybody nobody none
""".split()
)

#: words that start a complement: a role noun after one does not head the phrase
PREPOSITIONS = frozenset(
    """
    of to in for from with at on by against under near inside outside over between among across into
    loyal close backed led allied opposed based within toward towards
""".split()
)

#: a name followed by one of these is a modifier, not the actor ("Turkish-backed rebels")
MODIFIER_AFTER = frozenset(
    """
    backed supported sponsored funded financed armed trained allied aligned affiliated linked
    recognized recognised brokered mediated appointed installed based friendly leaning controlled
    held occupied run imposed proposed
""".split()
)
#: a name preceded by one of these is a modifier too ("pro-Russian separatists")
MODIFIER_BEFORE = frozenset({"pro", "anti"})

DETERMINERS = frozenset({"the", "a", "an"})


def role_lexicon() -> Lexicon[Role]:
    lexicon: Lexicon[Role] = Lexicon()
    for phrase, role in ROLES.items():
        lexicon.add(phrase, role)
    return lexicon


def head_role(tokens: Sequence[Token], matches: Iterable[Match[Role]]) -> Match[Role] | None:
    """The role noun that heads the phrase, after modifiers have had their say.

    English noun phrases end in their head: the last role noun before any complement ("U.S.
    Ambassador to Turkey" is headed by "Ambassador"). A weak head gives way to a strong role noun
    before it ("rebel forces") or, for persons, also after it ("leader of the opposition").
    """
    usable = [m for m in matches if not (m.first > 0 and tokens[m.first - 1].key in MODIFIER_BEFORE)]
    if not usable:
        return None
    covered = {i for m in usable for i in range(m.first, m.last + 1)}
    cut = next((i for i, t in enumerate(tokens) if t.key in PREPOSITIONS and i not in covered), len(tokens))
    head_part = [m for m in usable if m.first < cut]
    if not head_part:
        return _strongest(usable)
    head = head_part[-1]
    if not head.value.adopts:
        return head
    before = [m for m in head_part[:-1] if not m.value.adopts]
    if before:
        return before[-1]
    if head.value.adopts == "any":
        after = [m for m in usable if m.first > head.last and not m.value.adopts]
        if after:
            return after[0]
    return head


def _strongest(matches: list[Match[Role]]) -> Match[Role]:
    strong = [m for m in matches if not m.value.adopts]
    return strong[0] if strong else matches[0]
