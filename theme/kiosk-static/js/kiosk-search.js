/* The kiosk's search: offline, touch first. A classic script (no modules,
   no fetch): the kiosk opens its pages from file://, where both are blocked.

   Reads the index the build wrote beside the page (KIOSK_SEARCH_INDEX, from
   plugins/procedure_site/kiosk_search), the language's lay terms (JSON in the page) and the
   shared word rules (search-words.js). On every change of the field, by the
   on-screen keyboard or a physical one, the pages are ranked again and shown
   as a list of links, their number said in a live region.

   Ranking: each word of the query, and each of the pages' words its lay terms
   add ("broken bone" adds "fracture"), counts once per page, by the best
   place it is found: the title, then the Keywords:, the headings, the summary,
   the department. The whole query found as it was typed, in one place, counts
   once more. The word still being typed (the last, with no space after it)
   matches the start of a word, as do the added words ("fracture" finds
   "fractures"); other words match whole words. Ties keep the A–Z order. */
(function () {
  "use strict";
  var root = document.getElementById("kiosk-search");
  var index = window.KIOSK_SEARCH_INDEX;
  var Words = window.SearchWords;
  if (!root || !index || !Words) return;

  var keyboard = root.querySelector(".onscreen-keyboard");
  var field = document.getElementById(keyboard.getAttribute("data-target"));
  var count = document.getElementById("kiosk-search-count");
  var none = document.getElementById("kiosk-search-none");
  var results = document.getElementById("kiosk-search-results");
  var synonyms = JSON.parse(document.getElementById("kiosk-search-synonyms").textContent || "{}");

  var WEIGHTS = { title: 10, keywords: 6, headings: 3, summary: 2, department: 1 };
  var FIELDS = Object.keys(WEIGHTS);

  /* Each page's fields as lists of texts, each text a list of folded words:
     made once, not on every key. */
  var pages = index.pages.map(function (page) {
    var fields = {
      title: [page.title],
      keywords: page.keywords,
      headings: page.headings,
      summary: [page.summary],
      department: [page.department]
    };
    var texts = {};
    FIELDS.forEach(function (name) { texts[name] = fields[name].map(Words.words); });
    return { page: page, texts: texts };
  });

  /* True when ``phrase`` (folded words) is found in ``text`` in that order;
     its last word may be the start of a word when ``prefix``. */
  function foundIn(text, phrase, prefix) {
    var last = phrase.length - 1;
    for (var start = 0; start + last < text.length; start += 1) {
      var all = true;
      for (var i = 0; i <= last && all; i += 1) {
        var word = text[start + i];
        all = i === last && prefix ? word.indexOf(phrase[i]) === 0 : word === phrase[i];
      }
      if (all) return true;
    }
    return false;
  }

  /* What to look for: each word of the query, the added words, and the
     whole query as a phrase when it has more than one word. */
  function termsOf(query) {
    var expanded = Words.expand(query, synonyms);
    var own = expanded.words;
    var typing = /[\p{L}\p{N}]$/u.test(Words.fold(query));
    var terms = own.map(function (word, i) { return { words: [word], prefix: typing && i === own.length - 1 }; });
    expanded.added.forEach(function (word) {
      var words = Words.words(word);
      if (words.length) terms.push({ words: words, prefix: true });
    });
    if (own.length > 1) terms.push({ words: own, prefix: typing });
    return terms;
  }

  function score(entry, terms) {
    var total = 0;
    terms.forEach(function (term) {
      for (var f = 0; f < FIELDS.length; f += 1) {
        var texts = entry.texts[FIELDS[f]];
        var hit = texts.some(function (text) { return foundIn(text, term.words, term.prefix); });
        if (hit) { total += WEIGHTS[FIELDS[f]]; return; }
      }
    });
    return total;
  }

  function search(query) {
    var terms = termsOf(query);
    if (!terms.length) return null;
    return pages
      .map(function (entry, order) { return { entry: entry, order: order, score: score(entry, terms) }; })
      .filter(function (found) { return found.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.order - b.order; })
      .map(function (found) { return found.entry.page; });
  }

  function resultItem(page) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    var title = document.createElement("span");
    var summary = document.createElement("span");
    item.className = "kiosk-results__item";
    link.className = "kiosk-results__link";
    link.href = page.url;
    title.className = "kiosk-results__title";
    title.textContent = page.title;
    summary.className = "kiosk-results__summary";
    summary.textContent = page.summary;
    link.append(title, summary);
    item.append(link);
    return item;
  }

  function show() {
    var found = search(field.value);
    results.replaceChildren.apply(results, (found || []).map(resultItem));
    results.hidden = !(found && found.length);
    none.hidden = !(found && !found.length);
    if (!found) count.textContent = "";
    else if (found.length) count.textContent = count.getAttribute("data-found").replace("{count}", String(found.length));
    else count.textContent = count.getAttribute("data-none");
  }

  /* A key types at the caret (where a physical keyboard would), replacing
     any selection; Backspace removes the selection or the letter before. */
  function press(key) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    var action = key.getAttribute("data-action");
    if (action === "clear") field.value = "";
    else if (action === "backspace") {
      if (start === end && start > 0) start -= 1;
      field.setRangeText("", start, end, "end");
    } else field.setRangeText(key.getAttribute("data-key"), start, end, "end");
    show();
  }

  keyboard.addEventListener("click", function (event) {
    var key = event.target.closest("button");
    if (key && keyboard.contains(key)) press(key);
  });
  field.addEventListener("input", show);

  /* A page brought back from the back-forward cache (when the kiosk is served
     over http) would still show the last patient's words: start afresh. From
     file:// nothing is cached, and autocomplete="off" keeps the browser from
     filling the field in again. */
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    field.value = "";
    show();
  });

  show();
}());
