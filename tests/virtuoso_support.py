"""A real Virtuoso 7 (Debian package ``virtuoso-opensource``) on free 127.0.0.1 ports, for tests.

The server runs in the foreground with a private ``virtuoso.ini`` and database in a
temporary folder; it is ready when it prints "Server online" (its log goes to stdout
in the foreground). A user with the SPARQL_UPDATE role is created through isql, which
is what Virtuoso's authenticated Graph Store endpoint needs to accept writes.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from oxigraph_support import free_port

SERVER = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
DBA_PASSWORD = "dba"  # a fresh database's default; the server listens on 127.0.0.1 only for the test

_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
"""


@dataclass(frozen=True)
class Virtuoso:
    url: str  # http://127.0.0.1:PORT
    sql_port: int
    user: str  # holds SPARQL_UPDATE
    password: str

    @property
    def store(self) -> str:
        """The Graph Store Protocol endpoint that authenticates (HTTP Digest)."""
        return f"{self.url}/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"


@contextmanager
def virtuoso_serve(location: Path, user: str = "mgi", password: str = "mgi-secret") -> Iterator[Virtuoso]:
    """Start Virtuoso on a fresh database in ``location``; stop it on exit."""
    assert SERVER and ISQL, "virtuoso-t and isql-vt are needed (apt-get install virtuoso-opensource)"
    sql_port, http_port = free_port(), free_port()
    (location / "virtuoso.ini").write_text(_INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8")
    server = subprocess.Popen([SERVER, "+foreground", "+configfile", "virtuoso.ini"], cwd=location,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for_online(server)
        create_user(sql_port, user, password, "SPARQL_UPDATE")
        yield Virtuoso(f"http://127.0.0.1:{http_port}", sql_port, user, password)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_online(server: subprocess.Popen[str]) -> None:
    """Read the server's log until it says it is online; fail with the log if it exits first."""
    assert server.stdout is not None
    lines: list[str] = []
    for line in server.stdout:
        lines.append(line)
        if "Server online at" in line:
            # Keep reading so that a full pipe never blocks the server's logging.
            threading.Thread(target=server.stdout.read, daemon=True).start()
            return
    server.wait()
    raise RuntimeError(f"virtuoso-t exited with {server.returncode} before going online:\n{''.join(lines[-20:])}")


def create_user(sql_port: int, user: str, password: str, *roles: str) -> None:
    """A Virtuoso SQL user, granted ``roles`` (SPARQL_UPDATE lets it write through the Graph Store)."""
    grants = "".join(f' GRANT {role} TO "{user}";' for role in roles)
    _isql(sql_port, f"DB.DBA.USER_CREATE('{user}', '{password}');{grants}")


def _isql(sql_port: int, statements: str) -> None:
    assert ISQL is not None
    done = subprocess.run([ISQL, str(sql_port), "dba", DBA_PASSWORD, f"exec={statements}"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
