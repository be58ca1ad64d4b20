"""The places stage: the document's countries, and each event's place with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.knowledge.gazetteer import Gazetteer, MemoryGazetteer, open_gazetteer
from ceasefire.knowledge.gazetteer_index import Entry
from ceasefire.models import Document, Event, Evidence, Span
from ceasefire.pipeline.places import Geocode, country_context, document_countries
from ceasefire.settings import Settings


def make_doc(text: str, *mentions: str | tuple[str, ...], country_hint: str | None = None) -> Document:
    """A document with one event per item of ``mentions`` (a place name, or several nearest first)."""
    doc = Document(id="d1", text=text, country_hint=country_hint)
    for item in mentions:
        names = (item,) if isinstance(item, str) else item
        spans = []
        for name in names:
            start = text.index(name)
            spans.append(Span(name, start, start + len(name)))
        first = spans[0] if spans else Span(text[:4], 0, 4)
        doc.events.append(
            Event(
                event="ASSAULT",
                evidence=Evidence("d1", text, 0, len(text)),
                trigger=Span(first.text, first.start, first.end),
                place_mentions=spans,
            )
        )
    return doc


@pytest.fixture(scope="module")
def geocode() -> Geocode:
    return Geocode(MemoryGazetteer())


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Libyan forces said rockets fell on Tripoli overnight as the truce frayed.", "LY"),
        ("Lebanese troops deployed in Tripoli after clashes between rival neighbourhoods.", "LB"),
    ],
    ids=["libya-document", "lebanon-document"],
)  # fmt: skip
def test_tripoli_resolves_in_the_documents_country(geocode: Geocode, text: str, country: str) -> None:
    doc = geocode(make_doc(text, "Tripoli"))
    place = doc.events[0].place
    assert place is not None and (place.country, place.precision, place.text) == (country, "city", "Tripoli")
    expected = f"'Tripoli' -> Tripoli, {country} (city; document context {country})"
    assert place.reason == expected
    assert doc.events[0].reasons == [expected]


def test_first_mention_that_resolves_wins(geocode: Geocode) -> None:
    doc = geocode(make_doc("Trump said the attack near Sirte broke the ceasefire.", ("Trump", "Sirte")))
    place = doc.events[0].place
    assert place is not None and place.name == "Sirte"


def test_no_resolvable_mention_leaves_the_place_empty(geocode: Geocode) -> None:
    doc = geocode(make_doc("Police said Mission staff were safe.", ("Police", "Mission")))
    assert doc.events[0].place is None
    assert doc.events[0].reasons == []


def test_stage_records_its_version_and_the_context(geocode: Geocode) -> None:
    doc = geocode(make_doc("Syrian troops shelled Idlib.", "Idlib"))
    assert Geocode.spec.name == "places" and Geocode.spec.produces == {"events.place"}
    assert Geocode.spec.requires == {"events"}
    assert doc.events[0].stages == {"places": Geocode.spec.version}
    assert any(note.startswith("places: countries SY") for note in doc.notes)


def test_feature_word_after_the_mention_picks_the_air_base(geocode: Geocode) -> None:
    doc = geocode(make_doc("Drones struck the Tamanhint air base in southern Libya.", "Tamanhint"))
    place = doc.events[0].place
    assert place is not None and (place.name, place.precision) == ("Taminhint Airport", "exact")


def test_province_mention_resolves_to_the_region(geocode: Geocode) -> None:
    doc = geocode(make_doc("Shelling hit villages in Latakia province.", "Latakia province"))
    place = doc.events[0].place
    assert place is not None and (place.name, place.precision) == ("Latakia Governorate", "region")


def test_country_mention_has_country_precision(geocode: Geocode) -> None:
    doc = geocode(make_doc("Turkey said it would answer any attack.", "Turkey"))
    place = doc.events[0].place
    assert place is not None and (place.country, place.precision) == ("TR", "country")


@pytest.mark.parametrize(
    ("text", "mention", "capital"),
    [("Rockets were fired at the Syrian capital on Monday.", "the Syrian capital", "Damascus"),
     ("Libyan officials said the capital was calm.", "the capital", "Tripoli"),
     ("Talks were held in Russia's capital.", "Russia's capital", "Moscow")],
    ids=["demonym-capital", "capital-of-document-country", "possessive-capital"],
)  # fmt: skip
def test_capital_phrases_resolve_to_the_capital(
    geocode: Geocode, text: str, mention: str, capital: str
) -> None:
    place = geocode(make_doc(text, mention)).events[0].place
    assert place is not None and place.name == capital and place.text == mention


def test_directional_prefix_is_dropped_when_nothing_else_resolves(geocode: Geocode) -> None:
    place = geocode(make_doc("Clashes were reported in northern Aleppo.", "northern Aleppo")).events[0].place
    assert place is not None and place.name == "Aleppo"
    assert place.reason.startswith("'northern Aleppo' as 'Aleppo': ")


def test_country_hint_and_named_countries_make_the_context() -> None:
    gazetteer = MemoryGazetteer()
    doc = make_doc("Russian and Turkish officials met to discuss the truce.", country_hint="SYR")
    context = country_context(doc, gazetteer)
    assert context.countries == {"SY", "RU", "TR"}
    assert context.primary == "SY"


def test_rarely_named_country_stays_out_of_the_context() -> None:
    text = "Libya. Libyan forces. Libyan officials. Libyan army. Libya's government. Libyans. A Swiss envoy."
    assert document_countries(make_doc(text), MemoryGazetteer()) == {"LY"}


def test_majority_of_places_joins_the_context() -> None:
    entries = [
        Entry("Qaryat Alif", "SY", 35.1, 36.1, "city", "city", 20_000, "memory"),
        Entry("Qaryat Ba", "SY", 35.2, 36.2, "city", "city", 30_000, "memory"),
        Entry("Twin", "SY", 35.3, 36.3, "city", "city", 600, "memory"),
        Entry("Twin", "US", 40.0, -90.0, "city", "city", 6_000, "memory"),
    ]
    gazetteer = MemoryGazetteer(entries, capitals={}, alpha3={})
    doc = make_doc("Shells fell on Qaryat Alif, Qaryat Ba and Twin.", "Qaryat Alif", "Qaryat Ba", "Twin")
    context = country_context(doc, gazetteer)
    assert context.majority == "SY" and "SY" in context.countries
    place = Geocode(gazetteer)(doc).events[2].place
    assert place is not None and place.country == "SY"


# --- against the real gazetteer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return open_gazetteer(Settings(cache_dir=Path(tmp_path_factory.getbasetemp()) / "gazetteer-cache"))


def test_geocode_with_the_real_gazetteer(real: Gazetteer) -> None:
    text = (
        "Syrian government forces and their allies pushed towards Khan Tuman, south-west of Aleppo, "
        "while rebels shelled az-Zahra and Nubl. Later, Russian jets struck Jisr al-Shughur."
    )
    doc = Geocode(real)(make_doc(text, "Khan Tuman", "az-Zahra", "Jisr al-Shughur", "Aleppo"))
    places = [e.place for e in doc.events]
    assert [p.country if p else None for p in places] == ["SY", "SY", "SY", "SY"]
    assert all(p is not None and p.lat is not None for p in places)
    assert places[0] is not None and places[0].gazetteer == "project"


# the area named beside a place, written for these tests: "X, Region", "X district (Region)", "X in
# Region countryside"; the coordinates are rough but the distances between them are real
AREAS = [
    Entry("Orikhove", "UA", 45.13, 33.63, "city", "city", 3_000, "memory", "geonames:1", 1),  # in Crimea
    Entry("Luhansk", "UA", 48.57, 39.31, "city", "city", 400_000, "memory", "geonames:2", 2),
    Entry("Luhansk Oblast", "UA", 48.57, 39.31, "region", "region", 0, "memory", "iso:UA-09", None,
          ["Luhansk"], curated=True),
    Entry("Popasna", "UA", 48.63, 38.37, "city", "city", 19_000, "memory", "geonames:3", 3),
    Entry("Popasna", "RU", 55.00, 45.00, "city", "city", 25_000, "memory", "geonames:4", 4),
    Entry("Daman", "IN", 20.41, 72.83, "city", "city", 44_000, "memory", "geonames:5", 5),
    Entry("Kandahar", "AF", 31.61, 65.71, "city", "city", 520_000, "memory", "geonames:6", 6),
    Entry("Kandahar Province", "AF", 31.61, 65.71, "region", "region", 0, "memory", "iso:AF-KAN", None,
          ["Kandahar"], curated=True),
    Entry("Al Mansurah", "EG", 31.04, 31.38, "city", "city", 620_000, "memory", "geonames:7", 7, ["Mansura"]),
    Entry("Ar Raqqah", "SY", 35.95, 39.01, "city", "city", 530_000, "memory", "geonames:8", 8, ["Raqqa", "Ar-Raqqa"]),
    Entry("Raqqa Governorate", "SY", 35.95, 39.01, "region", "region", 0, "memory", "iso:SY-RA", None,
          ["Raqqa", "Ar-Raqqa"], curated=True),
    Entry("Tripoli", "LY", 32.89, 13.19, "city", "city", 1_300_000, "memory", "geonames:9", 9),
    Entry("Benghazi", "LY", 32.11, 20.07, "city", "city", 750_000, "memory", "geonames:10", 10),
    Entry("Misratah", "LY", 32.38, 15.09, "city", "city", 350_000, "memory", "geonames:11", 11, ["Misrata"]),
    Entry("Ukraine", "UA", 49.0, 32.0, "country", "country", 44_000_000, "memory", "iso:UA", None),
    Entry("Afghanistan", "AF", 33.0, 65.0, "country", "country", 37_000_000, "memory", "iso:AF", None),
    Entry("Syria", "SY", 35.0, 38.5, "country", "country", 22_000_000, "memory", "iso:SY", None),
    Entry("Libya", "LY", 27.0, 17.0, "country", "country", 6_700_000, "memory", "iso:LY", None),
    Entry("United States", "US", 39.0, -98.0, "country", "country", 327_000_000, "memory", "iso:US", None,
          ["US"]),
    Entry("Lebanon", "LB", 33.9, 35.9, "country", "country", 6_800_000, "memory", "iso:LB", None),
    Entry("Beirut", "LB", 33.89, 35.5, "city", "city", 1_900_000, "memory", "geonames:12", 12),
]  # fmt: skip


@pytest.fixture(scope="module")
def areas() -> Geocode:
    return Geocode(MemoryGazetteer(AREAS, capitals={}, alpha3={}))


@pytest.mark.parametrize(
    ("text", "mention", "name", "country", "precision", "written"),
    [
        pytest.param("Shelling was reported near Orikhove, Luhansk.", "Orikhove", "Luhansk Oblast", "UA",
                     "region", "Luhansk", id="namesake-far-away-gives-the-area"),
        pytest.param("Explosions were heard near Popasna, Luhansk.", "Popasna", "Popasna", "UA", "city", "Popasna",
                     id="namesake-near-the-area-wins"),
        pytest.param("Militants attacked a checkpoint in Daman district, Kandahar.", "Daman district",
                     "Kandahar Province", "AF", "region", "Kandahar", id="district-comma-province"),
        pytest.param("Fighters clashed in Mansura city in Ar-Raqqa countryside.", "Mansura city",
                     "Raqqa Governorate", "SY", "region", "Ar-Raqqa", id="city-in-countryside"),
        pytest.param("Troops shelled Nihm district (Kandahar) overnight.", "Nihm district", "Kandahar Province", "AF",
                     "region", "Kandahar", id="unknown-district-in-brackets"),
    ],
)  # fmt: skip
def test_an_area_named_beside_a_place_decides_where_it_is(
    areas: Geocode, text: str, mention: str, name: str, country: str, precision: str, written: str
) -> None:
    place = areas(make_doc(text, mention)).events[0].place
    assert place is not None
    assert (place.name, place.country, place.precision, place.text) == (name, country, precision, written)
    assert mention in place.reason


def test_a_list_of_places_is_no_place_and_its_area(areas: Geocode) -> None:
    place = areas(make_doc("Rockets hit Tripoli, Benghazi and Misrata.", "Tripoli")).events[0].place
    assert place is not None and (place.name, place.country) == ("Tripoli", "LY")


def test_a_currency_names_no_place_and_no_country(areas: Geocode) -> None:
    doc = Document(id="d", text="Dozens protested in Beirut against the rise of the US dollar exchange rate.")
    context = country_context(doc, areas.gazetteer)
    assert "US" not in context.countries and "LB" in context.countries


@pytest.mark.parametrize("suffix", ["based", "headquartered"])
def test_a_place_where_an_actor_sits_is_not_where_the_event_is(geocode: Geocode, suffix: str) -> None:
    text = f"The Moscow-{suffix} committee said the shelling of Idlib had to stop."
    doc = geocode(make_doc(text, ("Moscow", "Idlib")))
    place = doc.events[0].place
    assert place is not None and place.name == "Idlib"
