/* The kiosk's search: offline, touch first. A classic script (no modules,
   no fetch): the kiosk opens its pages from file://, where both are blocked.

   Reads the index the build wrote beside the page (KIOSK_SEARCH_INDEX, from
   plugins/procedure_site/kiosk_search: a serialised MiniSearch index),
   MiniSearch (vendored from node_modules by the build), its word rules
   (kiosk-search-terms.js, the ones the index was made with), the language's
   lay terms (JSON in the page) and the shared word rules (search-words.js).
   On every change of the field, by the on-screen keyboard or a physical one,
   the pages are searched again and shown as a list of links, their number
   said in a live region.

   MiniSearch ranks (BM25, with the boosts of kiosk-search-terms.js: the
   title most, then the Keywords:, the headings, the summary, the department,
   the page's prose least). A page matches any word of the query (stop words
   left out) or any word its lay terms add ("broken bone" adds "fracture").
   The word still being typed (the last, with no space after it) also matches
   the start of a word, as do the added words ("fracture" finds "fractures");
   other words match whole words. A word of five letters or more also matches
   a word one typing mistake away ("vertebroplsty"); a shorter one does not,
   as one mistake in it would make another word ("neck", "back"). */
(function () {
  "use strict";
  var root = document.getElementById("kiosk-search");
  var data = window.KIOSK_SEARCH_INDEX;
  var Words = window.SearchWords;
  var Terms = window.KioskSearchTerms;
  if (!root || !data || !Words || !Terms || !window.MiniSearch) return;

  var keyboard = root.querySelector(".onscreen-keyboard");
  var field = document.getElementById(keyboard.getAttribute("data-target"));
  var count = document.getElementById("kiosk-search-count");
  var none = document.getElementById("kiosk-search-none");
  var results = document.getElementById("kiosk-search-results");
  var synonyms = JSON.parse(document.getElementById("kiosk-search-synonyms").textContent || "{}");

  var FUZZY_FROM = 5; /* letters: one typing mistake allowed from this length */
  var index = window.MiniSearch.loadJS(data.index, Terms.options(data.lang));
  var stop = Terms.stopWords(data.lang);

  function fuzzy(term) { return term.length >= FUZZY_FROM ? 1 : false; }

  /* MiniSearch's query: the query's own words, then the words its lay terms
     add, any of them (OR). Stop words are left out, but for the word being
     typed, which may be the start of another. */
  function queryOf(text) {
    var expanded = Words.expand(text, synonyms);
    var typing = /[\p{L}\p{N}]$/u.test(Words.fold(text));
    var last = expanded.words.length - 1;
    var own = expanded.words.filter(function (word, i) {
      return !Object.prototype.hasOwnProperty.call(stop, word) || (typing && i === last);
    });
    var queries = [];
    if (own.length) {
      queries.push({
        queries: [own.join(" ")],
        fuzzy: fuzzy,
        prefix: function (term, i, terms) { return typing && i === terms.length - 1; }
      });
    }
    expanded.added.forEach(function (word) { queries.push({ queries: [word], prefix: true, fuzzy: false }); });
    return queries.length ? { combineWith: "OR", queries: queries } : null;
  }

  function search(text) {
    if (!Words.words(text).length) return null;
    var query = queryOf(text);
    return query ? index.search(query) : [];
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
