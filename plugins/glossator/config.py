"""Options of the MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GlossatorConfig(Config):
    sources = c.Type(str, default="sources")
    """Folder of the texts (`<id>.md`), relative to `mkdocs.yml`."""

    annotations = c.Type(str, default="annotations")
    """Folder of the annotation files, relative to `mkdocs.yml`; watched by `mkdocs serve`."""
