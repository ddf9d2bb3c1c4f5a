"""The MkDocs plugin: mounts the texts as pages and hands each page to the engine."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import shutil
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from .cite import FORMATS, EditionPage, cite_files, highwire_tags, render_citation
from .config import GlossatorConfig
from .export import Site, annotation_collection, write_collection
from .extension import GlossatorExtension
from .header import render_header, render_imprint, running_heads
from .load import links_in, read_edition, read_utf8, split_front_matter
from .model import Annotations, PageLinks, Problem, Text
from .pages import (
    CROSSREFS, GLOSSARY, crossrefs_markdown, expand, fill, glossary_markdown, markdown_text,
    render_cards, render_counts, render_problems,
)
from .reader import ASSETS, add_reader, add_reader_files
from .schemas import FOLDER as SCHEMA_FOLDER, engine_schemas

log = get_plugin_logger(__name__)
# Where the build's warnings are logged: "mkdocs", or under ProperDocs "properdocs" (which keeps
# "mkdocs" as a child of it); a strict build counts the warnings of this tree.
BUILD_LOGGER = log.logger.name.split(".")[0]

MOUNT = "texts"  # texts are pages under texts/, their witnesses under texts/witnesses/
CARDS_MARKER = "<!-- glossator:texts -->"
COUNTS_MARKER = "<!-- glossator:apparatus -->"


class GlossatorPlugin(BasePlugin[GlossatorConfig]):
    """A problem in a text or an annotation file never stops a build: it is logged as a
    warning (so `--strict` fails, and `glossator check`), and shown at the top of the page it
    concerns, which is built with what could be read; the file it is in contributes nothing
    until it is fixed. So `mkdocs serve` goes on serving while a contributor mends a file."""

    command = "build"
    dirty = False  # `--dirty`: MkDocs keeps the site directory and rewrites only some pages
    # Per build (`mkdocs serve` reuses this object):
    texts: tuple[Text, ...]
    annotations: Annotations
    by_uri: dict[str, Text]  # the texts by the path of their page
    unreadable: dict[str, str]  # the pages of the texts that could not be read: path -> id
    problems: dict[str, list[Problem]]  # what could not be read, by the path of its page
    extension: GlossatorExtension  # converts the pages; what they resolve gathers there
    swap: SiteSwap | None = None  # `mkdocs build`: the site is built beside the last one
    directory_urls: bool  # the hosted edition's page addresses: `texts/<id>/`, or `.html`
    bodies: dict[str, str]  # each text's body as converted, for annotations.jsonld

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    # Before Material's offline plugin turns directory URLs off: a text is cited at the address
    # of its page on the hosted edition, whichever way this build is made; and before it looks
    # for a search shim (the reader ships one).
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` builds into a folder of its own, and `--dirty` builds on the last site.
        # First of all: a strict build that logs a warning must not replace the last site.
        self.swap = None
        self.directory_urls = config.use_directory_urls
        if self.command != "serve" and not self.dirty:
            self.swap = SiteSwap(Path(config.site_dir))
            self.swap.begin(config)
        add_reader(config, say=log.info)
        root = Path(os.path.relpath(Path(config.config_file_path).parent))  # messages: short paths
        self.sources = root / self.config.sources
        edition = read_edition(self.sources, root / self.config.annotations)
        self.texts, self.annotations = edition.texts, edition.annotations
        self.by_uri = {f"{MOUNT}/{t.id}.md": t for t in self.texts}
        self.unreadable = {f"{MOUNT}/{text_id}.md": text_id for text_id in edition.unreadable}
        self.problems, self.bodies = {}, {}
        for problem in edition.problems:
            log.warning(str(problem))
            self.problems.setdefault(self._page_of(problem), []).append(problem)
        self.extension = GlossatorExtension(self.annotations, self.texts)
        config.markdown_extensions.append(self.extension)
        config.watch.extend(str(folder.resolve()) for folder in (
            self.sources, root / self.config.annotations))
        config.watch.append(str(ASSETS))  # for whoever works on the reader in a checkout
        if config.nav is not None:
            config.nav = expand_nav(config.nav, self.texts, list(self.unreadable.values()))
        return config

    def on_build_error(self, *, error: Exception) -> None:
        if self.swap is not None:
            self.swap.abandon()
            self.swap = None

    @event_priority(-100)  # last: the search index and the offline files are written before
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Site(config.site_url or "", config.site_name, config.theme.get("language") or "",
                    self.directory_urls)
        write_collection(Path(config.site_dir), annotation_collection(
            self.texts, self.annotations, self.bodies, site))
        if self.swap is not None:
            self.swap.finish()
            self.swap = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._leave_out_links(files, Path(os.path.relpath(config.docs_dir)))
        add_reader_files(files, config, say=log.warning)
        for uri, text_id in self.unreadable.items():
            files.append(File.generated(config, uri, content=f"# {markdown_text(text_id)}\n\n"
                                        "This text cannot be shown until its problems are fixed.\n"))
        for uri, text in self.by_uri.items():
            # Given as content, a text page is rebuilt by every build, `--dirty` ones too: what
            # it shows depends on the annotations as much as on its file.
            files.append(File.generated(config, uri, content=read_utf8(text.where.path)))
        for text in self.texts:  # beside the text's page (`texts/<id>/<id>.bib`), either layout
            for suffix, content in cite_files(text, self._edition_page(text, config)).items():
                files.append(File.generated(config, _cite_uri(text, suffix), content=content))
        for witness in {t.witness for t in self.texts if t.witness}:
            path = self.sources / "witnesses" / posixpath.basename(witness)
            files.append(File.generated(config, witness_uri(witness), abs_src_path=str(path)))
        files.append(File.generated(config, GLOSSARY, content=glossary_markdown(self.annotations)))
        files.append(File.generated(config, CROSSREFS, content=crossrefs_markdown(self.annotations)))
        for name, path in engine_schemas().items():  # `<site>/schemas/`, for editors and tools
            if files.get_file_from_path(f"{SCHEMA_FOLDER}/{name}") is None:
                files.append(File.generated(config, f"{SCHEMA_FOLDER}/{name}", abs_src_path=str(path)))
        if self.dirty:
            self._rebuild_home_pages(files)
        return files

    def _leave_out_links(self, files: Files, docs: Path) -> None:
        """MkDocs follows symbolic links in docs/: what they point at is not published."""
        for link in links_in(docs):
            log.warning(str(link))
            self.problems.setdefault("index.md", []).append(link)
            linked = os.path.abspath(link.where.path) + os.sep
            for file in [f for f in files if f.abs_src_path and
                         (os.path.abspath(f.abs_src_path) + os.sep).startswith(linked)]:
                files.remove(file)

    @staticmethod
    def _rebuild_home_pages(files: Files) -> None:
        """Under `--dirty`, the pages that show the edition's counts and cards are rebuilt."""
        for file in files.documentation_pages():
            content = file.content_string
            if file.abs_src_path and (CARDS_MARKER in content or COUNTS_MARKER in content):
                file.content_string = content  # held as content: rebuilt every time
        log.info("--dirty: the texts, the glossary, the cross-references and the home page "
                 "are rebuilt every time (annotations change them); other pages only when "
                 "their file changes")

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        text = self.by_uri.get(page.file.src_uri)
        self.extension.begin(text, PageLinks(page.file.src_uri, GLOSSARY, MOUNT))
        if text is not None:
            # What the theme shows of the page is what the engine decides: its escaped title
            # (the theme writes titles unescaped), nothing else of the front matter; and the body
            # exactly as `glossator check` reads it, so that problems name the right lines.
            page.meta = {"title": escape(text.title)}
            return split_front_matter(page.file.content_string, text.where.path)[1]
        if COUNTS_MARKER in markdown:
            links = self.extension.links
            counts = render_counts(len(self.texts), self.annotations, links.to(GLOSSARY),
                                   links.to(CROSSREFS))
            markdown = markdown.replace(COUNTS_MARKER, counts)
        return markdown

    @event_priority(100)  # first: other plugins see the page as readers will, not tokens
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri, href = page.file.src_uri, _text_pages(page, files)
        text = self.by_uri.get(uri)
        if text is not None:
            self.bodies[text.id] = html  # the page text of the annotations' selectors
            html = self._header(text, page, config, files) + html
        elif uri in (GLOSSARY, CROSSREFS):
            html = expand(html, self.annotations, self.extension.label, href)
        elif CARDS_MARKER in html:
            cards = render_cards(self.texts, {t.id: href(t.id) for t in self.texts})
            html = html.replace(CARDS_MARKER, cards)
        problems = self.problems.get(uri, [])
        if text is not None:
            problems = problems + self.extension.resolved.problems.get(text.id, [])
        return render_problems(problems) + html if problems else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        text = self.by_uri.get(page.file.src_uri)
        if text is None:
            return output
        head = (highwire_tags(text, self._edition_page(text, config))
                + running_heads(text, edition=config.site_name))
        # The first "</head>" is the head's end: what contributors write before it is escaped.
        return output.replace("</head>", head + "</head>", 1)

    def _header(self, text: Text, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The text's header, with its citation and the links to its citation files and witness."""
        def href(uri: str) -> str:
            target = files.get_file_from_path(uri)
            return get_relative_url(target.url, page.url) if target else ""
        edition = self._edition_page(text, config)
        downloads = {name: href(_cite_uri(text, suffix)) for suffix, name in FORMATS.items()}
        return render_header(
            text, citation_html=render_citation(text, edition, downloads),
            witness_href=href(witness_uri(text.witness)) if text.witness else "",
            imprint_html=render_imprint(text, edition=edition.name, address=edition.address))

    def _edition_page(self, text: Text, config: MkDocsConfig) -> EditionPage:
        """Where the text is read: its page's address on the hosted edition (`site_url`)."""
        url = File(f"{MOUNT}/{text.id}.md", None, "", self.directory_urls).url
        address = urljoin(config.site_url, url) if config.site_url else ""
        return EditionPage(config.site_name, address, config.theme.get("language") or "")

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every page is converted, none written: say what the texts' conversion found, and
        # fill in what depends on every text (as Material's tags plugin fills its listings).
        for problem in self.extension.resolved.all_problems():
            log.warning(str(problem))
        for file in files.documentation_pages():
            if file.page is not None and file.page.content:
                file.page.content = fill(file.page.content, self.extension.resolved,
                                         self.extension.label, _text_pages(file.page, files))
        return env

    def _page_of(self, problem: Problem) -> str:
        """The page that shows a problem of loading: its text's, the glossary, or the home page."""
        path = problem.where.path
        text_page = f"{MOUNT}/{path.stem}.md"
        if path.suffix == ".md" or (path.suffix == ".yml" and path.stem not in ("glossary", "crossrefs")):
            if text_page in self.by_uri or text_page in self.unreadable:
                return text_page
        return {"glossary.yml": GLOSSARY, "crossrefs.yml": CROSSREFS}.get(path.name, "index.md")


def _text_pages(page: Page, files: Files):
    """The URL of each text's page, from `page`."""
    @functools.cache
    def href(text_id: str) -> str:
        target = files.get_file_from_path(f"{MOUNT}/{text_id}.md")
        return get_relative_url(target.url, page.url) if target else ""
    return href


class SiteSwap:
    """A build writes into `<site>.building`, which takes the place of `<site>` only once the
    build has succeeded: a failed or killed build leaves the last complete site as it was."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.building = site.with_name(site.name + ".building")
        self.previous = site.with_name(site.name + ".previous")
        # A strict build fails after the last plugin event if anything was logged as a warning.
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        self.config: MkDocsConfig | None = None

    def begin(self, config: MkDocsConfig) -> None:
        if not self.site.exists() and self.previous.is_dir():
            self.previous.rename(self.site)  # a build killed between the two renames of `finish`
        for stale in (self.building, self.previous):  # left by a killed build
            shutil.rmtree(stale, ignore_errors=True)
        self.config = config
        config.site_dir = str(self.building)
        logging.getLogger(BUILD_LOGGER).addHandler(self.warnings)

    def finish(self) -> None:
        self._end()
        if self.config.strict and self.warnings.get_counts():
            self._drop()  # MkDocs fails the build next
            return
        if self.site.exists():
            self.site.rename(self.previous)
        self.building.rename(self.site)
        shutil.rmtree(self.previous, ignore_errors=True)

    def abandon(self) -> None:
        self._end()
        self._drop()

    def _drop(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)
        if self.site.exists():
            log.info(f"{self.site} still holds the last site that was built.")

    def _end(self) -> None:
        logging.getLogger(BUILD_LOGGER).removeHandler(self.warnings)
        self.config.site_dir = str(self.site)  # for whoever reads it after the build (gh-deploy)


def _cite_uri(text: Text, suffix: str) -> str:
    return f"{MOUNT}/{text.id}/{text.id}.{suffix}"


def witness_uri(witness: str) -> str:
    return f"{MOUNT}/witnesses/{posixpath.basename(witness)}"


def expand_nav(nav: list, texts: tuple[Text, ...], unreadable: list[str] = ()) -> list:
    """Replace the nav entry that points at `texts/` by the texts, oldest first (then the texts
    that could not be read, by their ids)."""
    # Escaped: the theme writes navigation titles as they are (Markup is not escaped twice).
    pages = [{escape(t.title): f"{MOUNT}/{t.id}.md"} for t in texts]
    pages += [{escape(text_id): f"{MOUNT}/{text_id}.md"} for text_id in unreadable]
    expanded, found = [], False
    for item in nav:
        if isinstance(item, dict) and list(item.values()) == [f"{MOUNT}/"]:
            expanded.append({next(iter(item)): pages})
            found = True
        else:
            expanded.append(item)
    return expanded if found else [*expanded, {"Texts": pages}]
