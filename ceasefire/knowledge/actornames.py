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

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, NamedTuple, TypeVar

V = TypeVar("V")

_QUOTES = "'’‘ʼʿʾʻ`´′"
_DASHES = "‐‑‒–—―−"
#: letters NFKD does not take apart, mapped to one ASCII letter each (folding keeps lengths)
_SPECIAL = dict(zip("øØđĐłŁıßæÆœŒþÞðÐħĦ", "oOdDlLisaAoOtTdDhH", strict=True))


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
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_WORDS = re.compile(r"([^\W_]+(?:'[^\W_]+)*)")
#: articles skipped wherever they stand ("al Nusra", "al-Nusra")
_ARTICLES = frozenset({"al"})
#: articles skipped only when joined by a hyphen ("el-Sisi", "ash-Sham"; but "El Salvador")
_HYPHEN_ARTICLES = frozenset({"el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})
_ALL_ARTICLES = _ARTICLES | _HYPHEN_ARTICLES


def fold(text: str) -> str:
    """Lower-cased text with accents, apostrophes and dashes normalised; same length as ``text``."""
    folded = _NON_ASCII.sub(lambda m: m.group().translate(_FOLD), text).lower()
    if len(folded) != len(text):  # a few letters ("İ") lower to two characters
        folded = "".join(char.lower()[:1] for char in text.translate(_FOLD))
    return folded


class Token(NamedTuple):
    """A word of the text: ``key`` is its folded form, ``raw`` the text as written."""

    start: int
    end: int
    key: str
    raw: str


class Words(NamedTuple):
    """The words of a text as parallel lists: folded keys and their offsets in the text."""

    keys: list[str]
    starts: list[int]
    ends: list[int]


def words(text: str) -> Words:
    """The words of ``text`` with their offsets, possessives cut and articles skipped.

    Built for speed on whole articles: the splitting and offsets are done by the regex engine
    and ``accumulate``; only words holding an apostrophe or an article are touched in Python.
    A skipped article's offset is given to the word after it, so "al-Sarraj" spans both.
    """
    folded = fold(text)
    parts = _WORDS.split(folded)  # gap, word, gap, word, ..., gap
    bounds = list(accumulate(map(len, parts)))
    keys = parts[1::2]
    starts = bounds[0::2][:-1]
    ends = bounds[1::2]
    special = set(_ALL_ARTICLES.intersection(keys))
    if "'" in folded:
        special.update(k for k in set(keys) if "'" in k)
    if not special:
        return Words(keys, starts, ends)
    size = len(folded)
    for n in reversed([n for n, k in enumerate(keys) if k in special]):
        key, end = keys[n], ends[n]
        if key in _ARTICLES or (key in _HYPHEN_ARTICLES and end < size and folded[end] == "-"):
            if n + 1 < len(keys):
                starts[n + 1] = starts[n]
            del keys[n], starts[n], ends[n]
            continue
        if key.endswith("'s"):
            key = key[:-2]
            ends[n] = end - 2
        keys[n] = key.replace("'", "")
    return Words(keys, starts, ends)


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` as ``Token`` values (see ``words``)."""
    found = words(text)
    return [Token(s, e, k, text[s:e]) for k, s, e in zip(found.keys, found.starts, found.ends, strict=True)]


@functools.cache
def phrase_key(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """The word keys a phrase is stored under, and its words as written if it is an acronym.

    A leading "the" is not part of a name ("the Kremlin" is stored as "Kremlin").
    """
    tokens = tokenize(phrase)
    if len(tokens) > 1 and tokens[0].key == "the":
        tokens = tokens[1:]
    if not tokens:
        raise ValueError(f"{phrase!r} has no words")
    return tuple(t.key for t in tokens), tuple(t.raw for t in tokens) if is_acronym(phrase) else None


def is_acronym(phrase: str) -> bool:
    """True for a phrase with no lower-case letter ("HNC", "U.S.", "M23"): matched case-sensitively."""
    return not any(char.islower() for char in phrase) and any(char.isalpha() for char in phrase)


@dataclass(frozen=True, slots=True)
class Match(Generic[V]):
    """``value`` found on words ``first``..``last`` (inclusive) of a text."""

    first: int
    last: int
    value: V

    @property
    def size(self) -> int:
        return self.last - self.first + 1


#: the words ``first``..``last`` (exclusive) as written, for comparing acronyms
RawWords = Callable[[int, int], tuple[str, ...]]


class Lexicon(Generic[V]):
    """Phrases mapped to values, found in texts by leftmost-longest lookup.

    Each phrase is stored under its tuple of folded word keys; an acronym also keeps its words
    as written and matches only those. A scan probes a dict of first keys once per word of the
    text, however many phrases there are.
    """

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], list[tuple[tuple[str, ...] | None, V]]] = {}
        self._sizes: dict[str, tuple[int, ...]] = {}  # first key -> phrase lengths, longest first

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._phrases.values())

    def add(self, phrase: str, value: V) -> V | None:
        """Store ``phrase``; return the value already stored for the same phrase, if any (kept)."""
        keys, raw = phrase_key(phrase)
        entries = self._phrases.setdefault(keys, [])
        for stored_raw, stored in entries:
            if stored_raw == raw:
                return stored
        entries.append((raw, value))
        sizes = {*self._sizes.get(keys[0], ()), len(keys)}
        self._sizes[keys[0]] = tuple(sorted(sizes, reverse=True))
        return None

    def scan(self, tokens: Sequence[Token]) -> list[Match[V]]:
        """Leftmost-longest, non-overlapping matches in ``tokens``."""
        return self.scan_words([t.key for t in tokens], lambda i, j: tuple(t.raw for t in tokens[i:j]))

    def scan_words(self, keys: Sequence[str], raw: RawWords) -> list[Match[V]]:
        """Leftmost-longest, non-overlapping matches in a text's word ``keys``."""
        sizes = self._sizes
        found: list[Match[V]] = []
        after = 0
        for index in [n for n, key in enumerate(keys) if key in sizes]:
            if index < after:
                continue
            match = self._longest_at(keys, index, raw)
            if match is not None:
                found.append(match)
                after = match.last + 1
        return found

    def _longest_at(self, keys: Sequence[str], index: int, raw: RawWords) -> Match[V] | None:
        left = len(keys) - index
        for size in self._sizes[keys[index]]:
            if size > left:
                continue
            entries = self._phrases.get(tuple(keys[index : index + size]))
            if entries is None:
                continue
            for written, value in entries:
                if written is None or written == raw(index, index + size):
                    return Match(index, index + size - 1, value)
        return None


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


def _roles(sector: str | None, phrases: str, adopts: str = "") -> dict[str, Role]:
    role = Role(sector, adopts)
    return {" ".join(p.split()): role for p in phrases.split(",") if p.strip()}


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: role nouns, singular and plural written out; the longest match wins ("government forces")
ROLES: dict[str, Role] = {
    **_roles("GOV", """
        government, governments, govt, regime, administration, authorities, cabinet, president,
        presidents, presidency, vice president, prime minister, prime ministers, premier, chancellor,
        king, emir, crown prince, sultan, monarch, head of state, heads of state, minister, ministers,
        ministry, ministries, foreign minister, foreign ministers, foreign ministry, foreign office,
        interior minister, interior ministry, state department, secretary of state, national security
        adviser, national security advisor, ambassador, ambassadors, embassy, envoy, envoys, special
        envoy, diplomat, diplomats, diplomatic, mediators, governor, governors, mayor, state,
        leadership, palace, junta"""),
    **_roles("GOV", """
        leader, leaders, chief, chiefs, head, official, officials, spokesman, spokesmen, spokesperson,
        spokeswoman, representative, representatives, delegation, delegations, delegate, delegates,
        negotiator, negotiators, side, adviser, advisers, advisor, advisors, aide, aides""",
        adopts="any"),
    **_roles("MIL", """
        army, armies, military, militaries, armed forces, soldiers, soldier, air force, air forces,
        navy, naval forces, marines, special forces, commandos, paratroopers, artillery, warplanes,
        warplane, jets, fighter jets, aircraft, helicopters, tanks, drones, servicemen, generals,
        general staff, chief of staff, chief of general staff, field marshal, defence minister,
        defense minister, defence ministry, defense ministry, ministry of defence, ministry of defense,
        minister of defence, minister of defense, defence secretary, defense secretary, battalion,
        battalions, brigade, brigades, division, divisions, regiment, national guard, coast guard,
        military police, government forces, government troops, government soldiers, regime forces,
        regime troops, state forces, security forces, security force, peacekeepers, peacekeeping force,
        peacekeeping forces, gunships"""),
    **_roles("MIL", "forces, force, troops, units, commander, commanders, officers", adopts="modifier"),
    **_roles("REB", """
        rebels, rebel, insurgents, insurgent, insurgency, jihadists, jihadist, jihadis, guerrillas,
        guerrilla, guerillas, separatists, separatist, terrorists, terrorist, extremists, islamists,
        islamist, armed opposition, opposition fighters, opposition forces, opposition groups, rebel
        groups, rebel group, terrorist group, terrorist groups, jihadist groups, insurgent groups"""),
    **_roles("UAF", """
        militia, militias, militiamen, militants, militant, gunmen, gunman, armed men, armed group,
        armed groups, armed formations, paramilitaries, paramilitary, mercenaries, mercenary, tribal
        fighters, snipers, attackers, assailants"""),
    **_roles("UAF", "fighters, fighter, combatants", adopts="modifier"),
    **_roles("OPP", """
        opposition, dissidents, dissident, activists, activist, opposition leader, opposition party"""),
    **_roles("COP", """
        police, policemen, police officers, police forces, police force, riot police, gendarmes,
        gendarmerie, security, border guards, border police, border patrol, interior forces"""),
    **_roles("SPY", """
        intelligence, intelligence services, intelligence service, intelligence agency, spy, spies,
        spymaster, spy chief, secret service, secret police, security services, mukhabarat"""),
    **_roles("LEG", """
        parliament, parliaments, parliamentarians, lawmakers, legislators, legislature, mps, congress,
        senate, senators, assembly, national assembly"""),
    **_roles("JUD", "court, courts, judge, judges, judiciary, prosecutor, prosecutors, tribunal"),
    **_roles("PTY", "party, parties, political party, political parties"),
    **_roles("CVL", """
        civilians, civilian, residents, inhabitants, villagers, people, population, protesters,
        protestors, demonstrators, crowd, crowds, workers, farmers, families, women, children,
        prisoner, prisoners, detainees, hostages, citizens, nationals"""),
    **_roles("REF", """
        refugees, refugee, displaced, displaced people, displaced persons, idps, asylum seekers, migrants"""),
    **_roles("MED", """
        journalists, journalist, reporters, reporter, media, state media, newspaper, television"""),
    **_roles("NGO", """
        aid workers, aid agencies, aid groups, humanitarian agencies, humanitarian workers,
        humanitarian organisations, humanitarian organizations, charities, rescue workers"""),
    **_roles("IGO", "monitors, observers, ceasefire monitors, monitoring mission, observer mission"),
    **_roles("HRI", "rights groups, human rights groups, human rights activists, human rights monitors"),
    **_roles("REL", "clerics, cleric, imam, imams, bishop, bishops, priests, religious leaders"),
    **_roles("EDU", "students, student, teachers, university"),
    **_roles("HLH", "doctors, medics, nurses, health workers, hospital"),
    **_roles(None, "members, member, supporters, allies, loyalists, camp, wing", adopts="any"),
}  # fmt: skip

#: sectors a state has: a bare "the government" or "the army" may take its country from context
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})

PRONOUNS = _wordset("""
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those who whom whose which what one ones itself himself herself themselves
    someone somebody anyone anybody everyone everybody nobody none
""")

#: words that start a complement: a role noun after one does not head the phrase
PREPOSITIONS = _wordset("""
    of to in for from with at on by against under near inside outside over between among across into
    within toward towards
""")

#: a name followed by one of these qualifies another actor ("Turkish-backed rebels")
MODIFIER_AFTER = _wordset("""
    backed supported sponsored funded financed armed trained allied aligned affiliated linked
    recognized recognised brokered mediated appointed installed based friendly leaning controlled
    held occupied run imposed proposed
""")
#: a name after one of these qualifies another actor too ("pro-Russian separatists")
MODIFIER_BEFORE = frozenset({"pro", "anti"})

DETERMINERS = frozenset({"the", "a", "an"})


def mask_modifiers(tokens: Sequence[Token]) -> list[Token]:
    """``tokens`` with each word after "pro-"/"anti-" blanked, so it cannot be read as a role or name."""
    return [
        t._replace(key="") if i > 0 and tokens[i - 1].key in MODIFIER_BEFORE else t
        for i, t in enumerate(tokens)
    ]


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
    usable = list(matches)
    covered = {i for m in usable for i in range(m.first, m.last + 1)}
    cut = next(
        (i for i in range(1, len(tokens)) if tokens[i].key in PREPOSITIONS and i not in covered), len(tokens)
    )
    head_part = [m for m in usable if m.first < cut]
    if not head_part:  # "Movement for the ... State": no role noun heads the phrase
        return None
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
