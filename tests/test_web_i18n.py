"""The interface in English, Spanish, French and Portuguese (issue #14 item 4)."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po
from i18n_support import LOCALE, extract_messages
from server_support import TestClient

LANGUAGES = ("es", "fr", "pt")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
# Links to data, not to pages: they need no ?lang=.
DATA_LINK = re.compile(r"/static/|\.(ttl|nt|jsonld|rdf)(\?|$)|/dumps/.|openapi\.json|\.well-known|sitemap\.xml|format=")
PAGES = ["/", "/search?q=salud", "/compare?profiles=co-medellin-2022&profiles=pe-lima-2022",
         "/profile/co-medellin-2022.html", "/org/co/medellin/medellin-ombudsmans-office.html",
         "/profile/co-medellin-2022/finding/3.html", "/country/co.html", "/domain/crises.html", "/sparql",
         "/queries", "/queries/gaps?domain=crises", "/dumps/", "/country", "/org", "/nothing/here"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(language: str) -> None:
    with (LOCALE / f"{language}.po").open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    messages = extract_messages()
    translated = {m.id: m.string for m in catalogue if m.id}
    missing = [f"{m!r} ({', '.join(where)})" for m, where in messages.items()
               if not translated.get(m) or not all(translated[m] if isinstance(translated[m], tuple) else [translated[m]])]
    assert not missing, f"{language}.po lacks translations for: " + "; ".join(missing)
    stale = sorted(str(m) for m in translated if m not in messages)
    assert not stale, f"{language}.po translates strings no longer used: {stale}"
    for message, text in translated.items():
        source = " ".join(message) if isinstance(message, tuple) else message
        for form in text if isinstance(text, tuple) else (text,):
            assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(source)), (language, message)


def test_language_from_accept_language_and_from_lang(client: TestClient) -> None:
    by_header = client.get("/", headers={"Accept-Language": "es-CO,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in by_header.text and ">Perfiles</a>" in by_header.text
    by_parameter = client.get("/", params={"lang": "fr"}, headers={"Accept-Language": "es"})
    assert '<html lang="fr">' in by_parameter.text and ">Profils</a>" in by_parameter.text
    assert "Les Indicateurs de gouvernance des migrations en graphe de connaissances" in by_parameter.text
    english = client.get("/", headers={"Accept-Language": "de"})
    assert '<html lang="en">' in english.text and ">Profiles</a>" in english.text


@pytest.mark.parametrize("path", PAGES)
def test_links_keep_the_language(client: TestClient, path: str) -> None:
    answer = client.get(path + ("&" if "?" in path else "?") + "lang=pt", headers={"Accept": "text/html"})
    assert answer.status_code in (200, 404), path
    assert '<html lang="pt">' in answer.text
    links = {html.unescape(h) for h in re.findall(r'href="(http://testserver[^"]*)"', answer.text)}
    dropped = sorted(link for link in links if "lang=pt" not in link and not DATA_LINK.search(link))
    assert not dropped, dropped
    # Every form that reaches a page of this server carries the language.
    for form in re.findall(r"<form[^>]*>.*?</form>", answer.text, re.S):
        assert 'name="lang" value="pt"' in form


def test_headings_badges_and_buttons_are_translated(client: TestClient) -> None:
    profile = client.get("/profile/co-medellin-2022.html", params={"lang": "es"}).text
    assert "Fuente y procedencia" in profile and "Bien desarrollada" in profile and "Con potencial" in profile
    search = client.get("/search", params={"q": "salud", "lang": "pt"}).text
    assert "2 constatações" in search and "Tipo de instituição" in search and ">Pesquisar</button>" in search
    institution = client.get("/org/co/medellin/medellin-ombudsmans-office.html", params={"lang": "es"}).text
    assert "Ámbito" in institution and "Dónde" in institution and "Entidad superior" in institution
    missing = client.get("/nothing/here", params={"lang": "fr"}, headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "Introuvable" in missing.text and "Vous cherchiez peut-être" in missing.text
