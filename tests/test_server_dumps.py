"""mgi-graph serve: /dumps/ downloads, checksums as ETags, conditional GET, no way out of dist/."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_support import TestClient

from mgi_graph.server import Settings, create_app


@pytest.fixture(scope="module")
def served_dist(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of dist/ with a symlink and a hidden file that must never be served."""
    root = tmp_path_factory.mktemp("served")
    copy = root / "dist"
    shutil.copytree(dist, copy)
    secret = root / "secret.txt"
    secret.write_text("not for the web\n")
    os.symlink(secret, copy / "link.txt")
    os.symlink(root, copy / "up")
    (copy / ".hidden").write_text("hidden\n")
    return copy


@pytest.fixture(scope="module")
def served_client(served_dist: Path) -> Iterator[TestClient]:
    """The server over ``served_dist``, the seed build with files it must never serve."""
    app = create_app(Settings(data_dir=served_dist, query_workers=1))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _sums(dist: Path) -> dict[str, str]:
    lines = (dist / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("mgi.ttl", "text/turtle; charset=utf-8"),
        ("mgi.nt", "application/n-triples; charset=utf-8"),
        ("mgi.jsonld", "application/ld+json"),
        ("context.jsonld", "application/ld+json"),
        ("mgi.nq.gz", "application/gzip"),
        ("void.ttl", "text/turtle; charset=utf-8"),
        ("SHA256SUMS", "text/plain; charset=utf-8"),
        ("profiles/co-medellin-2022.ttl", "text/turtle; charset=utf-8"),
    ],
)
def test_dump_headers(served_client: TestClient, served_dist: Path, name: str, media_type: str) -> None:
    response = served_client.get(f"/dumps/{name}")
    assert response.status_code == 200
    data = (served_dist / name).read_bytes()
    assert response.content == data
    assert response.headers["content-type"] == media_type
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert "last-modified" in response.headers
    assert "content-encoding" not in response.headers
    if name != "SHA256SUMS":
        assert response.headers["etag"] == f'"{_sums(served_dist)[name]}"'


def test_conditional_get(served_client: TestClient) -> None:
    first = served_client.get("/dumps/mgi.ttl")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert served_client.get("/dumps/mgi.ttl", headers={"if-none-match": etag}).status_code == 304
    assert served_client.get("/dumps/mgi.ttl", headers={"if-none-match": f'"x", W/{etag}'}).status_code == 304
    assert served_client.get("/dumps/mgi.ttl", headers={"if-none-match": "*"}).status_code == 304
    assert served_client.get("/dumps/mgi.ttl", headers={"if-none-match": '"other"'}).status_code == 200
    assert served_client.get("/dumps/mgi.ttl", headers={"if-modified-since": modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert served_client.get("/dumps/mgi.ttl", headers={"if-modified-since": old}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
    both = served_client.get("/dumps/mgi.ttl", headers={"if-none-match": '"other"', "if-modified-since": modified})
    assert both.status_code == 200
    not_modified = served_client.get("/dumps/mgi.ttl", headers={"if-none-match": etag})
    assert not_modified.content == b"" and not_modified.headers["etag"] == etag


def test_head_request(served_client: TestClient) -> None:
    response = served_client.head("/dumps/mgi.nt")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


def test_dump_index(served_client: TestClient) -> None:
    listing = served_client.get("/dumps/", headers={"accept": "application/json"}).json()["files"]
    names = {f["name"] for f in listing}
    assert {"mgi.nq.gz", "mgi.ttl", "SHA256SUMS", "profiles/co-medellin-2022.jsonld"} <= names
    assert not names & {"link.txt", ".hidden", "up/secret.txt"}
    assert "mgi.nq.gz" in served_client.get("/dumps/", headers={"accept": "text/html"}).text
    assert served_client.get("/dumps").status_code == 301


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/../secret.txt",
        "/dumps/%2e%2e/secret.txt",
        "/dumps/%2E%2E%2Fsecret.txt",
        "/dumps/..%2Fsecret.txt",
        "/dumps/profiles/../../secret.txt",
        "/dumps/profiles/%2e%2e/%2e%2e/secret.txt",
        "/dumps//etc/passwd",
        "/dumps/%2Fetc%2Fpasswd",
        "/dumps/link.txt",
        "/dumps/up/secret.txt",
        "/dumps/.hidden",
        "/dumps/profiles/",
        "/dumps/mgi.ttl/",
        "/dumps/%00",
    ],
)
def test_nothing_outside_dist_is_reachable(served_client: TestClient, path: str) -> None:
    response = served_client.get(path)
    assert response.status_code == 404, path
    assert "not for the web" not in response.text
    assert "root:" not in response.text


def test_encoded_slash_reaches_a_file_inside(served_client: TestClient) -> None:
    # %2F decodes to '/', and profiles/x.ttl is a listed file: allowed, it is inside dist/.
    assert served_client.get("/dumps/profiles%2Fco-medellin-2022.ttl").status_code == 200
