/* How the kiosk's search reads words: one file for both sides. The build
   (plugins/procedure_site/kiosk_search, under Node) indexes with these
   options, and the search page (kiosk-search.js) loads that index with the
   same ones: MiniSearch needs the same tokenizer and term rules on both
   sides, or a query would look for words the index never holds.

   A word is a run of letters and digits; it is folded (small letters,
   accents removed: "Vértebra" is "vertebra"), and the language's stop words
   are left out of the index, as they would match nearly every page. The stop
   words are SEARCH_STOP_WORDS (pelicanconf.py), the website search's too:
   the build hands them to Node, the page reads them from its JSON.

   Plain script with one global (KioskSearchTerms) in the browser, and
   module.exports under Node: the kiosk opens its pages from file://, where
   modules cannot load. */
(function (global, factory) {
  "use strict";
  if (typeof module === "object" && module && typeof module.exports === "object") module.exports = factory();
  else global.KioskSearchTerms = factory();
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /* Boosts: the title most, the page's prose least (it says much). */
  var BOOST = { title: 10, keywords: 6, headings: 3, summary: 2, department: 1, body: 0.5 };
  var FIELDS = Object.keys(BOOST);

  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  /* Splits at anything that is not a letter, a mark or a digit: one linear
     pass, the same rule as search-words.js once folded. */
  function tokenize(text) {
    return String(text).split(/[^\p{L}\p{M}\p{N}]+/u);
  }

  /* The language's stop words (a list, from SEARCH_STOP_WORDS), folded, as a set. */
  function stopWords(list) {
    var words = {};
    (list || []).forEach(function (word) { words[fold(word)] = true; });
    return words;
  }

  /* MiniSearch's options for a language's index. The query side folds but
     keeps stop words: kiosk-search.js leaves them out itself, except the
     word being typed ("an" may become "angiogram"). */
  function options(stopList) {
    var stop = stopWords(stopList);
    return {
      fields: FIELDS,
      storeFields: ["title", "summary", "url"],
      tokenize: tokenize,
      processTerm: function (term) {
        var folded = fold(term);
        return folded && !Object.prototype.hasOwnProperty.call(stop, folded) ? folded : null;
      },
      searchOptions: {
        boost: BOOST,
        tokenize: tokenize,
        processTerm: function (term) { return fold(term) || null; }
      }
    };
  }

  return { options: options, fold: fold, tokenize: tokenize, stopWords: stopWords, FIELDS: FIELDS };
}));
