"""Errors the library raises; ``cli`` turns them into one-line messages and exit code 2.

MgiGraphError
  + ProfileParseError       (source, line, message) -> "profile.txt:12: ..."
  + ResourceNotFoundError   a packaged ontology/shapes/queries folder is missing
  + LocateError             a place or country the registries do not know
  + SssomError              a mapping file (data/links/*.sssom.tsv) that cannot be read
  + BuildError              a build that cannot write its output
      - OutFolderError      an --out folder a build may not replace (not made by mgi-graph)
  + ProfilesError           several bad profiles, one error each
  + ValidationFailedError   the graph does not conform (carries the report)
  + ShapesError             shapes that pySHACL cannot use
  + QueryError
      - UnknownQueryError
      - QueryBindingError
      - QuerySyntaxError
  + EndpointError           a SPARQL endpoint or triple store that fails or cannot be reached
"""

from __future__ import annotations


class MgiGraphError(Exception):
    """Base of every error a user can fix."""


class ProfileParseError(MgiGraphError):
    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[ProfileParseError], tuple[str, str, int | None]]:
        # So that it crosses from a build's worker process intact.
        return type(self), (self.source, self.message, self.line)


class ResourceNotFoundError(MgiGraphError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"packaged resource folder '{kind}' not found; reinstall mgi-graph")


class LocateError(MgiGraphError):
    pass


class SssomError(MgiGraphError):
    pass


class BuildError(MgiGraphError):
    pass


class OutFolderError(BuildError):
    pass


class ProfilesError(MgiGraphError):
    """Every bad profile of a build, so one run reports them all; one line each."""

    def __init__(self, errors: list[MgiGraphError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class ValidationFailedError(MgiGraphError):
    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class ShapesError(MgiGraphError):
    pass


class QueryError(MgiGraphError):
    pass


class UnknownQueryError(QueryError):
    pass


class QueryBindingError(QueryError):
    pass


class QuerySyntaxError(QueryError):
    pass


class EndpointError(MgiGraphError):
    pass
