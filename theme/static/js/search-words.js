/* Patients' words, for both searches: the website's (search.js, Pagefind)
   and the kiosk's (kiosk-search.js, offline).

   A query is folded the way the build folds the keys of SEARCH_SYNONYMS
   (plugins/procedure_site/search_keywords/keywords.py): lowercase, accents removed, split
   into words at anything that is not a letter or a digit. Each lay term whose
   words appear, in order, in the query adds the pages' words it stands for:
   "broken bone in my back" also looks for "fracture", "spine", "vertebra".

   A plain script with one global (SearchWords), not a module: the kiosk
   opens its pages from file://, where modules cannot load. */
(function (global) {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function containsRun(haystack, needle) {
    if (!needle.length || needle.length > haystack.length) return false;
    for (var start = 0; start + needle.length <= haystack.length; start += 1) {
      var all = true;
      for (var i = 0; i < needle.length && all; i += 1) all = haystack[start + i] === needle[i];
      if (all) return true;
    }
    return false;
  }

  /* The query's own words, and the words its lay terms add (each once, in
     the order SEARCH_SYNONYMS gives them). */
  function expand(query, synonyms) {
    var own = words(query);
    var added = [];
    Object.keys(synonyms || {}).forEach(function (term) {
      if (!containsRun(own, words(term))) return;
      synonyms[term].forEach(function (word) {
        if (own.indexOf(fold(word)) === -1 && added.indexOf(word) === -1) added.push(word);
      });
    });
    return { words: own, added: added };
  }

  global.SearchWords = { fold: fold, words: words, expand: expand };
})(window);
