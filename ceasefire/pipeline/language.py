"""Language: keep English documents, reject the rest as values (py3langid, normalised probabilities).

A document is kept as English when py3langid says so for the whole text (a mostly English text
quoting a French statement is English to it), when it is too short to judge (fewer than
``min_letters`` letters: "Merci !" under a post is not evidence of anything), or when the guess is
unsure (below ``min_confidence``: a list of place names reads as Estonian at 0.07). Otherwise it is
``Rejected(reason="wrong_language", detail="detected fr (probability 0.99)")`` with
``doc.language`` set to what was detected; an empty text is ``Rejected(reason="empty")``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from py3langid import langid

from ceasefire.models import Document, Rejected
from ceasefire.pipeline.stage import Outcome, StageSpec

EXPECTED = "en"
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.8


@cache
def _identifier() -> Any:
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


#: how much text is enough to tell the language (py3langid's cost grows with length)
SAMPLE_CHARS = 3000


def identify(text: str) -> tuple[str, float]:
    """py3langid's language code and normalised probability for ``text`` (its first few thousand
    characters, cut at a space: enough to tell a language, at a fixed cost)."""
    if len(text) > SAMPLE_CHARS:
        cut = text.rfind(" ", 0, SAMPLE_CHARS)
        text = text[: cut if cut > 0 else SAMPLE_CHARS]
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


class Language:
    """Set ``doc.language = "en"``, or reject an empty or non-English document."""

    spec = StageSpec.of("language", 1, requires={"clean_text"}, produces={"language"})

    def __init__(self, *, min_letters: int = MIN_LETTERS, min_confidence: float = MIN_CONFIDENCE) -> None:
        self.min_letters = min_letters
        self.min_confidence = min_confidence

    def __call__(self, doc: Document) -> Outcome:
        if not doc.text.strip():
            return Rejected(doc.id, "language", "empty", "no text left after cleaning", doc.source, doc)
        count = letters(doc.text)
        if count < self.min_letters:
            doc.language = EXPECTED
            doc.notes.append(f"language: {count} letters, too short to judge; kept as English")
            return doc
        lang, prob = identify(doc.text)
        if lang == EXPECTED:
            doc.language = EXPECTED
            return doc
        if prob < self.min_confidence:
            doc.language = EXPECTED
            doc.notes.append(f"language: unsure ({lang} {prob:.2f}); kept as English")
            return doc
        doc.language = lang
        detail = f"detected {lang} (probability {prob:.2f})"
        return Rejected(doc.id, "language", "wrong_language", detail, doc.source, doc)
