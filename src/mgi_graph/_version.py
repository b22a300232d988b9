"""The package version, in a module of its own so that any stage can read it without
importing the package root (whose imports reach every stage: an import cycle).

tests/test_layering.py keeps it equal to pyproject.toml's ``version``.
"""

from __future__ import annotations

__version__ = "0.1.0"
