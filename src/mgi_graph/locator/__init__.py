"""Locate: a parsed profile's country, place and first-level division, with their codes in the
registries (ISO 3166, UN M49, GeoNames) and the curated Wikidata mappings (SSSOM).

``registry.locate`` is the stage's entry point; ``gazetteer`` is the place index it asks and
``sssom`` reads and writes the curated mapping sets.
"""
