"""A rebuild while serving: the server keeps serving the snapshot it loaded, consistently.

The rebuild here does what ``build`` does to a plain folder: new files renamed
over the old ones, and a dump removed. Until a restart, dumps, ETags and
SPARQL answers (even from a worker started after the rebuild) are the old ones.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

from server_support import TestClient

from mgi_graph.server import Settings, create_app

PROFILES = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/mgi/ontology#Profile> }"


def _replace(path: Path, data: bytes) -> None:
    fresh = path.with_name(path.name + ".new")
    fresh.write_bytes(data)
    os.replace(fresh, path)


def test_a_rebuild_changes_nothing_the_server_sends_until_it_restarts(dist: Path, tmp_path: Path) -> None:
    served = tmp_path / "dist"
    shutil.copytree(dist, served)
    # A checksum file that does not match the bytes: the ETag must come from the bytes served.
    (served / "SHA256SUMS").write_text("0" * 64 + "  mgi.ttl\n")
    app = create_app(Settings(data_dir=served, query_workers=1))
    with TestClient(app) as client:
        before = client.get("/dumps/mgi.ttl")
        assert before.headers["etag"] == f'"{hashlib.sha256(before.content).hexdigest()}"'
        nt_before = client.get("/dumps/mgi.nt").content
        count = client.get("/sparql", params={"query": PROFILES}).json()["results"]["bindings"][0]["n"]["value"]

        _replace(served / "mgi.ttl", b"<urn:x> <urn:y> <urn:z> .\n")
        _replace(served / "mgi.nq.gz", gzip.compress(b""))
        (served / "mgi.nt").unlink()
        for worker in list(app.state.mgi.pool._all):
            worker.process.kill()  # the next query runs on a worker started after the rebuild

        after = client.get("/dumps/mgi.ttl")
        assert after.content == before.content and after.headers["etag"] == before.headers["etag"]
        revalidated = client.get("/dumps/mgi.ttl", headers={"if-none-match": before.headers["etag"]})
        assert revalidated.status_code == 304
        removed = client.get("/dumps/mgi.nt")
        assert removed.status_code == 200 and removed.content == nt_before
        again = client.get("/sparql", params={"query": PROFILES + " # after"})
        assert again.status_code == 200, again.text
        assert again.json()["results"]["bindings"][0]["n"]["value"] == count
