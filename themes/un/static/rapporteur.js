/* rapporteur — default theme "un". Progressive enhancement only: the site works without it.
 *
 * Language switch keeps the reader's place. Paragraph and heading ids are the same in every
 * language version of a report, so when a link with class "lang-switch" is followed, the
 * current fragment — or, failing that, the id of the numbered paragraph or heading nearest
 * the top of the viewport — is appended to the link before the browser navigates.
 */
(function () {
  "use strict";

  var ANCHORS = '[id^="para-"], [id*="-para-"], h2[id], h3[id], h4[id]';
  /* An anchor this far below the top edge still counts as "at the top" (px). */
  var SLACK = 48;

  /* Bottom edge of the sticky site header: the visible page starts there. */
  function viewTop() {
    var header = document.querySelector(".site-header");
    if (!header) return 0;
    var pos = window.getComputedStyle(header).position;
    if (pos !== "sticky" && pos !== "fixed") return 0;
    return Math.max(0, header.getBoundingClientRect().bottom);
  }

  function anchorNearTop() {
    var root = document.getElementById("main") || document.body;
    var line = viewTop() + SLACK;
    var nodes = root.querySelectorAll(ANCHORS);
    var best = null;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.closest && node.closest(".toc, .footnotes")) continue;
      var rect = node.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue; /* hidden */
      if (rect.top <= line) {
        best = node; /* document order: keep the last one that starts above the line */
      } else {
        break;
      }
    }
    /* At the very top of the page there is no place to keep. */
    if (!best || (window.scrollY || window.pageYOffset || 0) < 1) return "";
    return best.id;
  }

  function currentPlace() {
    var hash = window.location.hash;
    if (hash && hash.length > 1) return hash.slice(1);
    return anchorNearTop();
  }

  function keepPlace(event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var link = target.closest("a.lang-switch");
    if (!link || !link.href) return;
    var place = currentPlace();
    if (!place) return;
    var base = link.href.split("#")[0];
    /* Let the default action follow the rewritten href (also for new-tab clicks). */
    link.href = base + "#" + place;
  }

  document.addEventListener("click", keepPlace);
  document.addEventListener("auxclick", keepPlace);
})();
