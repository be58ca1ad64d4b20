"""Who did what to whom: span F1 of source and target actors on token-tagged sentences (B/I-S, B/I-T).

Each sentence is detokenized and parsed; its main event (the main verb, or the trigger nearest the
root when the main verb only reports or carries its event in its object) gives the source (the doer)
and the target (the one acted on) as full noun phrases, one span per conjunct, which must match the
gold spans exactly (or, for the overlap scores, share a token). As in CAMEO coding, an event with no
one acted on takes the place it happened in as its target ("declared a ceasefire in Tripoli"), with
its bearing ("northern Syria"); coordinated doers acting on no party, and the parties to a meeting, are
joint actors, scored as neither; a request, offer or call is spanned with its author ("a request from
the Times"). A passive main verb with no doer gives way to the act of its adverbial clause.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ceasefire.eval import gold
from ceasefire.eval.metrics import prf, set_prf
from ceasefire.eval.report import Report
from ceasefire.knowledge.lexicon import Cue
from ceasefire.pipeline.arguments import CARRIER_NOUNS, agentive, phrase, place_mentions, subject_of
from ceasefire.pipeline.events import SPEECH_VERBS, depth, participants
from ceasefire.pipeline.parse import load_model
from ceasefire.pipeline.triggers import Candidate, find_candidates

Span = tuple[int, int]  # token indices, end exclusive


def gold_spans(tags: list[str], role: str) -> set[Span]:
    spans: set[Span] = set()
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != f"I-{role}":
            spans.add((start, i))
            start = None
        if tag == f"B-{role}":
            start = i
    return spans


_GLUE_BEFORE = frozenset([",", ".", ";", ":", ")", "?", "!", "%", "'s", "’s", "n't"])


def detokenize(tokens: list[str]) -> tuple[str, list[int]]:
    """Text a parser reads naturally, and each token's start: "Japan ’ s" -> "Japan’s", "U . S" -> "U.S"."""
    text, starts = "", []
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        glue = (
            token in _GLUE_BEFORE
            or before in {"(", "$", "€", "£"}
            or _in_number(tokens, i)
            or (token in {"'", "’"} and tokens[i + 1 : i + 2] == ["s"])
            or (token == "s" and before in {"'", "’"})
            or (len(token) == 1 and token.isupper() and before == "." and i > 1 and _initial(tokens[i - 2]))
        )
        if i and not glue:
            text += " "
        starts.append(len(text))
        text += token
    return text, starts


def _in_number(tokens: list[str], i: int) -> bool:
    """``tokens[i]`` continues a number split at its separator: "1 , 086" -> "1,086", "3 . 5" -> "3.5"."""
    if not 0 < i < len(tokens):
        return False
    if tokens[i] in {",", "."}:
        return _in_number(tokens, i + 1) if i + 1 < len(tokens) else False
    before, sep = tokens[i - 2] if i > 1 else "", tokens[i - 1]
    if not (before.isdigit() and tokens[i].isdigit()):
        return False
    return (sep == "." and len(before) <= 3) or (sep == "," and len(before) <= 3 and len(tokens[i]) == 3)


def main_event(doc: Any, candidates: list[Candidate]) -> Candidate | None:
    """The event a CAMEO coder reads: the sentence's main verb, whatever its meaning, unless it only
    reports (said, announced) or carries its event in its object ("launched an offensive"); otherwise
    the trigger nearest the root."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root.pos_ in {"VERB", "AUX"} and not any(c.token.i == root.i for c in candidates):
        reports = root.lemma_.lower() in SPEECH_VERBS or subject_of(root)[0] is None
        if not candidates or not (
            reports or any(c.token.dep_ == "dobj" and c.token.head.i == root.i for c in candidates)
        ):
            reported = next(
                (c for c in root.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}), None
            )
            if not candidates and reported is not None and root.lemma_.lower() in SPEECH_VERBS:
                return Candidate(reported, Cue("OTHER"))  # "the agency said it is skeptical of ..."
            return Candidate(root, Cue("OTHER"))
    main = min(candidates, key=lambda c: (depth(c.token), c.token.i)) if candidates else None
    return _acted_in_clause(main, candidates) if main is not None else None


def _acted_in_clause(main: Candidate, candidates: list[Candidate]) -> Candidate:
    """For a passive main event with no one named as doing it, the act of its adverbial clause: "23
    civilians were killed as forces launched strikes against X" is coded on the strikes."""
    verb = main.token
    if verb.pos_ not in {"VERB", "AUX"} or subject_of(verb) != (None, True):
        return main
    for clause in (c for c in verb.children if c.dep_ == "advcl" and c.pos_ in {"VERB", "AUX"}):
        if any(c.dep_ == "nsubj" for c in clause.children):
            inner = [
                c
                for c in candidates
                if c.token.i == clause.i or (c.token.dep_ == "dobj" and c.token.head.i == clause.i)
            ]
            return inner[0] if inner else Candidate(clause, Cue("OTHER"))
    return main


_SPEAKER_PRONOUNS = frozenset(["it", "he", "she", "they", "we"])
_OBJECT_PRONOUNS = [["him"], ["her"], ["them"], ["it"]]


def _initial(token: str) -> bool:
    return len(token) == 1 and token.isupper()


def predict(nlp: Any, tokens: list[str]) -> tuple[set[Span], set[Span]]:
    text, starts = detokenize(tokens)
    doc = nlp(text)
    main = main_event(doc, find_candidates(doc))
    if main is None:
        return set(), set()
    actors, recipients = participants(main, main.cue.event, agents_only=False)
    if len(actors) == 1 and actors[0].lower_ in _SPEAKER_PRONOUNS and main.token.dep_ == "ccomp":
        speaker = subject_of(main.token.head)[0] if main.token.head.lemma_.lower() in SPEECH_VERBS else None
        actors = [speaker] if speaker is not None else actors  # "the agency said it would ...": the agency

    if [r.lower_ for r in recipients] in _OBJECT_PRONOUNS and main.token.dep_ == "advcl":
        undergoer = [c for c in main.token.head.children if c.dep_ == "nsubjpass"]
        recipients = undergoer or recipients  # "Ajak was released after Kiir pardoned him": Ajak

    def to_tokens(span: tuple[int, int]) -> Span | None:
        start, end = span
        first = next((i for i, s in enumerate(starts) if s >= start), None)
        last = next((i for i, s in reversed(list(enumerate(starts))) if s < end), None)
        return (first, last + 1) if first is not None and last is not None and first <= last else None

    sources = {s for t in actors for s in [to_tokens(phrase(t, full=True))] if s}
    targets = {s for t in recipients for s in [to_tokens(_carried_span(t))] if s}
    if main.cue.event == "CONSULT":
        return set(), set()  # "May met Merkel", "held talks with Tusk": a meeting's parties are joint (R)
    if len(actors) >= 2 and all(agentive(r, target=True) is None for r in recipients):
        # "Canada and Mexico agreed (on a trade deal)": joint actors (R), neither source nor target
        return set(), set()
    if not targets:
        places = place_mentions(main.token, [phrase(t) for t in actors])
        targets = {_with_bearing(tokens, s) for s in [to_tokens(places[0])] if s} if places else set()
    return sources, targets


#: words that place a region within a named place; a place span takes them in ("northern Syria")
_BEARINGS = frozenset(
    w + suffix
    for w in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central")
    for suffix in ("", "ern")
) - {"centralern"}


def _with_bearing(tokens: list[str], span: Span) -> Span:
    """``span`` widened leftwards over a bearing: "Syria" -> "northern Syria", "north - eastern Syria"."""
    start = span[0]
    while start > 0 and tokens[start - 1].lower() in _BEARINGS:
        start -= 1
        if start > 1 and tokens[start - 1] == "-" and tokens[start - 2].lower() in _BEARINGS:
            start -= 2
    return start, span[1]


#: what a party asks or offers; a span names it with its author (a demand or charge names its author only)
_ASKED = CARRIER_NOUNS - {"demand"}


def _carried_span(token: Any) -> tuple[int, int]:
    """The full span of a party, or of the request, offer or call it makes when the party is named
    only as its author: CAMEO spans keep "a request from the Times", "the call of the Parliament"."""
    start, end = phrase(token, full=True)
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ in {"from", "by", "of"} and prep.head.lemma_.lower() in _ASKED:
        return min(start, phrase(prep.head, full=True)[0]), end
    return start, end


def overlap_prf(gold_set: set[Span], predicted: set[Span]) -> tuple[int, int, int]:
    """(tp, fp, fn) where a prediction matches an unmatched gold span it shares a token with."""
    unmatched = set(gold_set)
    tp = 0
    for start, end in sorted(predicted):
        hit = next((g for g in sorted(unmatched) if g[0] < end and start < g[1]), None)
        if hit is not None:
            unmatched.discard(hit)
            tp += 1
    return tp, len(predicted) - tp, len(gold_set) - tp


def evaluate(path: Path, _pipeline: Any = None) -> Report:
    sentences = gold.conll(path)
    nlp = load_model()
    exact = {"S": [0, 0, 0], "T": [0, 0, 0]}
    overlap = {"S": [0, 0, 0], "T": [0, 0, 0]}
    for sentence in sentences:
        sources, targets = predict(nlp, sentence.tokens)
        for role, predicted in (("S", sources), ("T", targets)):
            expected = gold_spans(sentence.tags, role)
            for counts, scorer in ((exact, set_prf), (overlap, overlap_prf)):
                for n, value in enumerate(scorer(expected, predicted)):
                    counts[role][n] += value
    source, target = prf(*exact["S"]), prf(*exact["T"])
    source_overlap, target_overlap = prf(*overlap["S"]), prf(*overlap["T"])
    return Report(
        name="cameo-ner",
        path=str(path),
        items=len(sentences),
        scores={
            "source_f1": source.f1,
            "target_f1": target.f1,
            "source_overlap_f1": source_overlap.f1,
            "target_overlap_f1": target_overlap.f1,
        },
        details={"source": source.to_json(), "target": target.to_json(),
                 "source_overlap": source_overlap.to_json(), "target_overlap": target_overlap.to_json()},
        notes=["*_f1: exact span match; *_overlap_f1: a predicted span sharing a token with a gold span",
               "an event with no recipient takes its place as target, as CAMEO codes it",
               "joint (R) spans are not scored"],
    )  # fmt: skip
