"""The whole exception tree of ``ceasefire``.

Every error a user can see carries a stable code (``[CF201]``) that can be searched for::

    CeasefireError                  CF100  anything raised on purpose by ceasefire
    ├── ConfigError                 CF110  bad settings or a missing resource (model, data file)
    ├── InputError                  CF200  a source that cannot be read as asked
    │   ├── InputTooLarge           CF201  larger than the configured maximum size
    │   ├── BinaryInput             CF202  binary content where text, HTML or JSON was expected
    │   ├── UndecodableInput        CF203  bytes that are not valid text in any supported encoding
    │   ├── MalformedInput          CF204  broken JSON, feed, HTML or CSV
    │   ├── SourceNotFound          CF205  no such file, directory or host
    │   └── FetchError              CF206  a URL that timed out, failed or served the wrong type
    ├── DocumentRejected            CF300  a document the pipeline chose not to code (carries a Rejected)
    ├── PipelineError               CF400  stages that do not fit together, or a stage that broke
    ├── NotFound                    CF500  a named thing (process, event, report) that is not stored
    ├── Conflict                    CF510  a change the current state does not allow (a step out of order)
    ├── PermissionDenied            CF600  a role that may not do what was asked
    └── ServiceUnavailable          CF700  a backing service (database, SMTP) that cannot be reached

Raise with ``raise ... from exc`` so the cause stays attached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ceasefire.models import Rejected


class CeasefireError(Exception):
    """Base of every error ``ceasefire`` raises on purpose."""

    code: ClassVar[str] = "CF100"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(CeasefireError):
    code = "CF110"


class InputError(CeasefireError):
    """A source that cannot be read. ``source`` names the file, URL or record."""

    code = "CF200"

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class InputTooLarge(InputError):
    code = "CF201"


class BinaryInput(InputError):
    code = "CF202"


class UndecodableInput(InputError):
    code = "CF203"


class MalformedInput(InputError):
    code = "CF204"


class SourceNotFound(InputError):
    code = "CF205"


class FetchError(InputError):
    code = "CF206"


class DocumentRejected(CeasefireError):
    """Raised only where a caller asked for an exception instead of a ``Rejected`` value."""

    code = "CF300"

    def __init__(self, rejected: Rejected) -> None:
        super().__init__(
            f"{rejected.doc_id} rejected by {rejected.stage}: {rejected.reason} ({rejected.detail})"
        )
        self.rejected = rejected


class PipelineError(CeasefireError):
    code = "CF400"


class NotFound(CeasefireError):
    code = "CF500"


class Conflict(CeasefireError):
    code = "CF510"


class PermissionDenied(CeasefireError):
    code = "CF600"


class ServiceUnavailable(CeasefireError):
    code = "CF700"
