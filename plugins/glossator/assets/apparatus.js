/* The apparatus where it is read. Every page reads fully without this file: the notes, the
   cross-references and the terms are listed at the end of each text.

   - On a wide screen, each editorial note is set in the margin beside its passage, in full;
     the notes never overlap, and one is pushed down when the one before it is long.
   - A marker (a note's letter, a cross-reference's ⇄, a glossary term, the author's note
     number) opens its content: a popover beside it on a wide screen, a sheet across the foot
     of the screen otherwise. Escape, the close button or a click elsewhere closes it, and
     focus goes back to the marker. */
(function () {
  "use strict";

  var MARGIN = "gl-margin";         // on <html> while notes are in the margin
  var MIN_MARGIN_WIDTH = 220;       // px: a narrower margin cannot hold a note
  var MAX_MARGIN_WIDTH = 400;
  var GAP = 12;                     // px between two margin notes
  var DRIFT = 0.4;                  // of the screen's height: how far a note may be pushed
                                    // below its passage unfolded (it stays on the same screen)
  // Ever shorter folds, each when a note would push the next one that far below its passage
  // (of the screen's height): to four lines, to two, to its label alone.
  var FOLDS = [["gl-long", DRIFT], ["gl-tight", DRIFT], ["gl-shut", 0.6]];
  var FOLDED = ["gl-folded"].concat(FOLDS.map(function (fold) { return fold[0]; }));
  var MARKERS = "a.gl-note-ref, a.gl-xref-ref, a.gl-term, a.footnote-ref";

  function article() {
    var header = document.querySelector("article.md-typeset > .gl-header");
    return header ? header.parentElement : null;
  }

  /* The element a marker's link points to on this page ("#gl-note-x", "../../glossary/#term-x"
     is this page's "#term-x", "#fn:1"). */
  function target(link) {
    var href = link.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash < 0) return null;
    return document.getElementById(decodeURIComponent(href.slice(hash + 1)));
  }

  function kindOf(link) {
    if (link.matches(".gl-note-ref")) return "note";
    if (link.matches(".gl-xref-ref")) return "xref";
    if (link.matches(".gl-term")) return "term";
    return "footnote";
  }

  function copyOf(element, selector) {
    var found = element.querySelector(selector);
    return found ? found.cloneNode(true) : null;
  }

  /* A link from a panel to the page that has the whole entry. */
  function more(item, selector, words) {
    var link = item.querySelector(selector).cloneNode(false);
    link.className = "gl-panel__more";
    link.textContent = words;
    return link;
  }

  /* What a marker opens: a title and the content, copied from the list at the end. */
  function contentOf(link) {
    var item = target(link);
    if (!item) return null;
    var kind = kindOf(link);
    var parts = [];
    var title;
    if (kind === "note") {
      title = "Editorial note " + item.querySelector(".gl-siglum").textContent + ", " +
        item.querySelector(".gl-note-kind").textContent;
      parts = [copyOf(item, ".gl-body"), copyOf(item, ".gl-sources")];
    } else if (kind === "xref") {
      title = item.querySelector(".gl-xref-name").textContent;
      parts = [copyOf(item, ".gl-xref-summary"), copyOf(item, ".gl-xref-quotes"),
               more(item, "a.gl-xref-name", "Every passage, on the cross-references page")];
    } else if (kind === "term") {
      var card = item.querySelector(".gl-term-card");
      if (!card) return null;
      title = card.querySelector(".gl-term-head").textContent;
      parts = [copyOf(card, ".gl-term-forms"), copyOf(card, ".gl-body"),
               more(item, "a.gl-term-name", "The glossary entry")];
    } else {
      title = "Note " + link.textContent.trim();
      var note = item.cloneNode(true);
      note.removeAttribute("id");
      note.querySelectorAll(".footnote-backref").forEach(function (back) { back.remove(); });
      parts = Array.prototype.slice.call(note.childNodes);
    }
    parts = parts.filter(Boolean);
    parts.forEach(function (part) {
      if (part.querySelectorAll) {
        part.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      }
    });
    return { kind: kind, title: title, parts: parts };
  }

  /* --- Notes in the margin ------------------------------------------------------------- */

  var sidenotes = {};  // note id -> its margin note

  function marginWidth(page) {
    var content = page.parentElement.getBoundingClientRect();
    var text = page.getBoundingClientRect();
    return Math.min(MAX_MARGIN_WIDTH, content.right - text.right - 24);
  }

  function sidenoteFor(link) {
    var id = link.getAttribute("href").slice("#gl-note-".length);
    if (sidenotes[id]) return sidenotes[id];
    var content = contentOf(link);
    if (!content) return null;
    var note = document.createElement("aside");
    note.className = "gl-sidenote";
    note.setAttribute("data-note", id);
    note.setAttribute("tabindex", "-1");
    note.setAttribute("aria-label", content.title);
    var key = document.createElement("p");
    key.className = "gl-sidenote__key";
    key.textContent = content.title.replace(/^Editorial note /, "") + " ";
    var place = target(link).querySelector(".gl-place");
    if (place) key.appendChild(place.cloneNode(true));  // where it belongs, if it is pushed down
    note.appendChild(key);
    content.parts.forEach(function (part) {
      if (!part.matches(".gl-sources")) return note.appendChild(part);
      // The note's words in full; its sources one click away, so notes stay near their passage.
      var sources = document.createElement("details");
      sources.className = "gl-sidenote__sources";
      sources.innerHTML = "<summary>Sources</summary>";
      part.firstChild.textContent = part.firstChild.textContent.replace(/^Sources: /, "");
      sources.appendChild(part);
      note.appendChild(sources);
    });
    // In the page's order, right after the block that holds the marker: read after it.
    var block = link.closest("article > *");
    var after = block;
    while (after.nextElementSibling && after.nextElementSibling.matches(".gl-sidenote")) {
      after = after.nextElementSibling;
    }
    note.appendChild(foldControl(note));
    after.after(note);
    linkHighlights(note, id);
    sidenotes[id] = note;
    return note;
  }

  /* A margin note and its passage light up together. */
  function linkHighlights(note, id) {
    var parts = function () {
      return document.querySelectorAll('mark.gl-note-mark[data-note="' + id + '"], #gl-noteref-' + id);
    };
    function light(on) {
      note.classList.toggle("gl-lit", on);
      parts().forEach(function (el) { el.classList.toggle("gl-lit", on); });
    }
    note.addEventListener("mouseenter", function () { light(true); });
    note.addEventListener("mouseleave", function () { light(false); });
    parts().forEach(function (el) {
      el.addEventListener("mouseenter", function () { light(true); });
      el.addEventListener("mouseleave", function () { light(false); });
    });
  }

  function layOutMargin() {
    var page = article();
    if (!page) return;
    var root = document.documentElement;
    var width = marginWidth(page);
    var fits = width >= MIN_MARGIN_WIDTH && !root.classList.contains("gl-plain");
    root.classList.toggle(MARGIN, fits);
    if (!fits) {
      page.style.minHeight = "";
      return;
    }
    page.style.setProperty("--gl-margin-width", width + "px");
    var top = page.getBoundingClientRect().top;
    var placed = [];  // [note, its top]
    page.querySelectorAll("a.gl-note-ref").forEach(function (link) {
      if (link.closest(".gl-notes")) return;
      var note = sidenoteFor(link);
      if (note) placed.push([note, link.getBoundingClientRect().top - top - 4]);
    });
    var bottom = 0;
    placed.forEach(function (entry, i) {
      var note = entry[0];
      note.classList.remove.apply(note.classList, FOLDED);
      var at = Math.max(entry[1], bottom);
      note.style.top = at + "px";
      var next = placed[i + 1];
      // A long note that would push the next one far from its passage is folded, with a
      // visible "Read on": to four lines, or, where notes crowd (a run of short lines each
      // noted, as in a text's own notes), to two, or to its label alone; never so that it
      // grows. A note the reader has opened stays open.
      var pushes = function (drift) {
        return next && at + note.offsetHeight + GAP > next[1] + drift * window.innerHeight;
      };
      if (!note.classList.contains("gl-open")) {
        FOLDS.some(function (fold, level) {
          if (!pushes(fold[1])) return true;
          var height = note.offsetHeight;
          note.classList.add("gl-folded", fold[0]);
          if (note.offsetHeight < height) return false;
          note.classList.remove(fold[0]);
          if (level === 0) note.classList.remove("gl-folded");
          return true;
        });
      }
      bottom = at + note.offsetHeight + GAP;
    });
    page.style.minHeight = bottom + "px";
  }

  function foldControl(note) {
    var more = document.createElement("button");
    more.type = "button";
    more.className = "gl-sidenote__more";
    more.textContent = "Read on";
    more.addEventListener("click", function () {
      var open = note.classList.toggle("gl-open");
      more.textContent = open ? "Fold" : "Read on";
      more.setAttribute("aria-expanded", open ? "true" : "false");
      relayOut();
    });
    more.setAttribute("aria-expanded", "false");
    return more;
  }

  var pending = false;
  function relayOut() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; layOutMargin(); });
  }

  /* --- Popovers and sheets -------------------------------------------------------------- */

  var panel = null;
  var opener = null;

  function makePanel() {
    panel = document.createElement("div");
    panel.className = "gl-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "gl-panel-title");
    panel.innerHTML = '<div class="gl-panel__bar"><h2 class="gl-panel__title" id="gl-panel-title"></h2>' +
      '<button type="button" class="gl-panel__close" aria-label="Close">×</button></div>' +
      '<div class="gl-panel__body" tabindex="0"></div>';
    panel.querySelector(".gl-panel__close").addEventListener("click", function () { close(); });
    var body = panel.querySelector(".gl-panel__body");
    body.addEventListener("scroll", function () { showScroll(body); });
    panel.addEventListener("keydown", keepFocusInSheet);
    document.body.appendChild(panel);
  }

  /* A body that scrolls says so: a shadow at the edge that hides more words. */
  function showScroll(body) {
    body.classList.toggle("gl-more-below", body.scrollTop + body.clientHeight < body.scrollHeight - 2);
    body.classList.toggle("gl-more-above", body.scrollTop > 2);
  }

  function open(link) {
    var content = contentOf(link);
    if (!content) return false;
    if (!panel) makePanel();
    var sheet = !document.documentElement.classList.contains(MARGIN);
    panel.className = "gl-panel gl-panel--" + content.kind + (sheet ? " gl-panel--sheet" : " gl-panel--popover");
    panel.setAttribute("aria-modal", sheet ? "true" : "false");
    panel.querySelector(".gl-panel__title").textContent = content.title;
    var body = panel.querySelector(".gl-panel__body");
    body.replaceChildren.apply(body, content.parts);
    body.scrollTop = 0;
    panel.hidden = false;
    if (!sheet) place(link);
    showScroll(body);
    opener = link;
    body.focus();
    return true;
  }

  /* A popover opens below its marker, or above it when there is more room there. */
  function place(link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(panel.offsetWidth, window.innerWidth - 16);
    var left = Math.max(8, Math.min(box.left - 24, window.innerWidth - width - 8));
    var below = window.innerHeight - box.bottom;
    panel.style.left = left + scrollX + "px";
    panel.style.maxHeight = "";
    var room = Math.max(below, box.top) - 16;
    panel.style.maxHeight = Math.min(room, window.innerHeight * 0.7) + "px";
    var top = below >= panel.offsetHeight + 8 || below >= box.top
      ? box.bottom + 6 : box.top - panel.offsetHeight - 6;
    panel.style.top = top + scrollY + "px";
  }

  function close() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    var back = opener;
    opener = null;
    if (back) back.focus({ preventScroll: true });
  }

  /* A sheet is modal: Tab goes round its controls. */
  function keepFocusInSheet(event) {
    if (event.key !== "Tab" || !panel.classList.contains("gl-panel--sheet")) return;
    var stops = Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button, [tabindex='0']"),
      function (el) { return el.getClientRects().length; });
    var first = stops[0];
    var last = stops[stops.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && document.activeElement === last) {
      first.focus();
      event.preventDefault();
    }
  }

  function onClick(event) {
    var link = event.target.closest && event.target.closest(MARKERS);
    if (link && article() && article().contains(link) && !link.closest(".gl-notes, .gl-xrefs, .gl-terms, .gl-sidenote")) {
      if (link.matches(".gl-note-ref") && document.documentElement.classList.contains(MARGIN)) {
        var note = sidenoteFor(link);
        if (note) {
          event.preventDefault();
          note.focus({ preventScroll: true });
          note.scrollIntoView({ block: "nearest" });
          note.classList.remove("gl-arrived");
          void note.offsetWidth;  // restart the arrival animation
          note.classList.add("gl-arrived");
          return;
        }
      }
      if (link === opener && panel && !panel.hidden) {
        event.preventDefault();
        close();
        return;
      }
      if (open(link)) event.preventDefault();
      return;
    }
    if (!panel || panel.hidden) return;
    if (!panel.contains(event.target)) {
      close();
    } else if (event.target.closest("a[href]")) {
      // A link out of the panel (a ¶, another text): the reader goes there, the panel closes.
      opener = null;
      panel.hidden = true;
    }
  }

  function onKey(event) {
    if (event.key === "Escape" && panel && !panel.hidden) {
      event.preventDefault();
      close();
    }
  }

  function start() {
    var page = article();
    if (!page || page.hasAttribute("data-gl-apparatus")) return;
    page.setAttribute("data-gl-apparatus", "");
    layOutMargin();
    window.addEventListener("resize", relayOut);
    if (window.ResizeObserver) new ResizeObserver(relayOut).observe(page);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(relayOut);
    document.addEventListener("toggle", relayOut, true);  // <details> opened or closed
    new MutationObserver(relayOut).observe(document.documentElement,
      { attributes: true, attributeFilter: ["class"] });  // the editor's layer switched
  }

  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
