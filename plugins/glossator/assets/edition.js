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

  /* Today as the edition writes dates: "14 May 2025" (the reader's date, not the build's). */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function today() {
    var day = new Date();
    return day.getDate() + " " + MONTHS[day.getMonth()] + " " + day.getFullYear();
  }

  /* The date of access in each citation, the date of printing in the printed imprint. Without
     this script a citation has no date of access and the imprint no date. */
  function fillDates() {
    document.querySelectorAll(".gl-cite__accessed").forEach(function (date) {
      date.textContent = ", accessed " + today();
    });
    document.querySelectorAll(".gl-imprint__date").forEach(function (date) {
      date.textContent = " · Printed on " + today();
    });
  }

  /* A button's word changes for two seconds once its text is on the clipboard. */
  function copyButton(label, text, done) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", function () {
      copyText(text()).then(function () {
        button.textContent = "Copied";
        if (done) done();
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
    return button;
  }

  /* A "Copy citation" button beside the links to the citation files. */
  function addCopyButtons() {
    document.querySelectorAll(".gl-cite__text").forEach(function (cite) {
      var place = cite.parentElement;
      if (place.querySelector(".gl-copy")) return;
      var button = copyButton("Copy citation", function () { return cite.textContent.trim(); });
      button.className = "md-button gl-copy";
      var files = place.querySelector(".gl-cite__files");
      if (files) files.prepend(button); else cite.after(button);
    });
  }

  /* The row of the header's controls, where the reader's buttons join the summaries. */
  function toolbar() {
    return document.querySelector(".gl-header .gl-tools");
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
    var row = toolbar();
    if (!row || row.querySelector(".gl-layer")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button gl-layer";
    // A toggle keeps its name; its state is aria-pressed (and the filled look).
    button.textContent = "Plain text";
    button.title = "Hide the editor's notes, marks and links (the choice holds on every page)";
    function show() {
      var plain = document.documentElement.classList.contains(PLAIN);
      // Term links read as plain words then: out of the tab order too.
      document.querySelectorAll("a.gl-term").forEach(function (link) {
        if (plain) link.setAttribute("tabindex", "-1"); else link.removeAttribute("tabindex");
      });
      button.setAttribute("aria-pressed", plain ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var plain = document.documentElement.classList.toggle(PLAIN);
      remember(plain);
      show();
    });
    show();
    row.appendChild(button);
  }

  /* "Print": the print stylesheet does the rest (edition.css and apparatus.css, @media print). */
  function addPrintButton() {
    var row = toolbar();
    if (!row || !window.print || row.querySelector(".gl-print-button")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button gl-print-button";
    button.textContent = "Print";
    button.title = "Print this text";
    button.addEventListener("click", function () { window.print(); });
    row.appendChild(button);
  }

  /* The paragraph control beside each paragraph number opens a small panel: the paragraph's
     citation (author, title, ¶n, address) to copy, and its link. One panel is open at a time;
     Escape, a click elsewhere or the focus leaving closes it. */
  var open = null;  // {control, panel}

  function paragraphAddress(number) {
    var cited = document.querySelector(".gl-cite__address");  // the hosted page's address
    return (cited ? cited.href.split("#")[0] : location.href.split("#")[0]) + number.getAttribute("href");
  }

  function paragraphCitation(number) {
    var authors = document.querySelector(".gl-cite__authors");
    var title = document.querySelector(".gl-header .gl-title").textContent.trim();
    var edition = document.querySelector(".gl-cite__edition");
    var words = authors ? authors.textContent.trim() + ", " : "";
    words += "“" + title + (/[.?!]$/.test(title) ? "”" : ",”") + " ¶" + number.getAttribute("data-n") + ".";
    words += " Annotated edition: " + (edition ? edition.textContent.trim() + ", " : "");
    return words + paragraphAddress(number) + ", accessed " + today() + ".";
  }

  function closePanel(refocus) {
    if (!open) return;
    var control = open.control;
    open.panel.remove();
    open = null;
    control.setAttribute("aria-expanded", "false");
    control.removeAttribute("aria-controls");
    if (refocus) control.focus();
  }

  function openPanel(number, control) {
    var n = number.getAttribute("data-n");
    var panel = document.createElement("span");
    panel.className = "gl-pmenu";
    panel.id = "gl-pmenu";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", "Cite paragraph " + n);
    var title = document.createElement("span");
    title.className = "gl-pmenu__title";
    title.textContent = "Cite this paragraph (¶" + n + ")";
    var cite = document.createElement("span");
    cite.className = "gl-pmenu__cite";
    cite.textContent = paragraphCitation(number);
    var status = document.createElement("span");
    status.className = "gl-pmenu__status";
    status.setAttribute("role", "status");
    function said(words) { return function () { status.textContent = words; }; }
    var copyCite = copyButton("Copy citation", function () { return cite.textContent; }, said("Citation copied"));
    copyCite.className = "gl-pmenu__copy";
    var copyLink = copyButton("Copy link", function () {
      return location.href.split("#")[0] + number.getAttribute("href");  // the page as opened
    }, said("Link to paragraph " + n + " copied"));
    copyLink.className = "gl-pmenu__link";
    var buttons = document.createElement("span");
    buttons.className = "gl-pmenu__buttons";
    buttons.append(copyCite, copyLink, status);
    panel.append(title, cite, buttons);
    control.after(panel);
    control.setAttribute("aria-expanded", "true");
    control.setAttribute("aria-controls", panel.id);
    open = {control: control, panel: panel};
  }

  function addParagraphControls() {
    document.querySelectorAll("a.gl-pnum").forEach(function (number) {
      if (number.nextElementSibling && number.nextElementSibling.classList.contains("gl-copylink")) return;
      var n = number.getAttribute("data-n");
      var control = document.createElement("button");
      control.type = "button";
      control.className = "gl-copylink";
      control.setAttribute("aria-label", "Cite or copy the link of paragraph " + n);
      control.setAttribute("aria-expanded", "false");
      control.title = control.getAttribute("aria-label");
      control.addEventListener("click", function () {
        var again = open && open.control === control;
        closePanel(false);
        if (!again) openPanel(number, control);
      });
      number.after(control);
    });
  }

  function closePanelWhenLeft() {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) closePanel(true);
    });
    function outside(event) {
      if (open && !open.panel.contains(event.target) && !open.control.contains(event.target)) closePanel(false);
    }
    document.addEventListener("click", outside);
    document.addEventListener("focusin", outside);
  }

  /* Material's search is a dialog without a name: give it one for screen readers. */
  function nameSearch() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }

  function start() {
    nameSearch();
    fillDates();
    addCopyButtons();
    addLayerSwitch();
    addPrintButton();
    addParagraphControls();
  }

  closePanelWhenLeft();
  window.addEventListener("beforeprint", fillDates);

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
