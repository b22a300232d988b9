"""Publish: the built graph sent to other stores (``push``) and Wikidata candidates proposed for
the curated mappings (``link``).
"""
