/* The website's search page (components/search_page.html): Pagefind's index
   of the procedure pages, searched with the patient's own words.

   - The query is split into concepts (concepts()): "broken bone in my back"
     is two, "broken bone" (with the words SEARCH_SYNONYMS gives it:
     "fracture") and "back" ("spine", "vertebra", "spinal"); the page
     language's SEARCH_STOP_WORDS ("in", "my") are no concept. A page
     matches a concept when it has any of its words (one Pagefind search
     each). Pages are ranked by how many concepts they match, then by
     Pagefind's score; when the query has several concepts and some page
     matches more than one, a page that matches only one is left out: a page
     that only says "lie on your back" is no answer to a broken bone.
   - Pagefind (pagefind.js, written by the site_search plugin) is loaded by
     import() from this site only, and fetches its index (every shard of it)
     from this site only (connect-src 'self'): no query leaves the site.
   - Everything shown is built as text nodes and elements, never parsed as
     HTML: the index's text cannot become markup.
   - The form keeps working without this script: it sends ?q= here, and the
     page says search needs JavaScript. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var TYPING_PAUSE_MS = 300;
  var EXCERPT_WORDS = 30;

  var root = document.querySelector("[data-search-page]");
  var dataBlock = document.getElementById("search-data");
  if (!root || !dataBlock || !window.SearchWords) return;

  var data = JSON.parse(dataBlock.textContent);
  var messages = data.messages;
  var form = root.querySelector("form");
  var input = form.elements.q;
  var department = form.elements.department || null;
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var lang = document.documentElement.lang;
  var plural = new Intl.PluralRules(lang);

  /* The index may come in shards (the site_search plugin): Pagefind and the
     first shard load from data-pagefind; each other shard with pages of
     this language is merged in before the first search, so one search()
     looks in all of them and orders their results by score. */
  var baseUrl = root.getAttribute("data-base-url");
  var shards = JSON.parse(root.getAttribute("data-search-shards") || "[]");
  var pagefind = import(root.getAttribute("data-pagefind")).then(function (module) {
    return module
      .options({ baseUrl: baseUrl })
      .then(function () {
        return Promise.all(shards.map(function (shard) {
          return module.mergeIndex(shard, { baseUrl: baseUrl, language: lang });
        }));
      })
      .then(function () {
        return module;
      });
  });

  /* Said at once, not at the first search: the patient is not left typing
     into a search that cannot answer. */
  pagefind.catch(function () {
    status.textContent = messages.failed;
  });

  var latest = 0;
  var shown = { results: [], count: 0, added: [] };

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /* The page's words around where most of the matching words are, those
     marked: built as text nodes and <mark> elements, never parsed as HTML.
     Pagefind's own excerpt marks one search's words only; the results here
     gather several searches (one per word). */
  function appendExcerpt(parent, content, locations) {
    var words = content.split(/[\r\n\s]+/g);
    var marked = {};
    locations.forEach(function (location) { marked[location] = true; });
    var best = 0;
    var bestCount = -1;
    locations.forEach(function (location) {
      var start = Math.max(0, Math.min(location - 3, words.length - EXCERPT_WORDS));
      var count = locations.filter(function (l) { return l >= start && l < start + EXCERPT_WORDS; }).length;
      if (count > bestCount) {
        best = start;
        bestCount = count;
      }
    });
    var text = "";
    function flush() {
      if (text) parent.appendChild(document.createTextNode(text));
      text = "";
    }
    words.slice(best, best + EXCERPT_WORDS).forEach(function (word, index) {
      if (index) text += " ";
      if (marked[best + index]) {
        flush();
        var mark = document.createElement("mark");
        mark.textContent = word;
        parent.appendChild(mark);
      } else {
        text += word;
      }
    });
    flush();
  }

  /* Only addresses on this site become links. */
  function sameSite(url) {
    try {
      return new URL(url, location.href).origin === location.origin ? url : null;
    } catch (error) {
      return null;
    }
  }

  function resultItem(page) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.setAttribute("href", sameSite(page.url) || "#");
    link.textContent = page.meta.title || page.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (page.meta.summary) {
      var summary = document.createElement("p");
      summary.className = "search-result__summary";
      summary.textContent = page.meta.summary;
      item.appendChild(summary);
    }
    if (page.locations.length) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-result__excerpt";
      appendExcerpt(excerpt, page.content, page.locations);
      item.appendChild(excerpt);
    }
    return item;
  }

  /* One page of the results, from the data of each search that found it:
     its fragment (loaded once by Pagefind) and where each word matched. */
  function pageData(found) {
    return Promise.all(found.parts.map(function (part) { return part.data(); })).then(function (data) {
      var locations = [];
      data.forEach(function (one) {
        one.locations.forEach(function (location) {
          if (locations.indexOf(location) === -1) locations.push(location);
        });
      });
      return { url: data[0].url, meta: data[0].meta, content: data[0].content, locations: locations.sort(function (a, b) { return a - b; }) };
    });
  }

  function showMoreButton(ticket) {
    var item = document.createElement("li");
    item.className = "search-results__more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "search-form__button";
    button.textContent = messages.more;
    button.addEventListener("click", function () {
      var first = list.querySelectorAll(".search-result").length;
      showPage(ticket).then(function () {
        /* The first new result, so a keyboard or screen reader user carries on from there. */
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });
    item.appendChild(button);
    return item;
  }

  function statusText() {
    if (!shown.count) return messages.none;
    var found = say(messages[plural.select(shown.count) === "one" ? "found_one" : "found_other"], { count: shown.count });
    return shown.added.length ? found + " " + say(messages.also, { words: shown.added.join(", ") }) : found;
  }

  /* The next PAGE_SIZE results of the current search: Pagefind loads a
     page's fragment only when asked (data()). */
  function showPage(ticket) {
    var next = shown.results.slice(list.querySelectorAll(".search-result").length).slice(0, PAGE_SIZE);
    return Promise.all(next.map(pageData)).then(function (pages) {
      if (ticket !== latest) return;
      var more = list.querySelector(".search-results__more");
      if (more) list.removeChild(more);
      pages.forEach(function (page) { list.appendChild(resultItem(page)); });
      if (list.querySelectorAll(".search-result").length < shown.results.length) list.appendChild(showMoreButton(ticket));
    });
  }

  /* One word's results, scored by Pagefind. Where no page has a word (or a
     longer word starting with it: "vertebr" as it is typed), Pagefind
     searches instead for the longest word of its index that the word starts
     with: "arthritis" finds the pages with "a". Each shard of the index
     (see above) decides that on its own, so a shard without the word would
     add such pages to the real ones found in another. So when some page has
     the word itself (Pagefind's exact search, quoted, which does not score),
     only the pages that have it are kept. */
  function searchWord(module, word, options) {
    return Promise.all([module.search(word, options), module.search('"' + word + '"', options)]).then(function (both) {
      var exact = {};
      both[1].results.forEach(function (result) { exact[result.id] = true; });
      if (!both[1].results.length) return both[0].results;
      return both[0].results.filter(function (result) { return exact[result.id]; });
    });
  }

  var stopWords = {};
  (data.stop_words || []).forEach(function (word) {
    SearchWords.words(word).forEach(function (folded) { stopWords[folded] = true; });
  });

  function startsAt(haystack, needle, start) {
    if (!needle.length || start + needle.length > haystack.length) return false;
    for (var i = 0; i < needle.length; i += 1) if (haystack[start + i] !== needle[i]) return false;
    return true;
  }

  /* The query's concepts, each { words: what to show as searched for,
     alternatives: [[word, ...], ...] }: a page matches a concept when it has
     every word of one of its alternatives.
     - a lay term of SEARCH_SYNONYMS found in the query (its words in that
       order, stop words and all: "hueso roto de la espalda") is one concept
       with its words as alternatives;
     - every other word of the query, unless it is a stop word, is one;
     - concepts that share a word or a place in the query are one: "back
       spine" and "thin weak bones" are one concept each, as "back" also
       looks for "spine" and both lay terms for "osteoporosis";
     - a query of stop words only is searched word by word (a patient typing
       "in" on the way to "injection"). */
  function concepts(query, synonyms) {
    var own = SearchWords.words(query);
    var found = [];
    Object.keys(synonyms || {}).forEach(function (term) {
      var termWords = SearchWords.words(term);
      for (var start = 0; start < own.length; start += 1) {
        if (!startsAt(own, termWords, start)) continue;
        var alternatives = [termWords].concat(synonyms[term].map(function (word) { return SearchWords.words(word); }));
        found.push({ from: start, to: start + termWords.length, shown: synonyms[term], alternatives: alternatives });
      }
    });
    var covered = {};
    found.forEach(function (one) {
      for (var i = one.from; i < one.to; i += 1) covered[i] = true;
    });
    var allStop = own.every(function (word) { return stopWords[word]; });
    own.forEach(function (word, index) {
      if (covered[index] || (stopWords[word] && !allStop)) return;
      found.push({ from: index, to: index + 1, shown: [], alternatives: [[word]] });
    });
    /* Union of the concepts that overlap in the query or share a word. */
    var keys = found.map(function (one) { return one.alternatives.map(function (words) { return words.join(" "); }); });
    var group = found.map(function (one, index) { return index; });
    function top(i) { return group[i] === i ? i : (group[i] = top(group[i])); }
    for (var a = 0; a < found.length; a += 1) {
      for (var b = a + 1; b < found.length; b += 1) {
        var overlap = found[a].from < found[b].to && found[b].from < found[a].to;
        var shared = keys[a].some(function (key) { return keys[b].indexOf(key) !== -1; });
        if (overlap || shared) group[top(b)] = top(a);
      }
    }
    var byGroup = {};
    var result = [];
    found
      .map(function (one, index) { return { one: one, index: index }; })
      .sort(function (x, y) { return x.one.from - y.one.from || x.index - y.index; })
      .forEach(function (item) {
        var g = top(item.index);
        if (!byGroup[g]) {
          byGroup[g] = { alternatives: [], keys: [], shown: [] };
          result.push(byGroup[g]);
        }
        var concept = byGroup[g];
        item.one.alternatives.forEach(function (words) {
          var key = words.join(" ");
          if (words.length && concept.keys.indexOf(key) === -1) {
            concept.keys.push(key);
            concept.alternatives.push(words);
          }
        });
        item.one.shown.forEach(function (word) {
          if (concept.shown.indexOf(word) === -1) concept.shown.push(word);
        });
      });
    return result.map(function (concept) {
      return {
        alternatives: concept.alternatives,
        /* The words searched besides the patient's own, for the status line. */
        added: concept.shown.filter(function (word) { return own.indexOf(SearchWords.fold(word)) === -1; }),
      };
    });
  }

  /* The pages that have every word of one alternative ("broken" and
     "bone"): word by word, as Pagefind's own search of several words would
     also take a word's longer forms for a word no page has. Score: the sum
     of the words'. */
  function searchAlternative(words, searchOnce) {
    var useful = words.filter(function (word) { return !stopWords[word]; });
    if (!useful.length) useful = words;
    return Promise.all(useful.map(searchOnce)).then(function (searches) {
      var pages = {};
      searches[0].forEach(function (result) { pages[result.id] = { score: 0, parts: [] }; });
      searches.forEach(function (results, index) {
        var seen = {};
        results.forEach(function (result) {
          if (!pages[result.id]) return;
          seen[result.id] = true;
          pages[result.id].score += result.score;
          pages[result.id].parts.push(result);
        });
        Object.keys(pages).forEach(function (id) { if (!seen[id] && index) delete pages[id]; });
      });
      return pages;
    });
  }

  /* Each concept is searched (the union of its alternatives), and the pages
     are ranked by how many concepts they match, then by Pagefind's score:
     the sum of every word's that the page has, so a page that says "spine"
     and "vertebra" and "spinal" is before one that says only "spinal". With
     several concepts, when some page matches more than one, the pages that
     match only one are left out. */
  function searchConcepts(module, wanted, options) {
    var cache = {};
    function searchOnce(word) {
      if (!cache[word]) cache[word] = searchWord(module, word, options);
      return cache[word];
    }
    return Promise.all(wanted.map(function (concept) {
      return Promise.all(concept.alternatives.map(function (words) { return searchAlternative(words, searchOnce); }));
    })).then(function (perConcept) {
      var byPage = {};
      var order = [];
      perConcept.forEach(function (alternatives) {
        var best = {};
        var parts = {};
        alternatives.forEach(function (pages) {
          Object.keys(pages).forEach(function (id) {
            best[id] = (best[id] || 0) + pages[id].score;
            parts[id] = (parts[id] || []).concat(pages[id].parts);
          });
        });
        Object.keys(best).forEach(function (id) {
          if (!byPage[id]) {
            byPage[id] = { id: id, index: order.length, concepts: 0, score: 0, parts: [] };
            order.push(id);
          }
          byPage[id].concepts += 1;
          byPage[id].score += best[id];
          byPage[id].parts = byPage[id].parts.concat(parts[id]);
        });
      });
      var pages = order.map(function (id) { return byPage[id]; });
      var most = pages.reduce(function (max, page) { return Math.max(max, page.concepts); }, 0);
      if (wanted.length > 1 && most > 1) pages = pages.filter(function (page) { return page.concepts > 1; });
      return pages.sort(function (a, b) { return b.concepts - a.concepts || b.score - a.score || a.index - b.index; });
    });
  }

  /* For the tests and for a curious reader in the console: how a query is
     split, on this page's language. */
  root.searchConcepts = function (query) { return concepts(query, data.synonyms); };

  function rememberInAddress(query, chosen) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (chosen) params.set("department", chosen);
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  function run() {
    clearTimeout(typing);
    var query = input.value.trim();
    var chosen = department ? department.value : "";
    var ticket = ++latest;
    rememberInAddress(query, chosen);
    if (!query) {
      clear(list);
      status.textContent = "";
      return Promise.resolve();
    }
    var queryConcepts = concepts(query, data.synonyms);
    var added = [];
    queryConcepts.forEach(function (concept) {
      concept.added.forEach(function (word) { if (added.indexOf(word) === -1) added.push(word); });
    });
    var options = chosen ? { filters: { department: chosen } } : {};
    return pagefind
      .then(function (module) {
        return searchConcepts(module, queryConcepts, options);
      })
      .then(function (results) {
        if (ticket !== latest) return;
        shown = { results: results, count: results.length, added: added };
        clear(list);
        return showPage(ticket).then(function () {
          if (ticket === latest) status.textContent = statusText();
        });
      })
      .catch(function () {
        if (ticket !== latest) return;
        clear(list);
        status.textContent = messages.failed;
      });
  }

  /* While typing, search once the patient pauses. */
  var typing = null;
  function runAfterPause() {
    clearTimeout(typing);
    typing = setTimeout(run, TYPING_PAUSE_MS);
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  if (department) {
    department.value = params.get("department") || "";
    if (department.selectedIndex < 0) department.value = "";
    department.addEventListener("change", run);
  }
  input.addEventListener("input", runAfterPause);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  if (input.value.trim()) run();
})();
