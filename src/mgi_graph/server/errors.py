"""Errors of the HTTP layer and the one table that maps every ``MgiGraphError`` to a status.

MgiGraphError (mgi_graph.errors)
  + UnknownResourceError     no such resource, document or dump          -> 404
  + NotAcceptableError       no representation fits the Accept header    -> 406
  + ReadOnlyError            SPARQL UPDATE and other writes              -> 403
  + UnsupportedMediaTypeError  a POST body the endpoint does not read    -> 415
  + BodyTooLargeError        a request body over --max-body              -> 413
  + TooManyQueriesError      a client past its share of the workers      -> 429
  + QueryRefusedError        a query this endpoint will not run (SERVICE)-> 403
  + QueryTimeoutError        a query ran past --timeout                  -> 503
  + ServerBusyError          no query worker became free in time         -> 503
  + QueryError (mgi_graph.errors)                                        -> 400
      + ResultTooLargeError  more rows than --max-rows                   -> 422
      + QueryFailedError     the engine failed while running the query   -> 500
      + UnknownQueryError (mgi_graph.errors)                             -> 404
"""

from __future__ import annotations

from mgi_graph.errors import (
    BuildError,
    MgiGraphError,
    QueryError,
    UnknownQueryError,
)


class UnknownResourceError(MgiGraphError):
    pass


class NotAcceptableError(MgiGraphError):
    def __init__(self, message: str, available: tuple[str, ...]) -> None:
        super().__init__(message)
        self.available = available


class ReadOnlyError(MgiGraphError):
    pass


class UnsupportedMediaTypeError(MgiGraphError):
    pass


class BodyTooLargeError(MgiGraphError):
    pass


class TooManyQueriesError(MgiGraphError):
    pass


class QueryRefusedError(MgiGraphError):
    pass


class QueryTimeoutError(MgiGraphError):
    pass


class ServerBusyError(MgiGraphError):
    pass


class ResultTooLargeError(QueryError):
    pass


class QueryFailedError(QueryError):
    pass


# The most specific class in an error's MRO decides its status (UnknownQueryError
# is a QueryError, but a missing query is a 404, not a bad request).
STATUS: dict[type[MgiGraphError], int] = {
    UnknownResourceError: 404,
    UnknownQueryError: 404,
    NotAcceptableError: 406,
    ReadOnlyError: 403,
    UnsupportedMediaTypeError: 415,
    BodyTooLargeError: 413,
    TooManyQueriesError: 429,
    QueryRefusedError: 403,
    QueryTimeoutError: 503,
    ServerBusyError: 503,
    ResultTooLargeError: 422,
    QueryFailedError: 500,
    QueryError: 400,
    BuildError: 500,
    MgiGraphError: 500,
}


def status_of(error: MgiGraphError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500
