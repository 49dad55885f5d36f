/* rapporteur — default theme "un". Progressive enhancement only: the site works without it.
 *
 * Language switch keeps the reader's place. Paragraph and heading ids are the same in every
 * language version of a report, so when a link with class "lang-switch" is followed, the
 * current fragment — or, failing that, the id of the numbered paragraph or heading nearest
 * the top of the viewport — is appended to the link before the browser navigates. Links
 * with class "keep-place" (report page ⇄ side-by-side view) do the same: the rows of the
 * side-by-side view carry the shared ids, and on that page only they count as places.
 */
(function () {
  "use strict";

  /* Every top-level block of a report's body has an id (para-15, pp-5, australia-p-2). */
  var ANCHORS = '.doc-body > [id], [id^="para-"], [id*="-para-"], h2[id], h3[id], h4[id]';
  /* In the side-by-side view the cells' own ids are prefixed by language (zh-para-15); the
     rows carry the ids of the places they hold. */
  var ROW_ANCHORS = ".parallel-row[id]:not(.parallel-head)";
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
    var nodes = root.querySelectorAll(root.querySelector(".parallel") ? ROW_ANCHORS : ANCHORS);
    var best = null;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.closest && node.closest(".toc, .footnotes, .cited")) continue;
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

  /* The place to keep: the fragment while its target is in view (inside the side-by-side
     view, the row holding it), else the anchor nearest the top. Between a report page and its side-by-side view
     ("keep-place" links) only paragraphs and headings are shared places. */
  function currentPlace(crossView) {
    var hash = window.location.hash;
    if (hash && hash.length > 1) {
      var id = hash.slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* keep it as it is */ }
      var node = document.getElementById(id);
      if (!node || !node.closest) return crossView ? anchorNearTop() : id;
      /* A fragment the reader has scrolled away from is no longer the place. */
      var rect = node.getBoundingClientRect();
      if (rect.bottom < viewTop() || rect.top > window.innerHeight) return anchorNearTop();
      var row = node.closest(ROW_ANCHORS);
      if (row) return row.id;
      if (!crossView) return node.closest(".parallel") ? anchorNearTop() : id;
      if (!node.closest(".footnotes, .cited") && node.matches(ANCHORS)) return id;
    }
    return anchorNearTop();
  }

  function keepPlace(event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var link = target.closest("a.lang-switch, a.keep-place");
    if (!link || !link.href) return;
    var place = currentPlace(link.classList.contains("keep-place"));
    if (!place) return;
    var base = link.href.split("#")[0];
    /* Let the default action follow the rewritten href (also for new-tab clicks). */
    link.href = base + "#" + place;
  }

  document.addEventListener("click", keepPlace);
  document.addEventListener("auxclick", keepPlace);

  /* Smooth scrolling (style.css) starts once the browser has landed on the fragment the page
     was opened at, so only jumps within the page are animated. */
  function settle() {
    window.setTimeout(function () { document.documentElement.classList.add("is-settled"); }, 0);
  }
  if (document.readyState === "complete") settle();
  else window.addEventListener("load", settle);
})();
