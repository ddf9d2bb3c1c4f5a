"""The reader every edition gets from the engine: its stylesheets and scripts, the theme features
they rely on, and the Markdown the data contract needs. An edition's `mkdocs.yml` names the
Material theme and the plugin; the rest is here, so that a six-line configuration gives the
full reader and this repository's own edition uses it as any other would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .figure import format_timeline

# A folder of the installed package (wheels and editable installs are unzipped): MkDocs copies
# each file from its path.
ASSETS = Path(__file__).parent / "assets"
SITE_FOLDER = "assets/glossator"  # where they are in the built site
# In this order (the later sheets use the first one's variables); an edition's own come after
# all of them, so that they can override the engine's.
STYLESHEETS = ("edition.css", "apparatus.css", "charts.css", "pages.css")
SCRIPTS = ("edition.js", "apparatus.js", "glossary.js")
# Material's iframe-worker shim (MIT), shipped so that an offline build's search works from
# file://: Material's offline plugin loads it from a CDN unless a polyfill of that name is set.
SHIM = "vendor/iframe-worker/shim.js"

# The theme features the reader relies on, and why; the others (navigation, search, toc.follow)
# are each edition's to choose: the reader works with or without them.
FEATURES_ON = {
    # The table of contents in the left column: the right one holds a text's margin notes.
    # Without it, the notes find no room and open only from their markers.
    "toc.integrate",
    # The titles the engine writes (a paragraph number's "Link to paragraph 12", the buttons')
    # shown as the theme's tooltips, at once and styled as the page, not the browser's late ones.
    "content.tooltips",
}
FEATURES_OFF = {
    # The engine opens an author's note in its own popover or sheet, as it does every marker:
    # the theme's tooltip would open a second copy over it.
    "content.footnote.tooltips",
}

# The Markdown the engine relies on whatever the edition configures: the author's notes are
# footnotes (the data contract); the generated pages give headings their ids with attribute
# lists (which a text may not use: guard.py) and hold Markdown in HTML; a chart is a `timeline`
# fence (figure.py).
REQUIRED = ("footnotes", "attr_list", "md_in_html")
FENCES = "pymdownx.superfences"
TIMELINE = {"name": "timeline", "class": "gl-timeline", "format": format_timeline}


def add_reader(config: MkDocsConfig, *, say: Callable[[str], None]) -> None:
    """Give the site the reader: Material with the features it needs, the engine's stylesheets
    and scripts before the edition's own, the offline shim, the Markdown of the data contract.
    `say` logs what was changed in the edition's configuration."""
    require_material(config)
    features = config.theme["features"]
    for feature in sorted(FEATURES_OFF & set(features)):
        features.remove(feature)
        say(f"theme feature '{feature}' is turned off: the glossator reader opens the author's "
            f"notes in its own popovers (remove it from mkdocs.yml to silence this)")
    features.extend(sorted(FEATURES_ON - set(features)))
    config.extra_css[:0] = [_site_path(s) for s in STYLESHEETS if _site_path(s) not in config.extra_css]
    scripts = {str(script) for script in config.extra_javascript}
    config.extra_javascript[:0] = [_site_path(s) for s in SCRIPTS if _site_path(s) not in scripts]
    polyfills = config.extra.get("polyfills") or []
    if not any("iframe-worker" in str(url) for url in polyfills):
        config.extra["polyfills"] = [*polyfills, _site_path(SHIM)]
    add_extensions(config.markdown_extensions, config.mdx_configs)


def require_material(config: MkDocsConfig) -> None:
    """The reader's CSS and JavaScript are written for Material's page (its classes, its
    colours' variables): another theme would show the texts without their apparatus."""
    name = config.theme.name
    if name != "material":
        raise PluginError(f"glossator: the reader needs the Material theme, and mkdocs.yml sets "
                          f"theme '{name}'; fix: in mkdocs.yml, 'theme: {{name: material}}' "
                          f"(pip install mkdocs-material)")


def add_extensions(extensions: list[Any], configs: dict[str, Any]) -> None:
    """Add the extensions the engine relies on and the `timeline` fence to an edition's own,
    keeping its settings (its own custom fences too)."""
    named = {str(e).removeprefix("markdown.extensions.") for e in extensions}
    extensions.extend(name for name in REQUIRED if name not in named)
    if FENCES not in named:
        extensions.append(FENCES)
    fences = configs.setdefault(FENCES, {}).setdefault("custom_fences", [])
    if not any(fence.get("name") == TIMELINE["name"] for fence in fences):
        fences.append(dict(TIMELINE))


def add_reader_files(files: Files, config: MkDocsConfig, *, say: Callable[[str], None]) -> None:
    """Add the engine's files to the site, under `assets/glossator/`; a file of the edition's
    docs/ at one of their paths is left out (`say` says so)."""
    for path in sorted(ASSETS.rglob("*")):
        if not path.is_file():
            continue
        file = File.generated(config, _site_path(path.relative_to(ASSETS).as_posix()),
                              abs_src_path=str(path))
        own = files.get_file_from_path(file.src_uri)
        if own is not None:
            say(f"docs/{file.src_uri} is left out: the glossator reader's own file has that "
                f"path (move it out of docs/{SITE_FOLDER}/)")
            files.remove(own)
        files.append(file)


def _site_path(name: str) -> str:
    return f"{SITE_FOLDER}/{name}"
