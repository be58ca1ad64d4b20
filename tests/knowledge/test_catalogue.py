"""The actor catalogue: packaged data that validates, phrases resolved to actors, mentions found."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pycountry
import pytest

from ceasefire.errors import ConfigError, NotFound
from ceasefire.knowledge.actornames import tokenize
from ceasefire.knowledge.catalogue import KINDS, NON_STATE, PACKAGED, SECTORS, Catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


# --- resolving phrases -----------------------------------------------------------------------

# phrase, expected (name-or-entity id, country, sector); None means the field must be empty
RESOLVED = [
    ("Haftar", "lby-lna", "LBY", "MIL"),
    ("Field Marshal Khalifa Haftar's forces", "lby-lna", "LBY", "MIL"),
    ("Cairo", "egy-gov", "EGY", "GOV"),
    ("Abu Dhabi", "are-gov", "ARE", "GOV"),
    ("Riyadh", "sau-gov", "SAU", "GOV"),
    ("Moscow", "rus-gov", "RUS", "GOV"),
    ("Kiev", "ukr-gov", "UKR", "GOV"),
    ("Tripoli", "lby-gna", "LBY", "GOV"),
    ("the High Negotiations Committee (HNC)", "syr-hnc", "SYR", "OPP"),
    ("the UN-recognized Government of National Accord", "lby-gna", "LBY", "GOV"),
    ("Russian President Vladimir Putin", "rus-gov", "RUS", "GOV"),
    ("Turkish troops", "tur-mil", "TUR", "MIL"),
    ("the Syrian top spy", "syr-intel", "SYR", "SPY"),
    ("Hezbollah", "lbn-hezbollah", "LBN", "REB"),
    ("Jabhat al-Nusra", "syr-nusra", "SYR", "REB"),
    ("Ahrar al-Sham", "syr-ahrar-al-sham", "SYR", "REB"),
    ("Hay’at Tahrir al Sham", "syr-hts", "SYR", "REB"),
    ("the Houthis", "yem-houthis", "YEM", "REB"),
    ("Iran-backed Houthi rebels", "yem-houthis", "YEM", "REB"),
    ("UN envoy Staffan de Mistura", "syr-ose", "UNO", "IGO"),
    ("Hemedti", "sdn-rsf", "SDN", "REB"),
    ("General Burhan", "sdn-saf", "SDN", "MIL"),
    ("Sudan's army", "sdn-saf", "SDN", "MIL"),
    ("Israeli army", "isr-idf", "ISR", "MIL"),
    ("the Assad regime", "syr-gov", "SYR", "GOV"),
    ("Assad's forces", "syr-saa", "SYR", "MIL"),
    ("President Erdoğan", "tur-gov", "TUR", "GOV"),
    ("Erdogan", "tur-gov", "TUR", "GOV"),
    ("the Kremlin", "rus-gov", "RUS", "GOV"),
    ("Turkey", "tur-gov", "TUR", "GOV"),
    ("the United States", "usa-gov", "USA", "GOV"),
    ("US", "usa-gov", "USA", "GOV"),
    ("U.S. Ambassador to Turkey Jane Roe", "usa-gov", "USA", "GOV"),
    ("the Sanaa government", "yem-houthis", "YEM", "REB"),
    ("M23 rebels", "cod-m23", "COD", "REB"),
    ("the Tatmadaw", "mmr-tatmadaw", "MMR", "MIL"),
    ("OSCE monitors", "igo-osce-smm", "IGO", "IGO"),
    ("Libyan rebels", None, "LBY", "REB"),
    ("Turkish-backed Syrian rebels", None, "SYR", "REB"),
    ("rebel forces", None, None, "REB"),
    ("the leader of the opposition", None, None, "OPP"),
    ("pro-Russian separatists", None, None, "REB"),
    ("Kurdish fighters", None, None, "UAF"),
    ("Kachin fighters", None, "MMR", "UAF"),
    ("northern Syrian Kurds", None, "SYR", "CVL"),
    ("Sudanese refugees", None, "SDN", "REF"),
    ("some local militia", None, None, "UAF"),
    ("armed gunmen", None, None, "UAF"),
]


@pytest.mark.parametrize(("phrase", "entity_id", "country", "sector"), RESOLVED, ids=[r[0] for r in RESOLVED])
def test_phrase_resolves_to_actor(
    catalogue: Catalogue, phrase: str, entity_id: str | None, country: str | None, sector: str | None
) -> None:
    actor = catalogue.resolve(phrase)
    assert (actor.entity_id, actor.country, actor.sector) == (entity_id, country, sector)
    assert actor.text == phrase
    if entity_id is None:
        assert actor.name is None
    else:
        assert actor.name == catalogue.get(entity_id).name


def test_leader_resolves_to_organisation_and_keeps_text(catalogue: Catalogue) -> None:
    actor = catalogue.resolve("Haftar")
    assert actor.text == "Haftar"
    assert actor.name == "Libyan National Army"
    assert actor.entity_id == "lby-lna"


def test_capital_in_capitals_is_a_dateline_not_an_actor(catalogue: Catalogue) -> None:
    actor = catalogue.resolve("MOSCOW")
    assert (actor.text, actor.entity_id, actor.country) == ("MOSCOW", None, None)


def test_explain_says_which_leader_acts_for_whom(catalogue: Catalogue) -> None:
    _, reason = catalogue.explain("Field Marshal Khalifa Haftar's forces")
    assert "Khalifa Haftar" in reason and "Libyan National Army" in reason


PRONOUNS = ["he", "They", "us", "its", "", "   ", "the"]


@pytest.mark.parametrize("phrase", PRONOUNS, ids=[repr(p) for p in PRONOUNS])
def test_pronoun_or_empty_phrase_keeps_text_only(catalogue: Catalogue, phrase: str) -> None:
    actor = catalogue.resolve(phrase)
    assert actor.text == phrase
    assert (actor.name, actor.country, actor.sector, actor.entity_id) == (None, None, None, None)


CONTEXT = [
    ("the government", frozenset({"LBY"}), "LBY", "GOV"),
    ("the army", frozenset({"SYR"}), "SYR", "MIL"),
    ("police", frozenset({"EGY"}), "EGY", "COP"),
    ("the government", frozenset({"LBY", "TUR"}), None, "GOV"),
    ("the rebels", frozenset({"SYR"}), None, "REB"),
    ("his forces", frozenset({"LBY"}), None, "MIL"),
    ("Turkish troops", frozenset({"LBY"}), "TUR", "MIL"),
]


@pytest.mark.parametrize(
    ("phrase", "countries", "country", "sector"),
    CONTEXT,
    ids=[f"{p} in {'+'.join(sorted(c))}" for p, c, _, _ in CONTEXT],
)
def test_context_country_fills_only_bare_state_roles(
    catalogue: Catalogue, phrase: str, countries: frozenset[str], country: str | None, sector: str
) -> None:
    actor = catalogue.resolve(phrase, countries)
    assert (actor.country, actor.sector) == (country, sector)


def test_context_state_role_resolves_to_that_states_entity(catalogue: Catalogue) -> None:
    actor = catalogue.resolve("the army", frozenset({"SYR"}))
    assert actor.entity_id == "syr-saa"


def test_lowercase_us_is_a_pronoun_not_the_united_states(catalogue: Catalogue) -> None:
    assert catalogue.resolve("us").country is None
    assert catalogue.resolve("told us").country is None


def test_us_inside_a_longer_word_is_not_the_united_states(catalogue: Catalogue) -> None:
    text = "USSR veterans told us about the BUS attack and focus groups in Cuba."
    found = {(text[start:end], entity.id) for start, end, entity in catalogue.find_mentions(text)}
    assert found == {("Cuba", "cub-gov")}


def test_usa_is_the_united_states_as_a_word_of_its_own(catalogue: Catalogue) -> None:
    assert catalogue.resolve("USA").entity_id == "usa-gov"


# --- finding mentions in text ----------------------------------------------------------------

PARAGRAPH = (
    "Khalifa Haftar left the talks without signing, while Fayez al-Sarraj had signed the text the "
    "evening before. Sarraj later flew to Istanbul; Haftar's spokesman said that Cairo and Abu Dhabi "
    "had been told, and the U.S. urged both men to go to Berlin."
)


def test_find_mentions_finds_leaders_with_offsets(catalogue: Catalogue) -> None:
    found = [(PARAGRAPH[start:end], entity.id) for start, end, entity in catalogue.find_mentions(PARAGRAPH)]
    assert ("Khalifa Haftar", "khalifa-haftar") in found
    assert ("Fayez al-Sarraj", "fayez-al-sarraj") in found
    assert ("Sarraj", "fayez-al-sarraj") in found
    assert ("Haftar", "khalifa-haftar") in found
    assert ("Cairo", "egy-gov") in found
    assert ("U.S.", "usa-gov") in found


def test_find_mentions_leader_acts_for_organisation(catalogue: Catalogue) -> None:
    mentions = catalogue.find_mentions(PARAGRAPH)
    people = {entity.name: catalogue.acting_for(entity).id for _, _, entity in mentions}
    assert people["Khalifa Haftar"] == "lby-lna"
    assert people["Fayez al-Sarraj"] == "lby-gna"


def test_find_mentions_prefers_longest_name(catalogue: Catalogue) -> None:
    text = "Fighters of Hayat Tahrir al-Sham clashed with the Syrian Democratic Forces."
    found = [text[start:end] for start, end, _ in catalogue.find_mentions(text)]
    assert found == ["Hayat Tahrir al-Sham", "Syrian Democratic Forces"]


def test_find_mentions_is_fast_on_a_long_article(catalogue: Catalogue) -> None:
    article = (PARAGRAPH + " ") * 25
    assert len(article) > 5000
    catalogue.find_mentions(article)
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        catalogue.find_mentions(article)
    per_article = (time.perf_counter() - started) / runs
    assert per_article < 0.005  # measured about 0.6 ms; the bound leaves room for slow CI machines


# --- the packaged data -----------------------------------------------------------------------


def test_packaged_catalogue_is_loaded_once_per_process() -> None:
    assert Catalogue.load() is Catalogue.load()


def test_packaged_catalogue_loads_quickly() -> None:
    started = time.perf_counter()
    fresh = Catalogue.load(PACKAGED)
    elapsed = time.perf_counter() - started
    assert len(fresh) == len(Catalogue.load())
    assert elapsed < 1.0  # measured about 0.1 s; the bound leaves room for slow CI machines


def test_every_packaged_entry_validates(catalogue: Catalogue) -> None:
    for entity in catalogue:
        assert entity.sector in SECTORS, entity.id
        assert entity.kind in KINDS, entity.id
        assert entity.country in NON_STATE or pycountry.countries.get(alpha_3=entity.country), entity.id
        if entity.parent is not None:
            assert entity.parent in catalogue, entity.id
        if entity.kind == "person":
            assert entity.parent is not None, entity.id
            assert catalogue.get(entity.parent).kind != "person", entity.id


REGIONS = ["libya", "syria", "yemen", "ukraine", "sudan", "israel-gaza-lebanon", "afghanistan", "colombia",
           "myanmar", "drc", "ethiopia", "international", "states"]  # fmt: skip


@pytest.mark.parametrize("region", REGIONS)
def test_each_conflict_region_has_entries(catalogue: Catalogue, region: str) -> None:
    assert sum(1 for entity in catalogue if entity.region == region) >= 10


def test_every_un_member_has_a_government(catalogue: Catalogue) -> None:
    for code in ("KEN", "NOR", "CHE", "CUB", "TZA", "FJI", "COD"):
        government = catalogue.state_entity(code, "GOV")
        assert government is not None and government.country == code


def test_leaders_of_lists_the_people_of_an_organisation(catalogue: Catalogue) -> None:
    names = {person.name for person in catalogue.leaders_of("lby-lna")}
    assert "Khalifa Haftar" in names


def test_get_unknown_id_raises_not_found(catalogue: Catalogue) -> None:
    with pytest.raises(NotFound, match="no-such-actor"):
        catalogue.get("no-such-actor")


def test_entity_is_frozen(catalogue: Catalogue) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.get("lby-lna").name = "changed"  # type: ignore[misc]


# --- broken data -----------------------------------------------------------------------------

GOOD = """
entities:
- id: test-army
  name: Test Army
  country: LBY
  sector: MIL
  kind: armed_forces
  aliases: [TA]
"""

BROKEN = [
    ("unknown sector", GOOD.replace("sector: MIL", "sector: XYZ"), ["test-army", "XYZ"]),
    ("bad country", GOOD.replace("country: LBY", "country: XXX"), ["test-army", "XXX"]),
    ("unknown kind", GOOD.replace("kind: armed_forces", "kind: army"), ["test-army", "army"]),
    ("missing name", GOOD.replace("  name: Test Army\n", ""), ["test-army", "name"]),
    ("unknown field", GOOD + "  colour: red\n", ["test-army", "colour"]),
    ("bad id", GOOD.replace("id: test-army", "id: Test Army"), ["Test Army", "slug"]),
    ("unknown parent", GOOD + "  parent: nobody\n", ["test-army", "nobody"]),
    ("aliases not a list", GOOD.replace("aliases: [TA]", "aliases: TA"), ["test-army", "aliases"]),
    ("leader without name", GOOD + "  leaders:\n  - {aliases: [X]}\n", ["test-army", "leaders[1]", "name"]),
    ("capital to nowhere", GOOD + "capitals:\n  Atlantis: nobody\n", ["Atlantis", "nobody"]),
    ("demonym to nowhere", GOOD + "demonyms:\n  Atlantean: ATL\n", ["Atlantean", "ATL"]),
    ("unknown section", GOOD + "actors: []\n", ["actors"]),
    ("not YAML", GOOD + "  aliases: [unclosed\n", ["not valid YAML"]),
]


@pytest.mark.parametrize(("problem", "content", "named"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_config_error_naming_entry_and_problem(
    tmp_path: Path, problem: str, content: str, named: list[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Catalogue.load(path)
    message = str(caught.value)
    assert "broken.yaml" in message
    for word in named:
        assert word in message


def test_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("aliases: [TA]", "aliases: [TB]"), encoding="utf-8")
    expected = r"b\.yaml: duplicate id 'test-army' \(first defined in .*a\.yaml\)"
    with pytest.raises(ConfigError, match=expected):
        Catalogue.load(tmp_path)


def test_alias_shared_by_two_entities_is_config_error(tmp_path: Path) -> None:
    other = GOOD.replace("test-army", "test-militia").replace("Test Army", "Test Militia")
    other = other.replace("entities:\n", "")
    (tmp_path / "actors.yaml").write_text(GOOD + other, encoding="utf-8")
    with pytest.raises(ConfigError, match="alias 'TA' is already an alias of 'test-army'"):
        Catalogue.load(tmp_path / "actors.yaml")


def test_two_defaults_for_one_state_role_is_config_error(tmp_path: Path) -> None:
    first = GOOD + "  default_for: [MIL]\n"
    second = first.replace("test-army", "test-navy").replace("Test Army", "Test Navy").replace("[TA]", "[TN]")
    (tmp_path / "actors.yaml").write_text(first + second.replace("entities:\n", ""), encoding="utf-8")
    with pytest.raises(ConfigError, match="LBY MIL already defaults to 'test-army'"):
        Catalogue.load(tmp_path / "actors.yaml")


def test_missing_path_is_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such actor catalogue"):
        Catalogue.load(tmp_path / "absent.yaml")


def test_small_catalogue_resolves_its_own_entries(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(GOOD + "  leaders:\n  - {name: Jane Roe, aliases: [Roe]}\n", encoding="utf-8")
    small = Catalogue.load(path)
    assert small.resolve("General Roe").entity_id == "test-army"
    assert small.resolve("the TA").entity_id == "test-army"
    assert small.resolve("ta").entity_id is None  # an acronym matches only as written


# --- words -----------------------------------------------------------------------------------

WORDS = [
    ("Haftar's forces", ["haftar", "forces"]),
    ("Hay’at Tahrir al-Sham", ["hayat", "tahrir", "sham"]),
    ("Jabhat al Nusra", ["jabhat", "nusra"]),
    ("el-Sisi", ["sisi"]),
    ("El Salvador", ["el", "salvador"]),
    ("Recep Tayyip Erdoğan", ["recep", "tayyip", "erdogan"]),
    ("U.S.-backed", ["u", "s", "backed"]),
]


@pytest.mark.parametrize(("text", "keys"), WORDS, ids=[w[0] for w in WORDS])
def test_words_are_folded_without_articles_or_possessives(text: str, keys: list[str]) -> None:
    assert [t.key for t in tokenize(text)] == keys


def test_word_offsets_point_into_the_text_as_written() -> None:
    text = "forces of al-Sarraj’s government"
    spans = [text[t.start : t.end] for t in tokenize(text)]
    assert spans == ["forces", "of", "al-Sarraj", "government"]
