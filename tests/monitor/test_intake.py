"""Intake parsers: CSV uploads, e-mail (single messages and mbox files) and SMS gateway posts."""

from __future__ import annotations

import hashlib
import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from ceasefire.errors import InputTooLarge, MalformedInput
from ceasefire.monitor.intake import RowError
from ceasefire.monitor.intake_csv import reports_from_csv
from ceasefire.monitor.intake_email import report_from_email, reports_from_mailbox
from ceasefire.monitor.intake_sms import report_from_sms
from ceasefire.monitor.schemas import ReportIn

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01crater photo bytes\xff\xd9"
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()

HEADER = "client_id,occurred_at,lat,lon,place,country,source_type,text,event_type,weapons,alleged_responsible,reporter_name,reporter_contact,attachments"
ROW_SHELLING = (
    "r-001,2025-03-01T14:00Z,,,Kafr Nabl,sy,monitor,"
    '"Shelling hit the market, two houses damaged",ASSAULT,mortar; Artillery,SAA,Team 4,+963 555 0101,'
    f"{PHOTO_SHA}"
)
ROW_CHECKPOINT = "r-002,2025-03-02 09:30,35.57,36.56,,,public,Checkpoint closed the road north,,,,,,"


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode() + b"\r\n"


def only_reports(results: list[ReportIn | RowError]) -> list[ReportIn]:
    assert all(isinstance(r, ReportIn) for r in results), results
    return [r for r in results if isinstance(r, ReportIn)]


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_with_bom_gives_one_report_a_row_with_weapons_split() -> None:
    first, second = only_reports(reports_from_csv(csv_bytes(HEADER, ROW_SHELLING, ROW_CHECKPOINT, bom=True)))

    assert first.client_id == "r-001"
    assert first.occurred_at == datetime(2025, 3, 1, 14, 0, tzinfo=UTC)
    assert first.location.place == "Kafr Nabl"
    assert first.location.country == "SY"
    assert first.source_type == "monitor"
    assert first.text == "Shelling hit the market, two houses damaged"
    assert first.event_type == "ASSAULT"
    assert first.weapons == ["mortar", "artillery"]
    assert first.alleged_responsible == "SAA"
    assert first.reporter is not None
    assert (first.reporter.name, first.reporter.contact) == ("Team 4", "+963 555 0101")
    assert first.attachments == [PHOTO_SHA]

    assert second.occurred_at == datetime(2025, 3, 2, 9, 30, tzinfo=UTC)
    assert (second.location.lat, second.location.lon, second.location.place) == (35.57, 36.56, None)
    assert second.weapons == []
    assert second.reporter is None


def test_csv_header_is_case_insensitive_and_ignores_surrounding_spaces() -> None:
    data = csv_bytes(" Occurred_At , PLACE ,Source_Type, Text ", "2025-03-01,Idlib,media,Airstrike reported")

    (report,) = only_reports(reports_from_csv(data))

    assert report.location.place == "Idlib"
    assert report.source_type == "media"


def test_csv_row_with_bad_latitude_becomes_row_error_naming_lat() -> None:
    bad = "r-bad,2025-03-01,91.5,36.5,,,monitor,Convoy fired on,,,,,,"
    results = reports_from_csv(csv_bytes(HEADER, ROW_SHELLING, bad, ROW_CHECKPOINT))

    assert [type(r).__name__ for r in results] == ["ReportIn", "RowError", "ReportIn"]
    error = results[1]
    assert isinstance(error, RowError)
    assert (error.row, error.client_id) == (2, "r-bad")
    assert any(line.startswith("location.lat:") for line in error.errors), error.errors


def test_csv_row_with_several_bad_fields_lists_each_one() -> None:
    bad = "r-bad,last tuesday,,,Kafr Nabl,,rumour,Shots heard,FIGHT,,,,,"

    (error,) = reports_from_csv(csv_bytes(HEADER, bad))

    assert isinstance(error, RowError)
    fields = sorted(line.split(":", 1)[0] for line in error.errors)
    assert fields == ["event_type", "occurred_at", "source_type"]


def test_csv_row_with_neither_point_nor_place_becomes_row_error_naming_location() -> None:
    (error,) = reports_from_csv(csv_bytes(HEADER, "r-x,2025-03-01,,,,,monitor,Shots heard,,,,,,"))

    assert isinstance(error, RowError)
    assert error.errors[0].startswith("location:")


@pytest.mark.parametrize(
    ("header", "named"),
    [
        pytest.param("occurred_at,place,source_type", "'text'", id="text"),
        pytest.param("occurred_at,lat,source_type,text", "'lon'", id="lon-without-place"),
        pytest.param("place,source_type,text", "'occurred_at'", id="occurred_at"),
    ],
)
def test_csv_missing_required_column_is_malformed_naming_it(header: str, named: str) -> None:
    with pytest.raises(MalformedInput, match="missing required column") as caught:
        reports_from_csv(csv_bytes(header, "a,b,c,d"))
    assert named in caught.value.problem


def test_csv_unknown_column_is_malformed_naming_it() -> None:
    data = csv_bytes("occurred_at,place,source_type,text,casualties", "2025-03-01,Idlib,monitor,Strike,3")

    with pytest.raises(MalformedInput, match="unknown column 'casualties'"):
        reports_from_csv(data)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes", id="binary"),
        pytest.param("occurred_at,place,source_type,text\n2025-03-01,Alep (Halab) – marché,monitor,x\n".encode("cp1252"),
                     "not UTF-8", id="cp1252"),
        pytest.param(b"", "no header row", id="empty"),
    ],
)  # fmt: skip
def test_csv_that_is_not_utf8_text_is_malformed_naming_the_problem(data: bytes, problem: str) -> None:
    with pytest.raises(MalformedInput, match=problem):
        reports_from_csv(data)


def test_csv_with_more_rows_than_allowed_is_too_large() -> None:
    rows = [f"2025-03-0{day},Idlib,public,Report {day}" for day in (1, 2, 3)]
    data = csv_bytes("occurred_at,place,source_type,text", *rows)

    assert len(reports_from_csv(data, max_rows=3)) == 3
    with pytest.raises(InputTooLarge, match="more than 2 rows"):
        reports_from_csv(data, max_rows=2)


def test_csv_blank_rows_are_skipped_but_counted_in_row_numbers() -> None:
    data = csv_bytes(
        "occurred_at,place,source_type,text", "2025-03-01,Idlib,public,ok", ",,,", "bad,Idlib,public,x"
    )

    results = reports_from_csv(data)

    assert len(results) == 2
    assert isinstance(results[1], RowError)
    assert results[1].row == 3


def test_csv_rows_without_client_id_are_the_same_reports_across_uploads_and_column_orders() -> None:
    """No id is derived from a row's cells (they hold the reporter): the intake's keyed content hash
    finds a row uploaded again, so the same row, in any column order, must parse to the same report."""
    data = csv_bytes(
        "occurred_at,place,source_type,text,reporter_name",
        "2025-03-01,Idlib,public,Strike A,Amal",
        "2025-03-01,Idlib,public,Strike B,Amal",
    )
    reordered = csv_bytes(
        "reporter_name,text,source_type,place,occurred_at", "Amal,Strike A,public,Idlib,2025-03-01"
    )

    first = only_reports(reports_from_csv(data))
    again = only_reports(reports_from_csv(data))
    moved = only_reports(reports_from_csv(reordered))

    assert [r.client_id for r in first] == [None, None]
    assert first == again
    assert moved[0] == first[0] and first[0] != first[1]


# --- e-mail -------------------------------------------------------------------------------------


def field_email(
    body: str, *, message_id: str | None = "<r-17@monitors.example>", date: str | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Amal Haddad <amal@monitors.example>"
    message["To"] = "reports@ceasefire.example"
    message["Subject"] = "Incident report"
    if message_id:
        message["Message-ID"] = message_id
    if date:
        message["Date"] = date
    message.set_content(body)
    return message


REPORT_BODY = """Team 4 report.

When: 2025-03-01 14:00
Where: Kafr Nabl
Type: assault
Weapons: mortar, artillery
Responsible: SAA
Source: monitor

Six mortar rounds landed near the market; two houses damaged.
"""


def test_email_key_lines_fill_the_report_and_stay_in_the_text() -> None:
    raw = field_email(REPORT_BODY, date="Sun, 02 Mar 2025 08:00:00 +0000").as_bytes()

    report = report_from_email(raw, now=NOW)

    assert report.client_id == "r-17@monitors.example"
    assert report.occurred_at == datetime(2025, 3, 1, 14, 0, tzinfo=UTC)
    assert report.location.place == "Kafr Nabl"
    assert report.event_type == "ASSAULT"
    assert report.weapons == ["mortar", "artillery"]
    assert report.alleged_responsible == "SAA"
    assert report.source_type == "monitor"
    assert "Where: Kafr Nabl" in report.text
    assert report.reporter is not None
    assert (report.reporter.name, report.reporter.contact) == ("Amal Haddad", "amal@monitors.example")


def test_email_without_when_line_takes_the_date_header() -> None:
    raw = field_email("where: Idlib\nAirstrike at dawn.", date="Sun, 02 Mar 2025 08:00:00 +0200").as_bytes()

    report = report_from_email(raw, now=NOW, default_source_type="media")

    assert report.occurred_at == datetime(2025, 3, 2, 6, 0, tzinfo=UTC)
    assert report.source_type == "media"


def test_email_without_when_or_date_takes_now() -> None:
    report = report_from_email(field_email("Place: Idlib\nAirstrike.").as_bytes(), now=NOW)

    assert report.occurred_at == NOW


@pytest.mark.parametrize(
    ("body", "point"),
    [
        pytest.param("Lat: 36.21\nLon: 37.13\nShelling.", (36.21, 37.13), id="lat-lon"),
        pytest.param("Location: 36.2, 37.1\nShelling.", (36.2, 37.1), id="location-pair"),
    ],
)
def test_email_coordinates_come_from_lat_lon_or_location_lines(body: str, point: tuple[float, float]) -> None:
    report = report_from_email(field_email(body).as_bytes(), now=NOW)

    assert (report.location.lat, report.location.lon) == point


def test_email_attachment_is_recorded_as_the_sha256_of_its_bytes() -> None:
    message = field_email("Where: Kafr Nabl\nPhoto of the crater attached.")
    message.add_attachment(PHOTO, maintype="image", subtype="jpeg", filename="crater.jpg")

    report = report_from_email(message.as_bytes(), now=NOW)

    assert report.attachments == [hashlib.sha256(PHOTO).hexdigest()]
    assert report.text == "Where: Kafr Nabl\nPhoto of the crater attached."


def test_email_with_only_an_html_body_is_reduced_to_text() -> None:
    message = field_email("")
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Shelling near the <b>school</b>.</p><p>Where: Kafr&nbsp;Nabl</p></body></html>",
        subtype="html",
    )

    report = report_from_email(message.as_bytes(), now=NOW)

    assert report.text == "Shelling near the school.\nWhere: Kafr Nabl"
    assert report.location.place == "Kafr Nabl"


def test_email_key_lines_count_only_at_the_start_of_a_line() -> None:
    raw = field_email("We were told Where: Idlib by a driver.\nNothing else.").as_bytes()

    with pytest.raises(MalformedInput, match="location"):
        report_from_email(raw, now=NOW)


def test_email_without_a_location_is_malformed_naming_the_message() -> None:
    with pytest.raises(MalformedInput, match="location") as caught:
        report_from_email(field_email("Heavy shelling all night.").as_bytes(), now=NOW)

    assert "r-17@monitors.example" in caught.value.source


@pytest.mark.parametrize(
    ("body", "date", "field"),
    [
        pytest.param("When: yesterday evening\nWhere: Idlib", None, "When", id="when-line"),
        pytest.param("Where: Idlib", "the day before", "Date", id="date-header"),
    ],
)
def test_email_with_a_bad_date_is_malformed_naming_the_field(body: str, date: str | None, field: str) -> None:
    with pytest.raises(MalformedInput, match=f"{field}:"):
        report_from_email(field_email(body, date=date).as_bytes(), now=NOW)


def test_email_with_a_bad_field_value_is_malformed_naming_it() -> None:
    with pytest.raises(MalformedInput, match="source_type"):
        report_from_email(field_email("Where: Idlib\nSource: rumour").as_bytes(), now=NOW)


def test_email_without_message_id_has_no_id_derived_from_its_bytes() -> None:
    """The raw bytes hold the sender: the intake's keyed content hash finds a resent message instead."""
    raw = field_email("Where: Idlib\nStrike.", message_id=None).as_bytes()

    report = report_from_email(raw, now=NOW)

    assert report.client_id is None
    assert report_from_email(raw, now=NOW) == report


def test_email_over_10_mb_is_too_large() -> None:
    message = field_email("Where: Idlib\nVideo attached.")
    message.add_attachment(b"\x00" * (8 * 1024 * 1024), maintype="video", subtype="mp4", filename="v.mp4")

    with pytest.raises(InputTooLarge):
        report_from_email(message.as_bytes(), now=NOW)


def test_mailbox_gives_a_report_or_a_row_error_per_message(tmp_path: Path) -> None:
    path = tmp_path / "reports.mbox"
    box = mailbox.mbox(path)
    box.add(field_email(REPORT_BODY, message_id="<a@monitors.example>"))
    box.add(field_email("Heavy shelling all night.", message_id="<b@monitors.example>"))
    box.flush()
    box.close()

    good, bad = reports_from_mailbox(path, now=NOW)

    assert isinstance(good, ReportIn)
    assert good.client_id == "a@monitors.example"
    assert isinstance(bad, RowError)
    assert (bad.row, bad.client_id) == (2, "b@monitors.example")
    assert bad.errors[0].startswith("location:")


# --- SMS ----------------------------------------------------------------------------------------


def sms(body: str | None, *, sid: str | None = "SM8f2c1e") -> dict[str, str]:
    form = {"From": "+963955000111", "To": "+15005550006", "NumMedia": "1", "MediaUrl0": "https://x/1.jpg"}
    if sid is not None:
        form["MessageSid"] = sid
    if body is not None:
        form["Body"] = body
    return form


def test_sms_example_body_gives_place_type_responsible_and_source() -> None:
    body = "Shelling @ Kafr Nabl #type ASSAULT #by SAA #src monitor"

    report = report_from_sms(sms(body), now=NOW)

    assert report.client_id == "sms-SM8f2c1e"
    assert report.location.place == "Kafr Nabl"
    assert report.event_type == "ASSAULT"
    assert report.alleged_responsible == "SAA"
    assert report.source_type == "monitor"
    assert report.text == body
    assert report.occurred_at == NOW
    assert report.reporter is not None
    assert report.reporter.name == report.reporter.contact == "+963955000111"
    assert report.attachments == []


def test_sms_with_coordinates_and_when_in_any_order() -> None:
    report = report_from_sms(sms("#when 2025-03-01T14:00Z mortar impact near school #36.21,37.13"), now=NOW)

    assert (report.location.lat, report.location.lon) == (36.21, 37.13)
    assert report.occurred_at == datetime(2025, 3, 1, 14, 0, tzinfo=UTC)
    assert report.source_type == "public"
    assert report.event_type is None


def test_sms_leading_plover_word_is_the_event_type() -> None:
    report = report_from_sms(sms("assault AT: Maarat al-Numan #BY unknown gunmen"), now=NOW)

    assert report.event_type == "ASSAULT"
    assert report.location.place == "Maarat al-Numan"
    assert report.alleged_responsible == "unknown gunmen"


def test_sms_without_message_sid_is_malformed_naming_it() -> None:
    with pytest.raises(MalformedInput, match="MessageSid"):
        report_from_sms(sms("Shelling @ Idlib", sid=None), now=NOW)


def test_sms_without_body_is_malformed_naming_it() -> None:
    with pytest.raises(MalformedInput, match="Body"):
        report_from_sms(sms(None), now=NOW)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("Shelling all night #type ASSAULT", id="no-marker"),
        pytest.param("Call me at monitor@ngo.example", id="email-address-is-not-a-place"),
    ],
)
def test_sms_without_a_location_is_malformed(body: str) -> None:
    with pytest.raises(MalformedInput, match="location") as caught:
        report_from_sms(sms(body), now=NOW)

    assert caught.value.source == "SMS SM8f2c1e"


def test_sms_with_a_bad_when_is_malformed_naming_it() -> None:
    with pytest.raises(MalformedInput, match="#when"):
        report_from_sms(sms("Shelling @ Idlib #when yesterday"), now=NOW)
