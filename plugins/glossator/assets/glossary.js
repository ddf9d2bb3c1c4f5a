/* A filter for the glossary page. The page reads fully without this file: the box is made
   here, so that a reader without JavaScript never sees a control that does nothing.

   Typing keeps the entries whose name, forms in the texts or definition hold every word typed
   (case and accents aside), hides the kinds left empty, and says how many match; clearing the
   box shows every entry again. Nothing is fetched: it reads the page it is on, from a server or
   from the disk alike. */
(function () {
  "use strict";

  var INDEX = "nav.gl-index";
  var LEFT_OUT = ".gl-see, .gl-folds, .gl-forms > strong";  // not what a term is

  /* Lower case without accents, quote marks or dashes told apart: how the words are compared. */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u2010-\u2015]/g, "-")
      .replace(/\s+/g, " ");
  }

  /* The words an entry is found by: its name, its forms and its definition. */
  function wordsOf(heading, entry) {
    var copy = entry.cloneNode(true);
    copy.querySelectorAll(LEFT_OUT).forEach(function (part) { part.remove(); });
    return fold(heading.textContent + " " + copy.textContent);
  }

  /* Every entry (its heading, its body, its words) and every kind (its heading, its entries),
     read from the page in one pass: a kind is an h2, an entry an h3 followed by its .gl-entry. */
  function readGlossary(article) {
    var kinds = [], entries = [], kind = null;
    Array.prototype.forEach.call(article.children, function (part) {
      if (part.tagName === "H2") {
        kind = {heading: part, entries: [], toc: tocItem(part)};
        kinds.push(kind);
      }
      var heading = part.previousElementSibling;
      if (!part.classList.contains("gl-entry") || !heading || heading.tagName !== "H3") return;
      var entry = {heading: heading, body: part, words: wordsOf(heading, part), toc: tocItem(heading)};
      entries.push(entry);
      if (kind) kind.entries.push(entry);
    });
    return {kinds: kinds, entries: entries};
  }

  /* The table of contents' item for a heading, hidden along with it. */
  function tocItem(heading) {
    if (!heading.id) return null;
    var link = document.querySelector('.md-nav a[href="#' + CSS.escape(heading.id) + '"]');
    return link ? link.closest("li") : null;
  }

  /* A heading shown or hidden, with its item in the table of contents. */
  function show(part, shown) {
    part.heading.hidden = !shown;
    if (part.toc) part.toc.hidden = !shown;
  }

  function apply(glossary, query, status) {
    var words = fold(query).trim().split(" ").filter(Boolean);
    var matched = 0;
    glossary.entries.forEach(function (entry) {
      var hit = words.every(function (word) { return entry.words.indexOf(word) >= 0; });
      entry.hit = hit;
      if (hit) matched += 1;
      show(entry, hit);
      entry.body.hidden = !hit;
    });
    glossary.kinds.forEach(function (kind) {
      show(kind, kind.entries.some(function (entry) { return entry.hit; }));
    });
    if (!words.length) {
      status.textContent = "";
    } else if (!matched) {
      status.textContent = "No entry matches \u201c" + query.trim() + "\u201d.";
    } else {
      status.textContent = matched + " of " + glossary.entries.length + " entries " +
        (matched === 1 ? "matches." : "match.");
    }
  }

  /* The box, its label and its status line, placed just after the index. */
  function makeFilter(index) {
    var box = document.createElement("div");
    box.className = "gl-filter";
    var label = document.createElement("label");
    label.htmlFor = "gl-filter-input";
    label.textContent = "Filter the glossary";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "gl-filter-input";
    input.className = "gl-filter__input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "a name, a word of a definition";
    var status = document.createElement("p");
    status.className = "gl-filter__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.append(label, input, status);
    index.after(box);
    return {input: input, status: status};
  }

  function start() {
    var index = document.querySelector("article " + INDEX);
    if (!index || index.nextElementSibling?.classList.contains("gl-filter")) return;
    var glossary = readGlossary(index.closest("article"));
    var filter = makeFilter(index);
    filter.input.addEventListener("input", function () {
      apply(glossary, filter.input.value, filter.status);
    });
    // A letter or a kind of the index leads to its entry even when the filter hides it.
    index.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var goal = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (goal && goal.hidden) {
        filter.input.value = "";
        apply(glossary, "", filter.status);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Material's instant navigation swaps pages without reloading this script.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  }
})();
