/* The website's search page (components/search_page.html): Pagefind's index
   of the procedure pages, searched with the patient's own words.

   - The query is widened with the language's SEARCH_SYNONYMS by
     SearchWords.expand (search-words.js, shared with the kiosk): "broken bone
     in my back" also looks for "fracture", "spine", "vertebra". A page
     with any of the words is found (searchEachWord), the best first.
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

  /* Pagefind finds the pages that have every word of a search. A patient's
     words and the words their lay terms add are rarely all on one page, so
     each word is searched alone and the pages found by any are shown, the
     best first: the sum of each word's score, so a page with more of the
     words, or with them in its title, ranks higher. */
  function searchEachWord(module, words, options) {
    return Promise.all(words.map(function (word) { return searchWord(module, word, options); })).then(function (searches) {
      var byPage = {};
      var order = [];
      searches.forEach(function (results) {
        results.forEach(function (result) {
          if (!byPage[result.id]) {
            byPage[result.id] = { score: 0, parts: [] };
            order.push(result.id);
          }
          byPage[result.id].score += result.score;
          byPage[result.id].parts.push(result);
        });
      });
      return order
        .map(function (id, index) { return { id: id, index: index, score: byPage[id].score, parts: byPage[id].parts }; })
        .sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    });
  }

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
    var words = SearchWords.expand(query, data.synonyms);
    var options = chosen ? { filters: { department: chosen } } : {};
    return pagefind
      .then(function (module) {
        return searchEachWord(module, words.words.concat(words.added), options);
      })
      .then(function (results) {
        if (ticket !== latest) return;
        shown = { results: results, count: results.length, added: words.added };
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
