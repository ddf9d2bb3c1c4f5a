"""The MkDocs plugin: mounts the texts as pages and hands each page to the engine."""

from __future__ import annotations

import functools
import gc
import logging
import os
import posixpath
import shutil
import zlib
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from .apparatus import Links
from .config import GlossatorConfig
from .extension import GlossatorExtension
from .load import links_in, load_annotations, load_texts, read_body, read_utf8
from .model import GlossatorError, Text
from .pages import (
    CROSSREFS, GLOSSARY, crossrefs_markdown, expand, fill, glossary_markdown, short_label,
)
from .render import render_cards, render_counts, render_header

log = get_plugin_logger(__name__)

MOUNT = "texts"  # texts are pages under texts/, their witnesses under texts/witnesses/
CARDS_MARKER = "<!-- glossator:texts -->"
COUNTS_MARKER = "<!-- glossator:apparatus -->"
HELD = "<!-- glossator: this text page waits compressed until it is written -->"


class GlossatorPluginError(PluginError):
    """Bad input: one clean message per problem, no traceback."""


class GlossatorPlugin(BasePlugin[GlossatorConfig]):
    command = "build"
    dirty = False  # `--dirty`: MkDocs keeps the site directory and rewrites only some pages
    swap: SiteSwap | None = None  # `mkdocs build`: the site is built beside the last one

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state: `mkdocs serve` reuses this object across rebuilds.
        root = Path(os.path.relpath(Path(config.config_file_path).parent))  # messages: short paths
        self.sources = root / self.config.sources
        try:
            self.texts = load_texts(self.sources)
            self.annotations = load_annotations(root / self.config.annotations, self.texts)
        except GlossatorError as error:
            raise GlossatorPluginError(str(error)) from None
        self.by_uri = {f"{MOUNT}/{t.id}.md": t for t in self.texts}
        self.by_id = {t.id: t for t in self.texts}
        self.extension = GlossatorExtension(self.annotations)
        # What is loaded now lasts the whole build and holds no garbage: the cyclic garbage
        # collector need not scan it again. (A large edition's annotations are some hundred
        # thousand objects, and each full collection read them all.) Unfrozen when the build ends.
        gc.freeze()
        # MkDocs holds every page from its conversion until all are written. A text page, with
        # its apparatus, is several times the size of its words, so from conversion until it is
        # written it waits compressed (src_uri -> bytes), and so does what its search index reads.
        self.held: dict[str, bytes] = {}
        self.search_views: dict[str, bytes] = {}
        config.markdown_extensions.append(self.extension)
        config.watch.extend([str(self.sources.resolve()), str((root / self.config.annotations).resolve())])
        if config.nav is not None:
            config.nav = expand_nav(config.nav, self.texts)
        # `mkdocs serve` builds into a folder of its own, and `--dirty` builds on the last site.
        self.swap = None
        if self.command != "serve" and not self.dirty:
            self.swap = SiteSwap(Path(config.site_dir))
            self.swap.begin(config)
        return config

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self.swap is not None:
            self.swap.abandon()
            self.swap = None

    @event_priority(-100)  # last: the search index and the offline files are written before
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.swap is not None:
            self.swap.finish()
            self.swap = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        problems = links_in(Path(os.path.relpath(config.docs_dir)))
        if problems:
            raise GlossatorPluginError("\n".join(str(p) for p in problems))
        for uri, text in self.by_uri.items():
            # Given as content, a text page is rebuilt by every build, `--dirty` ones too: what
            # it shows depends on the annotations as much as on its file.
            files.append(File.generated(config, uri, content=read_utf8(text.where.path)))
        for witness in {t.witness for t in self.texts if t.witness}:
            path = self.sources / "witnesses" / posixpath.basename(witness)
            files.append(File.generated(config, witness_uri(witness), abs_src_path=str(path)))
        files.append(File.generated(config, GLOSSARY, content=glossary_markdown(self.annotations)))
        files.append(File.generated(config, CROSSREFS, content=crossrefs_markdown(self.annotations)))
        if self.dirty:
            for file in files.documentation_pages():
                content = file.content_string
                if file.abs_src_path and (CARDS_MARKER in content or COUNTS_MARKER in content):
                    file.content_string = content  # held as content: rebuilt every time
            log.info("--dirty: the texts, the glossary, the cross-references and the home page "
                     "are rebuilt every time (annotations change them); other pages only when "
                     "their file changes")
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        text = self.extension.text = self.by_uri.get(page.file.src_uri)
        if text is not None:
            # What the theme shows of the page is what the engine decides: its escaped title
            # (the theme writes titles unescaped), nothing else of the front matter; and the body
            # exactly as `glossator check` reads it, so that problems name the right lines.
            page.meta = {"title": escape(text.title)}
            markdown = read_body(text)
        # Links between Markdown sources: MkDocs turns them into the right URLs and checks them.
        here = posixpath.dirname(page.file.src_uri) or "."
        self.extension.links = Links(
            glossary=posixpath.relpath(GLOSSARY, here),
            glossary_url=self._url(GLOSSARY, page, files),
            texts=functools.cache(lambda text_id: self._url(f"{MOUNT}/{text_id}.md", page, files)),
            titles=lambda text_id: short_label(self.by_id[text_id]),
        )
        if COUNTS_MARKER in markdown:
            counts = render_counts(self.annotations, posixpath.relpath(GLOSSARY, here),
                                   posixpath.relpath(CROSSREFS, here))
            markdown = markdown.replace(COUNTS_MARKER, counts)
        return markdown

    @event_priority(100)  # first: other plugins see the entries and cards, not their tokens
    def _expand_generated(self, html: str, *, page: Page, config: MkDocsConfig,
                          files: Files) -> str:
        if page.file.src_uri in (GLOSSARY, CROSSREFS):
            return expand(html, self.annotations)
        if CARDS_MARKER in html:
            links = {t.id: self._url(uri, page, files) for uri, t in self.by_uri.items()}
            return html.replace(CARDS_MARKER, render_cards(self.texts, links))
        return html

    @event_priority(-100)  # last: other plugins see the page itself, not what stands in for it
    def _hold_text_page(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        text = self.by_uri.get(page.file.src_uri)
        if text is None:
            return html
        witness = files.get_file_from_path(witness_uri(text.witness)) if text.witness else None
        header = render_header(
            text, page_url=page.canonical_url or "",
            witness_href=get_relative_url(witness.url, page.url) if witness else "",
        )
        if page.present_anchor_ids is not None:  # so that MkDocs checks links to the lists
            page.present_anchor_ids |= self.extension.list_ids
        if self.extension.search_view is not None:
            self.search_views[page.file.src_uri] = _compress(header + self.extension.search_view)
        self.held[page.file.src_uri] = _compress(header + html)
        return HELD

    on_page_content = CombinedEvent(_expand_generated, _hold_text_page)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every page is rendered now, none written: report what did not anchor.
        record = self.extension.record
        if record.problems:
            raise GlossatorPluginError("\n".join(str(p) for p in record.problems))
        self.files = files
        gc.freeze()  # the pages and what they recorded: kept until the build ends
        return env

    @event_priority(100)  # before the search plugin (priority 0) indexes the page
    def _show_search_its_view(self, context, *, page: Page, config: MkDocsConfig, nav):
        view = self.search_views.pop(page.file.src_uri, None)
        if view is not None:
            page.content = _decompress(view)
        return context

    @event_priority(-100)  # after the search plugin: the page as readers get it
    def _fill_page(self, context, *, page: Page, config: MkDocsConfig, nav):
        # What depends on all texts (paragraphs of passages, occurrences of terms) is filled in
        # now, after the index read the page: the lists of places are not worth searching.
        held = self.held.pop(page.file.src_uri, None)
        content = page.content if held is None else _decompress(held)
        if content:
            href = functools.cache(lambda text_id: self._url(f"{MOUNT}/{text_id}.md", page, self.files))
            page.content = fill(content, self.extension.record, self.annotations, self.by_id, href)
        return context

    on_page_context = CombinedEvent(_show_search_its_view, _fill_page)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.by_uri:
            page.content = None  # written: not kept in memory for the rest of the build
        return output

    @staticmethod
    def _url(uri: str, page: Page, files: Files) -> str:
        target = files.get_file_from_path(uri)
        return get_relative_url(target.url, page.url) if target else ""


def _compress(html: str) -> bytes:
    return zlib.compress(html.encode("utf-8"), 1)


def _decompress(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


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
        logging.getLogger("mkdocs").addHandler(self.warnings)

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
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.config.site_dir = str(self.site)  # for whoever reads it after the build (gh-deploy)


def witness_uri(witness: str) -> str:
    return f"{MOUNT}/witnesses/{posixpath.basename(witness)}"


def expand_nav(nav: list, texts: tuple[Text, ...]) -> list:
    """Replace the nav entry that points at `texts/` by the texts, oldest first."""
    # Escaped: the theme writes navigation titles as they are (Markup is not escaped twice).
    pages = [{escape(t.title): f"{MOUNT}/{t.id}.md"} for t in texts]
    expanded, found = [], False
    for item in nav:
        if isinstance(item, dict) and list(item.values()) == [f"{MOUNT}/"]:
            expanded.append({next(iter(item)): pages})
            found = True
        else:
            expanded.append(item)
    return expanded if found else [*expanded, {"Texts": pages}]
