/* The edition's progressive enhancements. Every page reads fully without this file. */
(function () {
  "use strict";

  /* Text onto the clipboard; a promise either way. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // file:// pages may lack the asynchronous clipboard: the older command still works there.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  /* A "Copy" button beside the citation of a text. */
  function addCopyButtons() {
    document.querySelectorAll(".gl-cite__text").forEach(function (cite) {
      if (cite.nextElementSibling?.classList.contains("gl-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button gl-copy";
      button.textContent = "Copy citation";
      button.addEventListener("click", function () {
        copyText(cite.textContent.trim()).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy citation"; }, 2000);
        });
      });
      cite.after(button);
    });
  }

  /* A switch for the editor's layer (highlights, markers, term links): the pristine text is
     one click away, and the choice holds on every page until changed. */
  var PLAIN = "gl-plain";
  var KEY = "glossator.plain";

  function remembered() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function remember(plain) {
    try { localStorage.setItem(KEY, plain ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  function addLayerSwitch() {
    var header = document.querySelector(".gl-header");
    if (!header || header.querySelector(".gl-layer")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button gl-layer";
    function show() {
      var plain = document.documentElement.classList.contains(PLAIN);
      // Term links read as plain words then: out of the tab order too.
      document.querySelectorAll("a.gl-term").forEach(function (link) {
        if (plain) link.setAttribute("tabindex", "-1"); else link.removeAttribute("tabindex");
      });
      button.setAttribute("aria-pressed", plain ? "true" : "false");
      button.textContent = plain ? "Show the editor's notes and links" : "Hide the editor's notes and links";
    }
    button.addEventListener("click", function () {
      var plain = document.documentElement.classList.toggle(PLAIN);
      remember(plain);
      show();
    });
    show();
    header.appendChild(button);
  }

  /* "Print this text": the print stylesheet does the rest (see edition.css, @media print). */
  function addPrintButton() {
    var header = document.querySelector(".gl-header");
    if (!header || !window.print || header.querySelector(".gl-print-button")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button gl-print-button";
    button.textContent = "Print this text";
    button.addEventListener("click", function () { window.print(); });
    header.appendChild(button);
  }

  /* A "copy link" control beside each paragraph number: the paragraph's address, ready to cite. */
  function addCopyLinks() {
    document.querySelectorAll("a.gl-pnum").forEach(function (number) {
      if (number.nextElementSibling && number.nextElementSibling.classList.contains("gl-copylink")) return;
      var n = number.getAttribute("data-n");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gl-copylink";
      button.setAttribute("aria-label", "Copy link to paragraph " + n);
      button.title = "Copy link to paragraph " + n;
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + number.getAttribute("href");
        copyText(url).then(function () {
          button.classList.add("gl-copylink--done");
          button.setAttribute("aria-label", "Link to paragraph " + n + " copied");
          setTimeout(function () {
            button.classList.remove("gl-copylink--done");
            button.setAttribute("aria-label", "Copy link to paragraph " + n);
          }, 2000);
        });
      });
      number.after(button);
    });
  }

  /* Tooltips (Material's, opened on hover and focus) close on Escape, without moving focus.
     Every marker with a tooltip is a footnote-ref: notes, terms, cross-references, the author's. */
  var HOSTS = "a.footnote-ref";
  var CLOSED = "gl-tooltips-closed";

  function closeTooltipsOnEscape() {
    var root = document.documentElement;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") root.classList.add(CLOSED);
    });
    // Reaching a marker afresh (focus, or the pointer entering it) opens tooltips again.
    function reopen(event) {
      var host = event.target.closest && event.target.closest(HOSTS);
      if (host && !(event.relatedTarget && host.contains(event.relatedTarget))) root.classList.remove(CLOSED);
    }
    document.addEventListener("focusin", reopen);
    document.addEventListener("mouseover", reopen);
  }

  /* On a touch screen there is no hover: the first tap on a marker opens its tooltip, a second
     tap follows the link, a tap elsewhere closes it. */
  function tapToOpen() {
    if (!window.matchMedia || !window.matchMedia("(hover: none)").matches) return;
    var opened = null;
    document.addEventListener("click", function (event) {
      var host = event.target.closest && event.target.closest(HOSTS);
      if (!host || host.closest(".md-tooltip2")) return;
      if (host === opened) return;  // the second tap: follow the link
      event.preventDefault();
      opened = host;
      host.focus();
    }, true);
    document.addEventListener("focusout", function (event) {
      if (event.target === opened) opened = null;
    });
  }

  /* Material's search is a dialog without a name: give it one for screen readers. */
  function nameSearch() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }

  function start() {
    nameSearch();
    addCopyButtons();
    addLayerSwitch();
    addPrintButton();
    addCopyLinks();
  }

  closeTooltipsOnEscape();
  tapToOpen();

  // Early, so that a reader who chose the plain text never sees the layer flash.
  document.documentElement.classList.toggle(PLAIN, remembered());
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
