/* rapporteur — the search page: results for the query in the address bar (?q=), from the
 * language's Pagefind index (the folder in data-bundle of #search-results).
 *
 * The query is prepared the way the index was written:
 * - a run of Chinese characters becomes its overlapping pairs (发展中国家 → 发展 展中 中国
 *   国家): the index holds every pair of characters besides the words its dictionary finds,
 *   while the browser's own word breaker may cut a query differently from the index's, so
 *   pairs are what both sides agree on;
 * - a document symbol or a number with slashes becomes one word of its letters and digits
 *   (A/RES/75/240 → ares75240, 75/240 → 75240), the form the index gives every symbol link.
 *
 * Each result is a report, with the paragraphs the words were found in, each opening at
 * the paragraph itself (…#para-15-a), which the style sheet highlights (:target).
 */
(function () {
  "use strict";

  /* Results shown at a time. */
  var PAGE = 10;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var SYMBOLISH = /^[\p{L}\p{N}.()\-]*[\p{N}][\p{L}\p{N}.()\-]*(?:[\/／][\p{L}\p{N}.()\-]+)+$/u;

  /* The browser's word breaker, which the engine runs on the query again. */
  var breaker = null;
  function breaks(pair) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return false;
    if (!breaker) breaker = new Intl.Segmenter(document.documentElement.lang || "zh", { granularity: "word" });
    var n = 0;
    for (var s of breaker.segment(pair)) { if (s.isWordLike !== false) n++; }
    return n > 1;
  }

  /* A run's overlapping pairs. A pair the browser would cut in two is asked for by its first
   * character, which the index's pair matches as a prefix (its second character is in the
   * next pair), rather than as two single characters, the last of which may begin no word. */
  function pairs(run) {
    if (run.length < 2) return [run];
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) {
      var pair = run.slice(i, i + 2);
      out.push(breaks(pair) ? pair[0] : pair);
    }
    return out;
  }

  /* The query as the index reads it. */
  function prepare(query) {
    var words = [];
    query.trim().split(/\s+/).forEach(function (token) {
      if (!token) return;
      if (SYMBOLISH.test(token)) {
        words.push(token.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "").toLowerCase());
        return;
      }
      var last = 0;
      token.replace(HAN, function (run, at) {
        if (at > last) words.push(token.slice(last, at));
        words.push.apply(words, pairs(run));
        last = at + run.length;
        return run;
      });
      if (last < token.length) words.push(token.slice(last));
    });
    return words.join(" ");
  }

  var engine = null;
  function load(bundle) {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ excerptLength: 24 }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  /* The results of `query`, best first, each loading its data on demand (`data()`). */
  function find(bundle, query) {
    return load(bundle).then(function (pagefind) {
      return pagefind.search(prepare(query));
    }).then(function (found) {
      return found && found.results ? found.results : [];
    });
  }

  function data(results) {
    return Promise.all(results.map(function (r) { return r.data(); }));
  }

  /* The first `limit` results of `query` (all by default) with their data:
   * [{url, meta, excerpt, sub_results}]. */
  function search(bundle, query, limit) {
    return find(bundle, query).then(function (results) {
      return data(results.slice(0, limit || results.length));
    });
  }

  /* Pagefind's excerpt (text with <mark>) as nodes, keeping nothing but text and marks. */
  function excerptNodes(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    var out = document.createDocumentFragment();
    tpl.content.childNodes.forEach(function (n) {
      if (n.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = n.textContent;
        out.appendChild(m);
      } else {
        out.appendChild(document.createTextNode(n.textContent));
      }
    });
    return out;
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function show(status, box, query, total) {
    var message = total ? box.dataset.count : box.dataset.none;
    status.textContent = message.replace("{count}", String(total)).replace("{query}", query);
  }

  /* Appends the results (with their data) to the list. */
  function render(list, results) {
    results.forEach(function (r) {
      var item = el("li", "search-result");
      var head = el("p", "search-result-title");
      var link = el("a", null, r.meta.title || r.url);
      link.href = r.url;
      head.appendChild(link);
      if (r.meta.symbol) {
        head.appendChild(document.createTextNode(" "));
        var sym = el("bdi", "search-result-symbol", r.meta.symbol);
        head.appendChild(sym);
      }
      item.appendChild(head);
      var subs = (r.sub_results || []).filter(function (s) { return s.url !== r.url; });
      if (subs.length) {
        var ul = el("ul", "search-places");
        subs.forEach(function (s) {
          var li = el("li", "search-place");
          var a = el("a", "search-place-link", s.title);
          a.href = s.url;
          li.appendChild(a);
          var p = el("p", "search-excerpt");
          p.appendChild(excerptNodes(s.excerpt));
          li.appendChild(p);
          ul.appendChild(li);
        });
        item.appendChild(ul);
      } else {
        var ex = el("p", "search-excerpt");
        ex.appendChild(excerptNodes(r.excerpt));
        item.appendChild(ex);
      }
      list.appendChild(item);
    });
  }

  function run() {
    var box = document.getElementById("search-results");
    if (!box) return;
    var bundle = box.dataset.bundle;
    window.rapporteurSearch = function (query, limit) { return search(bundle, query, limit); };
    var query = new URLSearchParams(location.search).get("q") || "";
    document.querySelectorAll('input[name="q"]').forEach(function (input) { input.value = query; });
    if (!query.trim()) return;
    var status = box.querySelector(".search-status");
    status.textContent = box.dataset.loading;
    var list = box.querySelector(".search-list");
    var more = box.querySelector(".search-more");
    var failed = function () {
      status.textContent = box.dataset.failed;
      box.setAttribute("data-done", "");
    };
    find(bundle, query).then(function (results) {
      var shown = 0;
      /* A page of results at a time: each result's data is a download of its own. */
      function next() {
        var page = results.slice(shown, shown + PAGE);
        shown += page.length;
        return data(page).then(function (loaded) {
          render(list, loaded);
          more.hidden = shown >= results.length;
        });
      }
      more.addEventListener("click", function () {
        var first = list.children.length;
        next().then(function () {
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) link.focus();
        }, failed);
      });
      show(status, box, query, results.length);
      return next().then(function () { box.setAttribute("data-done", ""); });
    }).catch(failed);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
