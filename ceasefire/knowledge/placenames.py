"""Place-name folding and the small word lists the gazetteer matches with.

Names come in many transliterations ("Jisr al-Shughur", "Jisr ash-Shughur", "Jisr Shughur";
Azaz is stored by GeoNames as "I‘zāz"), so every name is compared in a *folded* form::

    >>> fold("Jisr ash-Shughur")
    'jisr shughur'
    >>> fold("I‘zāz")
    'izaz'

``skeleton`` is a coarser key for the last-resort match (consonants only: "Taminhint" and
"Tamanhint" both give "tmnhnt"); ``split_feature`` separates a feature word ("Latakia province",
"Tamanhint airbase") from the name it qualifies.
"""

from __future__ import annotations

import re
import unicodedata

#: marks dropped outright: apostrophes, ayin/hamza signs, backticks, primes, dots of abbreviations
_DROP = dict.fromkeys(map(ord, "'‘’ʿʾʼʻ`´′\"“”."), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/,;:()\[\]]+")
_NOT_NAME = re.compile(r"[^a-z0-9 ]")
_IS_NAME = re.compile(r"[a-z0-9 ]*")
#: letters NFKD does not decompose
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ı": "i", "đ": "d", "Đ": "D",
                          "ł": "l", "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})  # fmt: skip
#: Arabic articles always dropped before another word
_ARTICLES = frozenset({"al", "el", "il", "ul"})
#: sun-letter articles ("ash-Shughur", "az-Zahra"), dropped when the next word starts with their consonant
_SUN_ARTICLES = frozenset(
    {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "esh", "et", "ez"}
)

#: feature words and the kind of place they announce, longest first when matched
FEATURE_WORDS: dict[str, str] = {
    "international airport": "base", "military airport": "base", "air force base": "base",
    "military airbase": "base", "military air base": "base", "airbase": "base", "air base": "base",
    "airport": "base", "airfield": "base", "air field": "base", "aerodrome": "base", "airstrip": "base",
    "border crossing": "crossing", "crossing point": "crossing", "border point": "crossing",
    "crossing": "crossing", "checkpoint": "crossing", "border post": "crossing",
    "seaport": "port", "port": "port", "harbour": "port", "harbor": "port", "oil terminal": "port",
    "terminal": "port",
    "governorate": "region", "province": "region", "provinces": "region", "region": "region",
    "oblast": "region", "state": "region", "department": "region", "departement": "region",
    "prefecture": "region", "division": "region", "wilayah": "region", "muhafazah": "region",
    "city": "city", "town": "city", "village": "city", "district": "area", "neighbourhood": "area",
    "neighborhood": "area", "suburb": "area", "suburbs": "area", "countryside": "area", "enclave": "area",
}  # fmt: skip
_FEATURE_KEYS = sorted(FEATURE_WORDS, key=lambda w: -len(w))

#: folded words that are towns somewhere but in news text are English words or people
STOP_NAMES = frozenset(
    word.replace("_", " ")
    for word in """
    sale of mission hope police reading march may young bush trump obama haftar victory bar best this
    that there here it is as at by on in an be we us me he she they them said says will union unity
    peace liberty independence freedom justice progress truce ceasefire army state government republic
    president minister general colonel commander council forces force people north south east west
    northern southern eastern western central centre center middle city town village capital border
    front frontline coast island islands valley mountain mountains monday tuesday wednesday thursday
    friday saturday sunday january february april june july august september october november december
    day week month year today tonight morning evening night god allah islam islamic muslim christian
    jewish arab arabs kurd kurds news times post guardian reuters press media twitter facebook putin
    erdogan assad biden clinton netanyahu sisi macron merkel lavrov kerry zelensky zelenskyy sarraj
    serraj dbeibah bashir burhan hemedti abiy kabila tshisekedi kagame museveni john paul james victoria
    good new university college school hospital academy institute airport station bridge road street
    square stadium museum
    great big little long old africa europe asia oceania antarctica americas arctic middle_east
    north_africa west_africa east_africa horn_of_africa sahel balkans caucasus levant gulf persian_gulf
    red_sea mediterranean white_house kremlin pentagon downing_street elysee state_department
    security_council united_nations european_union african_union arab_league nato un eu au isis isil
    daesh euphrates tigris orontes nile caribbean atlantic pacific indian_ocean black_sea caspian aegean
    arabian_sea sinai_peninsula
    """.split()  # noqa: SIM905
)


#: institutions that stand for their country in news text (cues for the country context, never places)
INSTITUTIONS: dict[str, str] = {
    "kremlin": "RU", "white house": "US", "pentagon": "US", "state department": "US", "downing street": "GB",
    "whitehall": "GB", "elysee": "FR", "quai dorsay": "FR", "knesset": "IL",
}  # fmt: skip

#: demonyms point at a country (for a document's country context) but are never places themselves
DEMONYMS: dict[str, str] = {
    "syrian": "SY", "syrians": "SY", "libyan": "LY", "libyans": "LY", "yemeni": "YE", "yemenis": "YE",
    "ukrainian": "UA", "ukrainians": "UA", "sudanese": "SD", "south sudanese": "SS", "palestinian": "PS",
    "palestinians": "PS", "israeli": "IL", "israelis": "IL", "lebanese": "LB", "afghan": "AF",
    "afghans": "AF", "iraqi": "IQ", "iraqis": "IQ", "colombian": "CO", "colombians": "CO", "burmese": "MM",
    "congolese": "CD", "ethiopian": "ET", "ethiopians": "ET", "eritrean": "ER", "eritreans": "ER",
    "somali": "SO", "somalis": "SO", "malian": "ML", "malians": "ML", "nigerian": "NG", "nigerians": "NG",
    "nigerien": "NE", "chadian": "TD", "burkinabe": "BF", "russian": "RU", "russians": "RU",
    "turkish": "TR", "turks": "TR", "iranian": "IR", "iranians": "IR", "egyptian": "EG", "egyptians": "EG",
    "saudi": "SA", "saudis": "SA", "emirati": "AE", "emiratis": "AE", "qatari": "QA", "qataris": "QA",
    "jordanian": "JO", "jordanians": "JO", "american": "US", "americans": "US", "british": "GB",
    "french": "FR", "german": "DE", "germans": "DE", "italian": "IT", "italians": "IT", "swiss": "CH",
    "chinese": "CN", "kazakh": "KZ", "tunisian": "TN", "tunisians": "TN", "algerian": "DZ",
    "algerians": "DZ", "moroccan": "MA", "kenyan": "KE", "ugandan": "UG", "rwandan": "RW",
    "azerbaijani": "AZ", "azeri": "AZ", "armenian": "AM", "armenians": "AM", "georgian": "GE",
    "pakistani": "PK", "indian": "IN", "venezuelan": "VE", "filipino": "PH", "cameroonian": "CM",
    "omani": "OM", "kuwaiti": "KW", "djiboutian": "DJ", "belarusian": "BY", "polish": "PL",
    "moldovan": "MD", "norwegian": "NO", "spanish": "ES", "cuban": "CU", "greek": "GR", "cypriot": "CY",
    "ivorian": "CI", "mozambican": "MZ", "burundian": "BI", "tanzanian": "TZ", "thai": "TH",
    "bangladeshi": "BD", "kosovar": "XK", "serbian": "RS", "serb": "RS", "serbs": "RS", "dutch": "NL",
    "belgian": "BE", "swedish": "SE", "danish": "DK", "finnish": "FI", "austrian": "AT", "japanese": "JP",
    "canadian": "CA", "australian": "AU", "brazilian": "BR", "mexican": "MX", "bahraini": "BH",
    "mauritanian": "MR", "central african": "CF",
}  # fmt: skip


def fold(name: str) -> str:
    """Lowercase, strip accents and apostrophe-like marks, hyphens to spaces, drop Arabic articles."""
    text = name if name.isascii() else _ascii(name)
    words = _SEPARATORS.split(text.lower().translate(_DROP))
    if words and not words[0]:
        words = words[1:]
    if words and not words[-1]:
        words = words[:-1]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    kept: list[str] = []
    last = len(words) - 1
    for i, word in enumerate(words):
        if i < last and (word in _ARTICLES or (word in _SUN_ARTICLES and words[i + 1].startswith(word[1:]))):
            continue
        kept.append(word)
    joined = " ".join(kept)
    return joined if _IS_NAME.fullmatch(joined) else _NOT_NAME.sub("", joined).strip()


def _ascii(text: str) -> str:
    """Latin letters without their accents; letters of other scripts vanish."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return text.encode("ascii", "ignore").decode("ascii")


def is_latin(folded: str) -> bool:
    """True when a folded name kept some letters (names in other scripts fold to nothing useful)."""
    return any("a" <= ch <= "z" for ch in folded)


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded name, for matching transliterations that differ in vowels.

    Word-final "h" after a vowel (Arabic ta marbuta: "Raqqah"/"Raqqa") is dropped, "q" counts as
    "k", vowels and the semivowels "w"/"y" are dropped, doubled letters collapse, spaces vanish.
    """
    words = [w[:-1] if len(w) > 2 and w.endswith("h") and w[-2] in "aeiou" else w for w in folded.split()]
    text = "".join(words).replace("q", "k").replace("ph", "f")
    consonants = [ch for ch in text if ch not in "aeiouwy"]
    collapsed = [ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1]]
    return "".join(collapsed)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions) between two short strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def close_spelling(mention: str, name: str) -> bool:
    """Same first letter, one edit in four: "Tamanhint" ~ "Taminhint", not "Euphrates" ~ "Fort Yates"."""
    if not mention or not name or mention[0] != name[0]:
        return False
    return edit_distance(mention, name) <= max(1, min(len(mention), len(name)) // 4)


def split_feature(folded: str) -> tuple[str, str | None]:
    """Split a folded mention into (name, feature kind): "latakia province" -> ("latakia", "region").

    The feature word may follow the name ("tamanhint airbase") or lead it with "of"
    ("province of latakia", "port of hodeidah"). A mention that is only a feature word is kept whole.
    """
    for word in _FEATURE_KEYS:
        if folded.endswith(" " + word):
            return folded[: -len(word) - 1].strip(), FEATURE_WORDS[word]
        if folded.startswith(word + " of "):
            return folded[len(word) + 4 :].strip(), FEATURE_WORDS[word]
    return folded, None


def strip_feature_words(folded: str, kind: str) -> str:
    """The core of a facility name ("al jufra airport" -> "jufra"), for indexing bases and crossings."""
    core, feature = split_feature(folded)
    while feature == kind and core:
        folded = core
        core, feature = split_feature(folded)
    if kind == "base":
        for word in ("international", "regional", "domestic", "municipal", "military", "new", "oil"):
            if folded.endswith(" " + word):
                folded = folded[: -len(word) - 1]
    return folded


#: words after a country or city name that make it a currency or a maker, not a place: "the US
#: dollar exchange rate", "Russian-made missiles", "Iranian-supplied drones"
_NOT_A_PLACE_AFTER = re.compile(
    r"(?:\s+(?:dollars?|euros?|pounds?|lira|lire|liras|roubles?|rubles?|dinars?|riyals?|rials?|yuan|rupees?|"
    r"shekels?|francs?|hryvnias?|manats?|drams?|birr|shillings?|nairas?|cedis?|pesos?|yen|won|lari|afghanis?|"
    r"exchange rate|currency)\b|-(?:made|built|manufactured|supplied|designed|produced|origin|brand)\b)",
    re.IGNORECASE,
)


def not_a_place_after(text: str, end: int) -> bool:
    """True when the name ending at ``end`` is a currency or a maker's mark ("US dollar", "Russian-made")."""
    return _NOT_A_PLACE_AFTER.match(text, end) is not None


def mask_non_places(text: str) -> str:
    """``text`` with the names of currencies and makers' marks blanked out (same length), so that
    "the US dollar" or "Russian-made" names no country."""
    return re.sub(
        r"(?:\b(?:[A-Z]\.){2,}|\b[A-Z]\w*)(?=(?i:" + _NOT_A_PLACE_AFTER.pattern + "))",
        lambda m: " " * len(m.group()),
        text,
    )
