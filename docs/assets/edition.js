/* The edition's progressive enhancements. Every page reads fully without this file. */
(function () {
  "use strict";

  /* A "Copy" button beside the citation of a text. */
  function addCopyButtons() {
    document.querySelectorAll(".gl-cite__text").forEach(function (cite) {
      if (!navigator.clipboard || cite.nextElementSibling?.classList.contains("gl-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button gl-copy";
      button.textContent = "Copy citation";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(cite.textContent.trim()).then(function () {
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

  function start() {
    addCopyButtons();
    addLayerSwitch();
  }

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
