"""Tidy CSV tables of the built graph, described by CSVW metadata and a Frictionless data package."""

from mgi_graph.dump.tables.publish import write_tables

__all__ = ["write_tables"]
