"""Every IRI of the graph is minted here, from stable keys (DESIGN §4).

Nothing is numbered by the order things are met in, so two builds of the same
profiles mint the same IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from mgi_graph.defaults import DEFAULT_BASE
from mgi_graph.slug import slugify

__all__ = ["DEFAULT_BASE", "Iris"]


@dataclass(frozen=True)
class Iris:
    base: str = DEFAULT_BASE

    def _mint(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def at(self, path: str) -> URIRef:
        """The IRI a path under the base names (``country/co``), as a request path gives it."""
        return self._mint(path)

    def path(self, iri: str) -> str | None:
        """``iri``'s path under the base (``country/co``); None for an IRI not under it."""
        return iri[len(self.base):] if iri.startswith(self.base) else None

    def under(self, iri: str, segment: str) -> bool:
        """Whether ``iri`` names a resource below ``segment``: ``under(iri, "polarity")``."""
        return (self.path(iri) or "").startswith(f"{segment}/")

    def rebased(self, iri: str) -> URIRef:
        """An IRI written against the default base (curated mappings do), under this base."""
        path = Iris().path(iri)
        return URIRef(iri) if path is None else self._mint(path)

    def profile(self, profile_id: str) -> URIRef:
        return self._mint(f"profile/{profile_id}")

    def finding(self, profile_id: str, position: int) -> URIRef:
        return self._mint(f"profile/{profile_id}/finding/{position}")

    def source(self, profile_id: str) -> URIRef:
        return self._mint(f"profile/{profile_id}/source")

    def named_graph(self, name: str) -> URIRef:
        """``graph/{profile id}``, ``graph/vocabulary``, ``graph/links``, ``graph/dataset``."""
        return self._mint(f"graph/{name}")

    def country(self, iso2: str) -> URIRef:
        return self._mint(f"country/{iso2.lower()}")

    def place(self, iso2: str, name: str) -> URIRef:
        return self._mint(f"place/{iso2.lower()}/{slugify(name)}")

    def division(self, code: str) -> URIRef:
        """A first-level division by its ISO 3166-2 code: ``division/co-ant``."""
        return self._mint(f"division/{code.lower()}")

    @staticmethod
    def home(scope: str, iso2: str | None, place: str) -> str:
        """Where an org or instrument is at home, as its IRIs say it: ``co/medellin`` for a
        ``local`` scope, ``co`` for ``national``, ``int`` for ``international``."""
        if scope == "international" or not iso2:
            return "int"
        if scope == "national":
            return iso2.lower()
        return f"{iso2.lower()}/{slugify(place)}"

    def org_home(self, iri: str) -> tuple[str, URIRef | None]:
        """Where an org IRI says its institution sits, the inverse of ``home``: its scope and
        its country or place (``org/co/x`` is national in ``country/co``); international otherwise."""
        parts = (self.path(iri) or "").split("/")
        if parts[0] != "org" or len(parts) not in (3, 4) or parts[1] == "int":
            return "international", None
        if len(parts) == 3:
            return "national", self.country(parts[1])
        return "local", self._mint(f"place/{parts[1]}/{parts[2]}")

    def org(self, home: str, name: str) -> URIRef:
        """``home`` is a place slug path (``co/medellin``), an ISO alpha-2 code, or ``int`` (see ``home``)."""
        return self._mint(f"org/{home}/{slugify(name)}")

    def instrument(self, home: str, name: str) -> URIRef:
        return self._mint(f"instrument/{home}/{slugify(name)}")

    def domain(self, slug: str) -> URIRef:
        return self._mint(f"domain/{slug}")

    def domain_scheme(self) -> URIRef:
        return self._mint("domain")

    def polarity(self, slug: str) -> URIRef:
        return self._mint(f"polarity/{slug}")

    def polarity_scheme(self) -> URIRef:
        return self._mint("polarity")

    def kind(self, scheme: str, slug: str) -> URIRef:
        """Concepts of the institution- and instrument-kind schemes: ``kind/institution/network``."""
        return self._mint(f"kind/{scheme}/{slug}")

    def kind_scheme(self, scheme: str) -> URIRef:
        return self._mint(f"kind/{scheme}")

    def dataset(self) -> URIRef:
        return self._mint("dataset")

    def sparql_endpoint(self) -> URIRef:
        return self._mint("sparql")

    def agent(self, name: str) -> URIRef:
        return self._mint(f"agent/{name}")

    def mapping_set(self, file_name: str) -> URIRef:
        """The id of a curated SSSOM mapping set: ``mappings/wikidata.sssom.tsv``."""
        return self._mint(f"mappings/{file_name}")

    def distribution(self, file_name: str) -> URIRef:
        return self._mint(f"dumps/{file_name}")

    def build(self, digest: str) -> URIRef:
        """The build activity, named by a digest of its inputs so it is stable too."""
        return self._mint(f"build/{digest}")

    def ontology(self) -> URIRef:
        return self._mint("ontology")

    def shapes(self) -> URIRef:
        return self._mint("shapes")
