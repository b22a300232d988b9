"""Web conventions (issue #14 item 7): schema.org Dataset, sitemap, gzip, favicon, 404 suggestions,
badge contrast, canonical IRIs with "cite this"."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from server_support import TestClient

STYLE = Path(__file__).resolve().parents[1] / "src" / "mgi_graph" / "server" / "static" / "style.css"


def jsonld_blocks(text: str) -> list[dict[str, object]]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


def test_home_and_dataset_pages_describe_a_schema_org_dataset(client: TestClient) -> None:
    for path in ("/", "/dataset.html"):
        blocks = jsonld_blocks(client.get(path).text)
        assert len(blocks) == 1, path
        dataset = blocks[0]
        assert dataset["@context"] == "https://schema.org/" and dataset["@type"] == "Dataset"
        assert dataset["@id"] == "https://w3id.org/mgi/dataset"
        assert dataset["name"] == "Migration Governance Indicators knowledge graph"
        assert "Medellín" in dataset["spatialCoverage"]  # type: ignore[operator]
        downloads = dataset["distribution"]
        assert isinstance(downloads, list)
        assert {d["contentUrl"] for d in downloads} >= {"http://testserver/dumps/mgi.ttl", "http://testserver/dumps/mgi.nq.gz"}


def test_sitemap_lists_pages_and_resources(client: TestClient) -> None:
    answer = client.get("/sitemap.xml")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    urls = [e.text for e in ET.fromstring(answer.text).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(urls) == len(set(urls))
    for url in ("http://testserver/", "http://testserver/search", "http://testserver/profile/co-medellin-2022",
                "http://testserver/profile/co-medellin-2022/finding/3", "http://testserver/country/co"):
        assert url in urls, url
    assert not [u for u in urls if u and "#" in u]


def test_html_is_compressed(client: TestClient) -> None:
    answer = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip" and "<html" in answer.text
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    # Dumps keep their exact bytes (their ETag is their SHA-256).
    dump = client.get("/dumps/mgi.nt", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in dump.headers and int(dump.headers["content-length"]) == len(dump.content)


def test_favicon(client: TestClient) -> None:
    assert client.get("/favicon.ico").headers["location"].endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.text.startswith("<svg")
    assert 'rel="icon"' in client.get("/").text


def test_not_found_page_suggests_where_to_go(client: TestClient) -> None:
    answer = client.get("/profile/co-medelin-2022", headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert "Perhaps you were looking for" in answer.text
    assert "/search?q=profile+co+medelin+2022" in answer.text
    assert "http://testserver/country" in answer.text and 'role="search"' in answer.text


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_badges_and_heat_cells_have_enough_contrast() -> None:
    css = STYLE.read_text("utf-8")
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    assert contrast(variables["good"], variables["good-wash"]) >= 4.5
    assert contrast(variables["gap"], variables["gap-wash"]) >= 4.5
    for shade, background, ink in re.findall(r"\.heat\.([a-z-]+) \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}", css):
        assert contrast(background, ink) >= 4.5, shade


def test_pages_show_the_canonical_iri_and_a_citation(client: TestClient) -> None:
    page = client.get("/profile/co-medellin-2022/finding/3.html").text
    assert '<code class="iri" id="iri">https://w3id.org/mgi/profile/co-medellin-2022/finding/3</code>' in page
    assert 'data-copy="#iri"' in page and 'data-copy="#cite"' in page and "static/copy.js" in page
