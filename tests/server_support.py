"""Shared by the test_server*.py modules: Starlette's TestClient, imported quietly.

Starlette 1.x warns (a UserWarning) that its TestClient should move from httpx
to httpx2; the client works, so the warning is kept out of the test report.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

__all__ = ["TestClient"]
