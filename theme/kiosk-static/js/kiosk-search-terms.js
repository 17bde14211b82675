/* How the kiosk's search reads words: one file for both sides. The build
   (plugins/procedure_site/kiosk_search, under Node) indexes with these
   options, and the search page (kiosk-search.js) loads that index with the
   same ones: MiniSearch needs the same tokenizer and term rules on both
   sides, or a query would look for words the index never holds.

   A word is a run of letters and digits; it is folded (small letters,
   accents removed: "Vértebra" is "vertebra"), and the language's stop words
   are left out of the index, as they would match nearly every page.

   Plain script with one global (KioskSearchTerms) in the browser, and
   module.exports under Node: the kiosk opens its pages from file://, where
   modules cannot load. */
(function (global, factory) {
  "use strict";
  if (typeof module === "object" && module && typeof module.exports === "object") module.exports = factory();
  else global.KioskSearchTerms = factory();
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var STOP_WORDS = {
    en: "a about after an and are as at be been before but by can do for from had has have he her his how i if in into is it its me my no not of on or our she so than that the their them then there these they this those to too up us was we were what when where which who will with you your",
    es: "a al algo como con de del donde el ella en entre es esta este esto hay la las le les lo los mas me mi mis muy no o para pero por que se si sin sobre su sus te tu un una uno unos unas usted y ya"
  };

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

  function stopWords(lang) {
    var words = {};
    (STOP_WORDS[String(lang).split(/[-_]/)[0]] || "").split(" ").forEach(function (word) { words[word] = true; });
    return words;
  }

  /* MiniSearch's options for a language's index. The query side folds but
     keeps stop words: kiosk-search.js leaves them out itself, except the
     word being typed ("an" may become "angiogram"). */
  function options(lang) {
    var stop = stopWords(lang);
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
