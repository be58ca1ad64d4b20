"""Dates read from an event's sentence against the publication date (ceasefire.pipeline.dates).

Every sentence here was written for these tests.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.models import DocKind, Document, Event, Evidence, Modality, Span
from ceasefire.pipeline import dates
from ceasefire.pipeline.dates import DateResolution, ResolveDates, resolve_date

TUESDAY = date(2016, 4, 19)
THURSDAY = date(2020, 1, 16)
LATE_APRIL = date(2019, 4, 24)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Tense = Literal["past", "present", "future"] | None


def resolve(
    sentence: str, trigger: str, published: date | None, tense: str | None = "past"
) -> DateResolution | None:
    return resolve_date(sentence, sentence.index(trigger), published, tense)


def document(
    *sentences: tuple[str, str],
    published: date | None = TUESDAY,
    modality: Modality = "asserted",
    tense: Tense = "past",
    kind: DocKind = "article",
    published_at: datetime | None = None,
) -> Document:
    """A document of ``sentences``, one event a (sentence, trigger) pair."""
    text, events = "A first sentence without events. ", []
    for sentence, trigger in sentences:
        start = len(text)
        text += sentence + " "
        at = text.index(trigger, start)
        events.append(
            Event(
                event="CONSULT",
                evidence=Evidence("doc", sentence, start, start + len(sentence)),
                trigger=Span(trigger, at, at + len(trigger)),
                modality=modality,
                tense=tense,
            )
        )
    return Document(
        id="doc", text=text, kind=kind, published=published, published_at=published_at, events=events
    )


def dated(*sentences: tuple[str, str], **options: Any) -> list[Event]:
    return ResolveDates()(document(*sentences, **options)).events


# --- resolve_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "published", "tense", "expected"),
    [
        ("Syrian talks came close to collapse on Monday", "collapse", TUESDAY, "past", date(2016, 4, 18)),
        ("The envoy met both delegations last Friday", "met", TUESDAY, "past", date(2016, 4, 15)),
        ("The envoy met both delegations on Tuesday", "met", TUESDAY, "past", TUESDAY),
        ("The envoy met both delegations this past Sunday", "met", TUESDAY, "past", date(2016, 4, 17)),
        ("Rebels shelled the town Saturday night", "shelled", TUESDAY, "past", date(2016, 4, 16)),
        ("The envoy will meet both delegations next Tuesday", "meet", TUESDAY, "future", date(2016, 4, 26)),
        ("Both leaders were invited to the Berlin talks this Sunday", "invited", THURSDAY, "future",
         date(2020, 1, 19)),
        ("The delegations will meet on Wednesday", "meet", THURSDAY, None, date(2020, 1, 22)),
        ("Fighting resumed on Wednesday", "resumed", THURSDAY, None, date(2020, 1, 15)),
    ],
    ids=["on-monday", "last-friday", "same-weekday", "this-past-sunday", "weekday-night",
         "next-tuesday", "this-sunday-future", "will-cue-looks-forward", "no-tense-looks-back"],
)  # fmt: skip
def test_relative_weekday_resolves_against_publication_date(
    sentence: str, trigger: str, published: date, tense: str | None, expected: date
) -> None:
    found = resolve(sentence, trigger, published, tense)
    assert found is not None
    assert (found.date, found.precision, found.basis) == (expected, "day", "text")
    assert found.text == sentence[found.start : found.end]


def test_reason_names_the_expression_and_the_publication_date() -> None:
    found = resolve("Syrian talks came close to collapse on Monday", "collapse", TUESDAY)
    assert found is not None
    assert found.text == "on Monday"
    assert "'on Monday'" in found.reason and "2016-04-19" in found.reason and "2016-04-18" in found.reason


@pytest.mark.parametrize(
    ("sentence", "trigger", "published", "tense", "expected"),
    [
        ("Haftar's march on Tripoli on April 4 surprised the envoy", "surprised", LATE_APRIL, "past",
         date(2019, 4, 4)),
        ("The raid on April 18 destroyed a depot", "raid", LATE_APRIL, "past", date(2019, 4, 18)),
        ("The truce took effect on December 30", "took", date(2020, 1, 10), "past", date(2019, 12, 30)),
        ("The truce took effect on 30 December", "took", date(2020, 1, 10), None, date(2019, 12, 30)),
        ("Talks opened on April 4th", "opened", LATE_APRIL, "past", date(2019, 4, 4)),
        ("Talks opened on the 4th of April", "opened", LATE_APRIL, "past", date(2019, 4, 4)),
        ("Talks opened on Sept. 3", "opened", LATE_APRIL, "past", date(2018, 9, 3)),
        ("Talks will open on April 4", "open", LATE_APRIL, "future", date(2020, 4, 4)),
        ("Talks open on April 27", "open", LATE_APRIL, "present", date(2019, 4, 27)),
        ("The raid on April 18 against the airbase shows how the war will spread", "raid", LATE_APRIL,
         "present", date(2019, 4, 18)),
    ],
    ids=["march-on-tripoli", "raid", "december-in-january", "day-month", "ordinal", "the-nth-of",
         "abbreviation", "future-next-year", "present-nearest", "future-cue-of-another-clause"],
)  # fmt: skip
def test_date_without_year_takes_the_year_nearest_publication(
    sentence: str, trigger: str, published: date, tense: str | None, expected: date
) -> None:
    found = resolve(sentence, trigger, published, tense)
    assert found is not None
    assert (found.date, found.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The accord was signed on April 4, 2019 in Moscow", date(2019, 4, 4)),
        ("The accord was signed on Wednesday, April 4, 2018", date(2018, 4, 4)),
        ("The accord was signed on 4 April 2017", date(2017, 4, 4)),
        ("The accord was signed on 2019-04-04", date(2019, 4, 4)),
        ("The accord was signed on 14/4/2019", date(2019, 4, 14)),
        ("The accord was signed on 4/14/2019", date(2019, 4, 14)),
        ("The accord was signed on April 4-5, 2019", date(2019, 4, 4)),
    ],
    ids=["month-day-year", "weekday-and-date", "day-month-year", "iso", "day-first", "month-first", "range"],
)
def test_explicit_date_resolves_as_written(sentence: str, expected: date) -> None:
    found = resolve(sentence, "signed", None)
    assert found is not None
    assert (found.date, found.precision) == (expected, "day")
    assert "as written" in found.reason


def test_ambiguous_numeric_date_is_not_guessed() -> None:
    assert resolve("The accord was signed on 4/5/2019", "signed", LATE_APRIL) is None


@pytest.mark.parametrize(
    ("sentence", "published", "expected", "precision"),
    [
        ("The truce was signed in January 2020", date(2020, 5, 1), date(2020, 1, 1), "month"),
        ("The truce was signed in early March", date(2020, 5, 1), date(2020, 3, 1), "month"),
        ("The truce was signed in mid-November", date(2020, 5, 1), date(2019, 11, 1), "month"),
        ("The truce was signed last March", date(2020, 3, 20), date(2019, 3, 1), "month"),
        ("The truce was signed in October last year", date(2020, 3, 20), date(2019, 10, 1), "month"),
        ("The truce was signed at the end of March 2019", date(2020, 5, 1), date(2019, 3, 1), "month"),
        ("The truce was signed in 2018", LATE_APRIL, date(2018, 1, 1), "year"),
        ("The truce was signed in mid-2017", LATE_APRIL, date(2017, 1, 1), "year"),
        ("The truce was signed in the summer of 2016", LATE_APRIL, date(2016, 1, 1), "year"),
    ],
    ids=["month-year", "early-month", "mid-month-last-year", "last-month-name", "month-last-year",
         "end-of-month-year",
         "in-year", "mid-year", "season-of-year"],
)  # fmt: skip
def test_month_and_year_expressions_keep_their_precision(
    sentence: str, published: date, expected: date, precision: str
) -> None:
    found = resolve(sentence, "signed", published)
    assert found is not None
    assert (found.date, found.precision) == (expected, precision)


@pytest.mark.parametrize(
    ("sentence", "tense", "expected", "precision"),
    [
        ("Shelling stopped yesterday", "past", date(2016, 4, 18), "day"),
        ("Shelling stopped yesterday morning", "past", date(2016, 4, 18), "day"),
        ("Shelling stopped today", "past", TUESDAY, "day"),
        ("Shelling stopped this morning", "past", TUESDAY, "day"),
        ("Shelling stopped last night", "past", date(2016, 4, 18), "day"),
        ("Talks resume tonight", "present", TUESDAY, "day"),
        ("Talks resume tomorrow", "present", date(2016, 4, 20), "day"),
        ("Shelling stopped the day before yesterday", "past", date(2016, 4, 17), "day"),
        ("Shelling stopped last week", "past", date(2016, 4, 11), "week"),
        ("Shelling stopped this week", "past", date(2016, 4, 18), "week"),
        ("Talks resume next week", "future", date(2016, 4, 25), "week"),
        ("Shelling stopped over the weekend", "past", date(2016, 4, 11), "week"),
        ("Shelling stopped last month", "past", date(2016, 3, 1), "month"),
        ("Shelling stopped earlier this month", "past", date(2016, 4, 1), "month"),
        ("Shelling stopped late last year", "past", date(2015, 1, 1), "year"),
        ("Shelling stopped two days ago", "past", date(2016, 4, 17), "day"),
        ("Shelling stopped 10 days ago", "past", date(2016, 4, 9), "day"),
        ("Shelling stopped three weeks ago", "past", date(2016, 3, 28), "week"),
        ("Shelling stopped a few hours ago", "past", None, None),
        ("Shelling stopped six hours ago", "past", TUESDAY, "day"),
        ("Shelling stopped a day earlier", "past", date(2016, 4, 18), "day"),
        ("Shelling had stopped the previous day", "past", date(2016, 4, 18), "day"),
        ("Talks will resume in two weeks", "future", date(2016, 5, 2), "week"),
    ],
    ids=["yesterday", "yesterday-morning", "today", "this-morning", "last-night", "tonight", "tomorrow",
         "day-before-yesterday", "last-week", "this-week", "next-week", "over-the-weekend", "last-month",
         "earlier-this-month", "late-last-year", "two-days-ago", "digits-days-ago", "three-weeks-ago",
         "a-few-is-not-a-number", "hours-ago", "a-day-earlier", "the-previous-day", "in-two-weeks"],
)  # fmt: skip
def test_relative_expression_resolves_against_publication_date(
    sentence: str, tense: str, expected: date | None, precision: str | None
) -> None:
    found = resolve(sentence, sentence.split()[1], TUESDAY, tense)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.date, found.precision) == (expected, precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks started at 3 pm",
        "The talks lasted for three days",
        "The talks lasted 48 hours",
        "The talks produced a six-month extension",
        "The talks were led by a man aged 45",
        "The talks moved the front line in 1,000 km of desert",
        "The talks may collapse",
        "May the talks succeed",
        "The talks followed Haftar's march on Tripoli",
        "The talks will resume within days",
        "The talks stalled during three days of fighting",
        "The talks stalled in three days of fighting",
        "The talks brought 2000 fighters to the table",
        "The talks stalled in the 1990s",
        "The talks stalled on Mondays",
        "The talks held until Monday",
        "The talks stalled over the past week",
        "The talks stalled in the last week",
        "The talks stalled two days before the vote",
    ],
    ids=["time-alone", "for-duration", "hours", "extension", "age", "quantity", "may-modal",
         "may-sentence-start", "march-noun", "within-days", "days-of-fighting", "in-days-of",
         "number-not-year", "decade", "plural-weekday", "until-ends-a-span", "past-week-span",
         "last-week-span", "relative-to-unknown-event"],
)  # fmt: skip
def test_things_that_are_not_dates_are_ignored(sentence: str) -> None:
    assert resolve(sentence, "talks", TUESDAY) is None


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [("shelled", date(2016, 4, 18)), ("collapsed", date(2016, 4, 16))],
    ids=["main-clause", "subordinate-clause"],
)
def test_expression_nearest_the_trigger_governs(trigger: str, expected: date) -> None:
    sentence = "Rebels shelled Azaz on Monday after talks collapsed on Saturday"
    found = resolve(sentence, trigger, TUESDAY)
    assert found is not None and found.date == expected


def test_expression_after_a_preposition_is_preferred_to_a_bare_one() -> None:
    sentence = "Rebels broke the April 4 accord on Monday when they shelled the town"
    found = resolve(sentence, "broke", TUESDAY)
    assert found is not None and found.text == "on Monday"


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("The truce, agreed in February, collapsed", "collapsed", None),
        ("The truce, agreed in February, collapsed", "agreed", date(2016, 2, 1)),
        ("Rebels attacked Azaz, which government forces shelled on Monday", "attacked", None),
        ("Rebels attacked Azaz; government forces shelled it on Monday", "attacked", None),
        ("Rebels attacked Azaz, a town seized in 2013, on Monday", "attacked", date(2016, 4, 18)),
        ("On Monday, rebels attacked Azaz", "attacked", date(2016, 4, 18)),
        ("Both sides signed a truce that is due to take effect on Monday", "signed", None),
        ("The envoy hailed a truce which comes into force on Monday", "hailed", None),
        ("The truce took effect at 9 pm (19:00 GMT) on Monday", "took", date(2016, 4, 18)),
    ],
    ids=["aside-before-trigger", "inside-the-aside", "relative-clause", "semicolon", "aside-after-trigger",
         "fronted-date", "that-clause-without-comma", "which-clause-without-comma", "beyond-a-bracket"],
)  # fmt: skip
def test_date_of_another_clause_does_not_date_the_event(
    sentence: str, trigger: str, expected: date | None
) -> None:
    found = resolve(sentence, trigger, TUESDAY)
    assert (found.date if found else None) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Talks were expected to begin in March, but days before they began, fighting broke out", "fighting",
         date(2016, 3, 1)),
        ("The talks are expected to begin in March", "talks", date(2017, 3, 1)),
    ],
    ids=["plan-told-in-the-past", "plan-told-now"],
)  # fmt: skip
def test_a_plan_told_in_the_past_does_not_point_forward(sentence: str, trigger: str, expected: date) -> None:
    found = resolve(sentence, trigger, TUESDAY, None)
    assert found is not None and found.date == expected


def test_a_day_earlier_counts_from_another_date_in_the_sentence() -> None:
    sentence = "Talks collapsed on April 4, 2019, and a day earlier rebels shelled the city"
    found = resolve(sentence, "shelled", TUESDAY)
    assert found is not None
    assert found.date == date(2019, 4, 3)
    assert "'on April 4, 2019'" in found.reason


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected", "precision"),
    [
        ("The front held in 2015 and collapsed the following year", "collapsed", date(2016, 1, 1), "year"),
        ("Two days later the truce collapsed", "collapsed", None, None),
        ("On the following Monday the truce collapsed", "collapsed", None, None),
        ("The truce collapsed two years later, in 2013", "collapsed", date(2013, 1, 1), "year"),
    ],
    ids=["year-counts-from-a-year", "later-from-nothing", "following-from-nothing", "apposition-is-no-base"],
)
def test_looking_forward_needs_a_date_to_count_from(
    sentence: str, trigger: str, expected: date | None, precision: str | None
) -> None:
    found = resolve(sentence, trigger, TUESDAY)
    got = (found.date, found.precision) if found else (None, None)
    assert got == (expected, precision)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The delegations will meet again in two weeks.", date(2016, 5, 2)),
        ("The delegations will meet again in three days' time", date(2016, 4, 22)),
        ("The offensive will displace 700,000 people in one day, officials said", None),
        ("The delegations will meet again in two weeks of shuttle diplomacy", None),
    ],
    ids=["plan", "time-suffix", "one-day-is-a-span", "weeks-of"],
)
def test_in_some_weeks_is_a_date_only_for_a_plan(sentence: str, expected: date | None) -> None:
    found = resolve(sentence, "will", TUESDAY, "future")
    assert (found.date if found else None) == expected


def test_relative_expression_without_publication_date_is_unresolved() -> None:
    assert resolve("Shelling stopped on Monday", "stopped", None) is None
    assert resolve("Shelling stopped in March", "stopped", None) is None


@given(
    published=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    weekday=st.sampled_from(WEEKDAY_NAMES),
    lead=st.sampled_from(["on ", ""]),
)
def test_past_weekday_is_within_the_week_up_to_publication(published: date, weekday: str, lead: str) -> None:
    sentence = f"The mediators met both sides {lead}{weekday}"
    found = resolve(sentence, "met", published, "past")
    assert found is not None
    assert 0 <= (published - found.date).days < 7
    assert found.date.weekday() == WEEKDAY_NAMES.index(weekday)


@given(
    published=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    weekday=st.sampled_from(WEEKDAY_NAMES),
)
def test_future_weekday_is_within_the_week_from_publication(published: date, weekday: str) -> None:
    found = resolve(f"The mediators will meet both sides on {weekday}", "meet", published, "future")
    assert found is not None
    assert 0 <= (found.date - published).days < 7
    assert found.date.weekday() == WEEKDAY_NAMES.index(weekday)


# --- dateparser only as a last resort --------------------------------------------------------------


COMMON = [
    "Talks collapsed on Monday", "Talks collapsed last Friday", "Talks collapsed on April 4",
    "Talks collapsed on 4 April 2019", "Talks collapsed in January 2020", "Talks collapsed in 2018",
    "Talks collapsed yesterday", "Talks collapsed last night", "Talks collapsed last week",
    "Talks collapsed earlier this month", "Talks collapsed two days ago", "Talks collapsed a day earlier",
    "Talks collapsed the previous day", "Talks collapsed in early March", "Talks collapsed on 2019-04-04",
    "Talks collapsed over the weekend", "Talks collapsed three weeks ago", "Talks collapsed this morning",
]  # fmt: skip


def test_common_expressions_never_call_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(dates, "_dateparser_date", lambda text, *args: calls.append(text))
    for sentence in COMMON:
        assert resolve(sentence, "collapsed", LATE_APRIL) is not None, sentence
    assert calls == []


def test_dateparser_resolves_what_the_rules_find_but_do_not_know() -> None:
    dates._dateparser_date.cache_clear()
    found = resolve("Talks collapsed a fortnight ago", "collapsed", TUESDAY)
    again = resolve("Talks collapsed a fortnight ago", "collapsed", TUESDAY)
    assert found is not None and again == found
    assert (found.date, found.precision) == (date(2016, 4, 4), "week")
    assert "dateparser" in found.reason
    assert dates._dateparser_date.cache_info().hits == 1


def test_resolving_a_sentence_costs_microseconds() -> None:
    sentences = [*COMMON, "The envoy said the ceasefire was largely holding despite some violations."]
    started = time.perf_counter()
    for _ in range(100):
        for sentence in sentences:
            resolve_date(sentence, 6, LATE_APRIL, "past")
    per_sentence = (time.perf_counter() - started) / (100 * len(sentences))
    assert per_sentence < 500e-6  # about 20 µs on a laptop; dateparser takes about 1 ms a call


# --- the stage -------------------------------------------------------------------------------------


def test_stage_declares_its_contract() -> None:
    spec = ResolveDates.spec
    assert (spec.name, spec.version) == ("dates", ResolveDates.spec.version)
    assert spec.requires == {"events"} and spec.produces == {"events.date"}


def test_stage_sets_date_fields_reason_and_version() -> None:
    (event,) = dated(("Syrian talks came close to collapse on Monday.", "collapse"))
    assert (event.date, event.date_precision, event.date_basis) == (date(2016, 4, 18), "day", "text")
    assert event.date_text == "on Monday"
    assert event.reasons == ["resolved 'on Monday' against publication date 2016-04-19: 2016-04-18"]
    assert event.stages == {"dates": ResolveDates.spec.version}
    assert event.to_json()["date"] == "2016-04-18"


def test_sentence_without_date_falls_back_to_publication_date() -> None:
    (event,) = dated(("The envoy urged both sides to respect the truce.", "urged"))
    assert (event.date, event.date_precision, event.date_basis) == (TUESDAY, "day", "publication")
    assert event.date_text is None
    assert event.reasons == ["no date in the sentence; publication date"]


def test_no_publication_date_leaves_the_date_empty() -> None:
    (event,) = dated(("The envoy urged both sides to respect the truce.", "urged"), published=None)
    assert (event.date, event.date_precision, event.date_basis) == (None, None, None)


def test_explicit_date_is_kept_without_publication_date() -> None:
    (event,) = dated(("The accord was signed on April 4, 2019.", "signed"), published=None)
    assert (event.date, event.date_basis) == (date(2019, 4, 4), "text")


def test_future_date_on_an_asserted_event_makes_it_future() -> None:
    sentence = "Both leaders were invited to the Berlin talks this Sunday."
    (event,) = dated((sentence, "talks"), published=THURSDAY, tense=None)
    assert event.date == date(2020, 1, 19)
    assert event.modality == "future"
    assert "after publication" in event.reasons[-1]


def test_future_modality_resolves_a_bare_weekday_forward() -> None:
    sentence = "The parties meet in Geneva on Wednesday."
    (event,) = dated((sentence, "meet"), published=THURSDAY, modality="future", tense="present")
    assert (event.date, event.modality) == (date(2020, 1, 22), "future")


def test_future_event_without_date_is_dated_by_publication() -> None:
    (event,) = dated(("The parties plan to meet in Geneva.", "meet"), modality="future", tense="future")
    assert (event.date, event.date_basis, event.modality) == (TUESDAY, "publication", "future")


@pytest.mark.parametrize("modality", ["question", "hypothetical"])
def test_question_or_hypothetical_keeps_its_modality_and_future_date(modality: Modality) -> None:
    sentence = "Will the truce hold until talks resume next Tuesday?"
    (event,) = dated((sentence, "resume"), modality=modality, tense="future")
    assert (event.date, event.date_basis, event.modality) == (date(2016, 4, 26), "text", modality)


def test_negated_event_with_future_date_keeps_its_negation_and_publication_date() -> None:
    sentence = "Haftar will not attend the talks next Tuesday."
    (event,) = dated((sentence, "attend"), modality="negated", tense="future")
    assert event.modality == "negated"
    assert (event.date, event.date_basis) == (TUESDAY, "publication")
    assert "negated" in event.reasons[-1]


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected", "precision"),
    [
        ("He was accused of attempting in 2018 to export oil.", "export", date(2018, 1, 1), "year"),
        ("The first truce was signed on April 4, 2017.", "signed", date(2017, 4, 4), "day"),
    ],
    ids=["earlier-year", "over-a-year-before"],
)
def test_clearly_historical_date_makes_an_asserted_event_historical(
    sentence: str, trigger: str, expected: date, precision: str
) -> None:
    (event,) = dated((sentence, trigger), published=LATE_APRIL)
    assert (event.date, event.date_precision, event.modality) == (expected, precision, "historical")


def test_recent_date_keeps_an_asserted_event_asserted() -> None:
    (event,) = dated(("The truce was signed in January 2019.", "signed"), published=LATE_APRIL)
    assert (event.date, event.modality) == (date(2019, 1, 1), "asserted")


def test_comment_resolves_against_its_own_timestamp() -> None:
    sentence, posted = "The truce collapsed yesterday.", datetime(2016, 4, 22, 8, 30)
    (event,) = dated((sentence, "collapsed"), kind="comment", published=TUESDAY, published_at=posted)
    assert event.date == date(2016, 4, 21)


def test_next_day_counts_from_the_last_dated_event() -> None:
    first, second = dated(
        ("Rebels shelled the town on April 4, 2016.", "shelled"),
        ("The next day, the envoy called for calm.", "called"),
    )
    assert first.date == date(2016, 4, 4)
    assert (second.date, second.date_text) == (date(2016, 4, 5), "The next day")


def test_trigger_outside_its_sentence_still_gets_a_date() -> None:
    doc = document(("Talks resumed on Monday.", "resumed"))
    doc.events[0].trigger = Span("x", 0, 1)  # an inconsistent upstream offset must not break the stage
    (event,) = ResolveDates()(doc).events
    assert event.date == date(2016, 4, 18)


def test_events_published_every_day_of_a_week_resolve_the_same_monday() -> None:
    for offset in range(7):
        published = date(2016, 4, 18) + timedelta(days=offset)
        (event,) = dated(("Talks resumed on Monday.", "resumed"), published=published)
        assert event.date == date(2016, 4, 18)


def test_a_date_in_a_clause_on_another_noun_does_not_date_the_event(code: Any) -> None:
    """ "the strips occupied since 1994": the year dates the occupying, not the shelling."""
    text = "Troops shelled villages in the strips occupied by the militia since 1994."
    doc = Document(id="d", text=text, published=TUESDAY)
    doc.events = [e for e in code(text) if e.trigger.text == "shelled"]
    (event,) = ResolveDates()(doc).events
    assert event.date == TUESDAY and event.date_basis == "publication"


def test_resolve_date_skips_expressions_in_foreign_spans() -> None:
    sentence = "Troops shelled villages in the strips occupied since 1994 on Monday"
    start = sentence.index("occupied")
    found = resolve_date(sentence, 7, TUESDAY, "past", foreign=[(start, start + len("occupied since 1994"))])
    assert found is not None and found.date == date(2016, 4, 18)
