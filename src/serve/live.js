/* rapporteur serve: live reload and error overlay. Served at /__rapporteur/live.js and
 * referenced only from HTML that `serve` sends; never part of a built site.
 *
 * The server sends Server-Sent Events: `reload` with the paths whose output changed (a page
 * reloads only when its own path is among them, keeping its scroll position), `diagnostics`
 * with the errors to overlay, and `ok` when they are fixed. The overlay is built here, with
 * inline styles, so it shows even when the theme's templates or CSS are what is broken.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.getAttribute("data-generation")) || 0;
  var notFound = script && script.getAttribute("data-status") === "404";
  var KEY = "rapporteur:place";
  var OVERLAY = "rapporteur-overlay";

  function normalize(path) {
    try {
      path = decodeURI(path);
    } catch (e) {
      /* keep it encoded */
    }
    return path.replace(/\/index\.html$/, "/");
  }
  var here = normalize(window.location.pathname);

  /* The place kept before a live reload: same page, same scroll position. */
  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    } catch (e) {
      saved = null;
    }
    if (!saved || saved.path !== here) return false;
    /* `instant`: a theme asking for smooth scrolling must not animate the restore. */
    window.scrollTo({ left: saved.x || 0, top: saved.y || 0, behavior: "instant" });
    return true;
  }
  if (restore()) {
    var done = function () {
      restore();
      try {
        window.sessionStorage.removeItem(KEY);
      } catch (e) {
        /* private mode */
      }
    };
    if (document.readyState === "complete") done();
    else window.addEventListener("load", done);
  }

  function reload() {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify({ path: here, x: window.scrollX, y: window.scrollY }));
    } catch (e) {
      /* private mode: the browser's own restoration still applies */
    }
    window.location.reload();
  }

  function showError(text) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "all:initial;position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
        "padding:24px;background:rgba(24,24,27,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,monospace;";
      var title = document.createElement("div");
      title.style.cssText = "all:initial;display:block;color:#fca5a5;font:bold 15px/1.5 ui-monospace,monospace;";
      /* In the page's language, from the theme's i18n files (serve puts them on the script). */
      title.textContent = (script && script.getAttribute("data-error-title")) ||
        "rapporteur: the site has errors. The last good version is shown; fix the file and this page updates by itself.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", (script && script.getAttribute("data-error-hide")) || "Hide");
      close.style.cssText =
        "all:initial;position:absolute;top:12px;right:16px;cursor:pointer;color:#f4f4f5;font:24px/1 sans-serif;";
      close.onclick = function () {
        box.style.display = "none";
      };
      var pre = document.createElement("pre");
      pre.style.cssText = "all:initial;display:block;white-space:pre-wrap;margin-top:16px;color:#f4f4f5;font:13px/1.5 ui-monospace,monospace;";
      box.appendChild(close);
      box.appendChild(title);
      box.appendChild(pre);
      (document.body || document.documentElement).appendChild(box);
    }
    box.style.display = "block";
    box.lastChild.textContent = text;
  }

  function clearError() {
    var box = document.getElementById(OVERLAY);
    if (box) box.parentNode.removeChild(box);
  }

  if (!window.EventSource) return;
  var source = new EventSource(
    "/__rapporteur/events?since=" + generation + "&path=" + encodeURIComponent(here)
  );
  source.addEventListener("reload", function (event) {
    var message = JSON.parse(event.data);
    var paths = message.paths.map(normalize);
    var mine = paths.indexOf(here) >= 0;
    var missing = notFound && paths.some(function (p) { return /\/404\.html$/.test(p); });
    if (message.all || mine || missing) {
      source.close();
      reload();
    }
  });
  source.addEventListener("diagnostics", function (event) {
    showError(JSON.parse(event.data).text);
  });
  source.addEventListener("ok", clearError);
})();
