"""Bytes to text: the size limit, binary sniffing and the encodings a source may come in.

Order of trust: a UTF-8 or UTF-16 byte-order mark, a charset the server declared, UTF-8, and last
Windows-1252 (only when it decodes cleanly and the result reads like text). Anything else is an
``UndecodableInput``; NUL bytes or many control characters in the first few KB are a ``BinaryInput``.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

from ceasefire.errors import BinaryInput, InputTooLarge, UndecodableInput
from ceasefire.settings import Settings

SNIFF_BYTES = 8192
#: share of control characters (other than tab, newline, carriage return, form feed) that marks binary
CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def too_large(source: str, size: int, settings: Settings) -> InputTooLarge:
    return InputTooLarge(
        source, f"{size} bytes is over the {settings.max_input_bytes}-byte limit (CEASEFIRE_MAX_INPUT_BYTES)"
    )


def check_size(source: str, size: int, settings: Settings) -> None:
    """Raise ``InputTooLarge`` when ``size`` is over the configured limit."""
    if size > settings.max_input_bytes:
        raise too_large(source, size, settings)


def read_capped(stream: BinaryIO, source: str, settings: Settings) -> bytes:
    """Read a stream, never holding more than one byte over the limit."""
    data = stream.read(settings.max_input_bytes + 1)
    if len(data) > settings.max_input_bytes:
        raise InputTooLarge(
            source, f"more than {settings.max_input_bytes} bytes, over the limit (CEASEFIRE_MAX_INPUT_BYTES)"
        )
    return data


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than ``CONTROL_SHARE`` control characters, in the first ``SNIFF_BYTES``."""
    sample = data[:SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if (byte < 32 and byte not in _TEXT_CONTROLS) or byte == 127)
    return controls / len(sample) > CONTROL_SHARE


def decode(data: bytes, source: str, *, charset: str | None = None) -> str:
    """Text of ``data``; raises ``BinaryInput`` or ``UndecodableInput`` naming ``source``."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", source)
        if looks_binary(text[:SNIFF_BYTES].encode("utf-8")):
            raise BinaryInput(source, "binary content in a UTF-16 file, not text, HTML or JSON")
        return text
    if looks_binary(data):
        raise BinaryInput(source, "binary content (NUL or control bytes), not text, HTML or JSON")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to what the bytes say
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and _reads_like_text(text):
            return text
        raise UndecodableInput(
            source,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}), UTF-16 or Windows-1252 text; "
            "convert it to UTF-8",
        ) from exc


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableInput(
            source, f"invalid {encoding} at offset {exc.start}; convert it to UTF-8"
        ) from exc


def _reads_like_text(text: str) -> bool:
    """Windows-1252 output that is mostly ASCII letters and prose punctuation, not mojibake."""
    if not text:
        return False
    high = sum(1 for ch in text if ord(ch) > 127)
    odd = sum(1 for ch in text if not (ch.isprintable() or ch in "\n\r\t"))
    return high / len(text) <= 0.1 and odd == 0
