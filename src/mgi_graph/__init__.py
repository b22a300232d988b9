"""mgi-graph: IOM Migration Governance Indicators profiles as a Linked Open Data graph."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
