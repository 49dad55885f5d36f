/* rapporteur — the filter box of the cited-documents index: shows only the entries whose
 * symbol, or the title of a report citing it, holds what is typed. Symbols match however
 * they are spaced or punctuated (a/res/75/240, ARES75240, 75/240). Without script the box
 * stays hidden and every entry shows.
 */
(function () {
  "use strict";

  function squash(s) {
    return s.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  function run() {
    var box = document.querySelector(".doc-filter");
    var input = document.getElementById("doc-filter-q");
    var status = box && box.querySelector(".doc-filter-status");
    if (!box || !input || !status) return;
    var entries = [].slice.call(document.querySelectorAll(".doc-index > .doc-entry")).map(function (li) {
      return { li: li, text: squash(li.textContent) };
    });
    function apply() {
      var q = squash(input.value);
      var shown = 0;
      entries.forEach(function (e) {
        var match = !q || e.text.indexOf(q) !== -1;
        e.li.hidden = !match;
        if (match) shown++;
      });
      status.textContent = q ? status.dataset.count.replace("{count}", String(shown)) : "";
    }
    input.addEventListener("input", apply);
    box.hidden = false;
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
