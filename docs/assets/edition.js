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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addCopyButtons);
  } else {
    addCopyButtons();
  }
})();
