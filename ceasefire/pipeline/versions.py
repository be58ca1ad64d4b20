"""Stage versions that move with the code: each stage's fingerprint, recorded beside its version.

A stage's version (``StageSpec.version``) must move whenever the same input can give a different
output (STYLE.md 11), or a stored event cannot say which rules coded it. A stage's behaviour is its
own module, the modules it imports from the project (rules, tables, resources, transitively) and
the data files those read (the actor catalogue, the project place list). ``fingerprint`` hashes
their code (comments, docstrings and blank lines left out, so prose edits need no bump) and data;
``versions.json`` beside this module records, for every stage, the version and the fingerprint it
was recorded with. ``tests/pipeline/test_versions.py`` fails when a fingerprint changed and the
version did not.

After a deliberate change: bump the stage's version in its ``StageSpec``, then refresh the file::

    python -m ceasefire.pipeline.versions --refresh

``--refresh`` refuses to record a changed fingerprint under an unchanged version. A change that
cannot alter any output (a rename, a refactor, a faster path to the same result) is recorded under
the same version only when named: ``--refresh --same-output dedupe``. With no flag the command
prints each stage's state and exits non-zero when one needs a bump.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import io
import json
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

from ceasefire.pipeline.acled import AcledTypes
from ceasefire.pipeline.actors import ResolveActors
from ceasefire.pipeline.clean import Clean
from ceasefire.pipeline.dates import ResolveDates
from ceasefire.pipeline.dedupe import Dedupe
from ceasefire.pipeline.events import ExtractEvents
from ceasefire.pipeline.language import Language
from ceasefire.pipeline.parse import Parse
from ceasefire.pipeline.places import Geocode
from ceasefire.pipeline.scoring import Score
from ceasefire.pipeline.stage import StageSpec
from ceasefire.pipeline.threads import Threads

#: every built-in stage class, in pipeline order (``build.py`` builds them; a test checks they agree)
STAGES: tuple[type, ...] = (
    Threads, Clean, Language, Dedupe, Parse, ExtractEvents, Geocode, ResolveActors, ResolveDates,
    AcledTypes, Score,
)  # fmt: skip
RECORD = Path(__file__).with_name("versions.json")
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
#: modules that define the contract or plain data, not a stage's rules: a change there is no bump
CONTRACT = frozenset(
    {"ceasefire.pipeline.stage", "ceasefire.models", "ceasefire.errors", "ceasefire.settings"}
)
#: data files a module reads, relative to the package
DATA = {
    "ceasefire.knowledge.catalogue": ("data/actors/*.yaml",),
    "ceasefire.knowledge.gazetteer_index": ("data/places.tsv",),
}


@dataclass(frozen=True, slots=True)
class StageState:
    """One stage: its version now and as recorded, its fingerprint now and as recorded."""

    name: str
    version: int
    fingerprint: str
    recorded_version: int | None
    recorded_fingerprint: str | None

    @property
    def needs_bump(self) -> bool:
        """The code changed and the version did not."""
        return self.fingerprint != self.recorded_fingerprint and self.version == self.recorded_version

    @property
    def current(self) -> bool:
        return self.fingerprint == self.recorded_fingerprint and self.version == self.recorded_version

    def describe(self) -> str:
        if self.recorded_version is None:
            return f"{self.name}: not recorded (version {self.version})"
        if self.current:
            return f"{self.name}: version {self.version}, up to date"
        if self.needs_bump:
            return (f"{self.name}: its code changed since version {self.version} was recorded; bump "
                    f"its StageSpec version, then run `python -m ceasefire.pipeline.versions --refresh`")  # fmt: skip
        if self.fingerprint == self.recorded_fingerprint:
            return (f"{self.name}: version {self.recorded_version} -> {self.version} with unchanged code; "
                    f"refresh the record")  # fmt: skip
        return f"{self.name}: version {self.recorded_version} -> {self.version}; refresh the record"


def spec_of(stage: type) -> StageSpec:
    spec = getattr(stage, "spec", None)
    if not isinstance(spec, StageSpec):
        raise TypeError(f"{stage.__name__} has no StageSpec")
    return spec


def modules_of(stage: type) -> list[str]:
    """The project modules a stage's behaviour comes from: its own, and what it imports, transitively."""
    seen: set[str] = set()
    stack = [stage.__module__]
    while stack:
        name = stack.pop()
        if name in seen or name in CONTRACT:
            continue
        path = _path_of(name)
        if path is None:
            continue
        seen.add(name)
        stack.extend(_project_imports(name, path))
    return sorted(seen)


def fingerprint(stage: type) -> str:
    """SHA-256 over the code of the stage's modules and the bytes of the data files they read."""
    digest = hashlib.sha256()
    for name in modules_of(stage):
        path = _path_of(name)
        assert path is not None
        digest.update(f"module {name}\n".encode())
        digest.update(code_of(path.read_text(encoding="utf-8")).encode())
        for pattern in DATA.get(name, ()):
            for data in sorted(PACKAGE_ROOT.glob(pattern)):
                digest.update(f"data {data.relative_to(PACKAGE_ROOT).as_posix()}\n".encode())
                digest.update(data.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def code_of(source: str) -> str:
    """The source without comments, docstrings, blank lines and trailing spaces."""
    tree = ast.parse(source)
    dropped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
            ):
                dropped |= set(range(first.lineno, first.end_lineno + 1))
    comments: dict[int, int] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.start[1]
    kept = []
    for number, line in enumerate(source.splitlines(), start=1):
        if number in dropped:
            continue
        if number in comments:
            line = line[: comments[number]]
        if line.strip():
            kept.append(line.rstrip())
    return "\n".join(kept) + "\n"


def states(record: Path = RECORD) -> list[StageState]:
    recorded = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    out = []
    for stage in STAGES:
        spec = spec_of(stage)
        entry = recorded.get(spec.name, {})
        out.append(StageState(spec.name, spec.version, fingerprint(stage), entry.get("version"),
                              entry.get("fingerprint")))  # fmt: skip
    return out


def refresh(record: Path = RECORD, same_output: frozenset[str] = frozenset()) -> list[StageState]:
    """Record every stage's version and fingerprint; raises ``SystemExit`` naming the stages that
    changed without a version bump (nothing is written then). ``same_output`` names stages whose
    change the caller vouches cannot alter any output."""
    found = states(record)
    unknown = same_output - {s.name for s in found}
    if unknown:
        raise SystemExit(f"no such stage: {', '.join(sorted(unknown))}")
    stale = [s for s in found if s.needs_bump and s.name not in same_output]
    if stale:
        raise SystemExit("\n".join(s.describe() for s in stale))
    data = {s.name: {"version": s.version, "fingerprint": s.fingerprint} for s in found}
    record.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return found


def _path_of(module: str) -> Path | None:
    if not module.startswith("ceasefire."):
        return None
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):  # a class or function name, not a module
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _project_imports(module: str, path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            # "from ceasefire.pipeline import arguments": the name may be a module of its own
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name.startswith("ceasefire.") and _path_of(name) is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ceasefire.pipeline.versions", description=__doc__)
    parser.add_argument("--refresh", action="store_true", help="record versions and fingerprints")
    parser.add_argument(
        "--same-output",
        action="append",
        default=[],
        metavar="STAGE",
        help="with --refresh: record STAGE's new code under its old version (the change cannot alter output)",
    )
    args = parser.parse_args(argv)
    found = refresh(same_output=frozenset(args.same_output)) if args.refresh else states()
    for state in found:
        print(state.describe() if not args.refresh else f"{state.name}: version {state.version} recorded")
    return 0 if args.refresh or all(s.current for s in found) else 1


if __name__ == "__main__":
    sys.exit(main())
