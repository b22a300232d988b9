"""The interface's messages, as the translation catalogues must hold them: every string the
templates mark (``_()``, ``{% trans %}``), every ``view.t("…")`` of the server code, every
label of ``fields.tsv``."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from jinja2.ext import babel_extract

SERVER = Path(__file__).resolve().parents[1] / "src" / "mgi_graph" / "server"
LOCALE = SERVER / "locale"
Message = str | tuple[str, str]


def extract_messages() -> dict[Message, list[str]]:
    """msgid (or (singular, plural)) -> where it is used."""
    found: dict[Message, list[str]] = {}
    for template in sorted((SERVER / "templates").glob("*.html")):
        options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
        for line, message, _, _ in extract_from_file(babel_extract, str(template), options=options):
            found.setdefault(message, []).append(f"templates/{template.name}:{line}")
    for module in sorted(SERVER.glob("*.py")):
        for number, line in enumerate(module.read_text("utf-8").splitlines(), 1):
            for message in re.findall(r'\bview\.t\("([^"]+)"\)', line):
                found.setdefault(message, []).append(f"{module.name}:{number}")
    for number, line in enumerate((SERVER / "fields.tsv").read_text("utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            found.setdefault(line.split("\t")[1], []).append(f"fields.tsv:{number}")
    return found
