/* thai-query */
/* Thai query segmentation for Material's search worker (prepended by generator/search.py).
 *
 * The index was segmented at build time by PyThaiNLP; its words (and the parts of its compound
 * words) are the vocabulary here, written into self.__thaiVocabulary by the build.
 * A typed query's Thai runs are cut against that vocabulary by dynamic programming:
 * fewest characters outside known words first, then fewest words (maximal matching).
 * Unknown stretches stay together as one term, so a half-typed word still matches as a prefix.
 * Only the worker's copy of the query changes; the search box shows what was typed.
 *
 * With the handbook's prebuilt index (search-engine.js) this file also routes the worker's setup and
 * query messages to that engine.
 *
 * Results going back to the page are cleaned for display: the U+200B word boundaries of the
 * index are removed from titles and texts (they belong to the index only), and a page-level
 * result whose text is empty (the page has no text before its first heading, e.g. a procedure
 * whose summary box is excluded from the index) gets the text of the page's first section
 * (its objectives, as one paragraph of at most 200 characters), so that Material shows the start
 * of the page under the title.  Scores and
 * order are Material's own: the index is not changed.
 */
(function () {
  "use strict";
  var THAI = /[\u0e00-\u0e7f]+/g;
  var SEPARATOR = /[\s\u200b\-_,:;!?=\[\]{}()<>"'“”‘’\/\\|.…·•–—]+/;
  var vocabulary = new Set(), indexWords = new Set(), partWords = new Set(), longest = 1;

  function learn(data) {
    indexWords = new Set(data.words);
    partWords = new Set(data.parts);
    vocabulary = new Set(data.words.concat(data.parts));
    longest = 1;
    vocabulary.forEach(function (w) { if (w.length > longest) longest = w.length; });
  }

  function cut(run) {
    var n = run.length;
    // best[i] = [characters outside known words, pieces] for run.slice(0, i)
    var best = [[0, 0]], back = [0], isWord = [false];
    for (var i = 1; i <= n; i++) {
      best[i] = [Infinity, Infinity];
      for (var j = Math.max(0, i - longest); j < i; j++) {
        var word = vocabulary.has(run.slice(j, i));
        if (!word && i - j > 1) continue;
        var unknown = best[j][0] + (word ? 0 : 1), pieces = best[j][1] + 1;
        if (unknown < best[i][0] || (unknown === best[i][0] && pieces < best[i][1])) {
          best[i] = [unknown, pieces]; back[i] = j; isWord[i] = word;
        }
      }
    }
    var found = [];
    for (var end = n; end > 0; end = back[end]) {
      found.unshift({ text: run.slice(back[end], end), word: isWord[end] });
    }
    var merged = [];  // unknown characters in a row stay one term
    for (var k = 0; k < found.length; k++) {
      var last = merged[merged.length - 1];
      if (!found[k].word && last && !last.word) last.text += found[k].text;
      else merged.push({ text: found[k].text, word: found[k].word });
    }
    // How each piece is searched (Material adds a trailing * to every term without ^ or ~):
    // - a short word of the index (รับ, ส่ง, ราย) matches exactly ("^1" keeps Material from adding
    //   the *): as a prefix it would also match รับผิดชอบ or รายงาน everywhere;
    // - a longer word of the index matches as a prefix;
    // - a word of four or more characters that is also part of compounds (ประชุม in การประชุม),
    //   or an unknown stretch, matches anywhere inside index words (leading *).
    return merged.map(function (p) {
      var w = p.text;
      if (!indexWords.has(w) || (partWords.has(w) && w.length >= 4)) return "*" + w;
      return w.length <= 3 ? w + "^1" : w;
    }).join(" ");
  }

  function segmentQuery(query) {
    if (!vocabulary.size) return query;
    return query.replace(THAI, function (run) { return " " + cut(run) + " "; }).replace(/\s+/g, " ").trim();
  }

  // location of a page -> text of its first section that has text (the start of the page)
  var leads = new Map();

  function learnLeads(docs) {
    leads = new Map();
    (docs || []).forEach(function (doc) {
      var hash = typeof doc.location === "string" ? doc.location.indexOf("#") : -1;
      if (hash < 0 || !doc.text) return;
      var page = doc.location.slice(0, hash);
      if (!leads.has(page)) leads.set(page, { text: doc.text });
    });
  }

  function leadOf(page) {  // computed when first shown
    var found = leads.get(page);
    if (found && found.lead === undefined) found.lead = lead(found.text);
    return found && found.lead;
  }

  // The start of a section's text as one plain paragraph of at most LEAD visible characters,
  // cut at a word boundary (a space, or a U+200B of the segmented index) and ended with "…".
  var LEAD = 200;
  function lead(text) {
    var plain = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    for (var i = 0, shown = 0; i < plain.length; i++) {
      if (plain[i] !== "\u200b" && ++shown > LEAD) {
        var cut = plain.slice(0, i), end = Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("\u200b"));
        return (end > 0 ? cut.slice(0, end) : cut).replace(/[\s\u200b]+$/, "") + "…";
      }
    }
    return plain;
  }

  function clean(value) {
    return typeof value === "string" ? value.replace(/\u200b/g, "") : value;
  }

  function forDisplay(result) {
    (result.items || []).forEach(function (group) {
      group.forEach(function (doc) {
        if (typeof doc.location === "string" && doc.location.indexOf("#") < 0 && !doc.text && leads.has(doc.location)) {
          doc.text = leadOf(doc.location);
        }
        doc.title = clean(doc.title);
        doc.text = clean(doc.text);
      });
    });
    return result;
  }

  if (self.__thaiVocabulary) learn(self.__thaiVocabulary);
  self.__thaiQuery = { learn: learn, segment: segmentQuery, learnLeads: learnLeads, forDisplay: forDisplay };

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data && Array.isArray(message.data.items)) {
      forDisplay(message.data);
    }
    return post.apply(self, arguments);
  };

  // With the handbook's engine (search-engine.js, prepended before this file) the setup and query
  // messages are answered here; without it they go to Material's own handler.
  var engine = self.__handbookSearch;
  // Typing sends a query for every character, and the worker answers one message at a time: while it
  // searches, the next characters' queries wait in its queue.  Only the newest waiting query is
  // answered (its result carries `query`, the text searched; Material ignores the extra field).
  var latest = null, scheduled = false, complete = false;
  function answer() {
    if (!complete && latest.trim()) {  // the texts are still loading: answer the newest query when they are there
      engine.complete().then(function () { complete = true; answer(); });
      return;
    }
    scheduled = false;
    var query = latest;
    var result = engine.search(segmentQuery(query));
    result.query = query;
    self.postMessage({ type: 3, data: result });
  }
  var addListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return addListener(type, listener, options);
    return addListener(type, function (event) {
      var message = event.data, that = this;
      if (engine && message && message.type === 0) {
        engine.setup(message.data).then(function (docs) {
          engine.complete().then(function () { learnLeads(docs); });
          post({ type: 1 });
        }, function (err) {  // no prebuilt index: Material's own index of the setup message
          console.warn("handbook search index not loaded", err);
          engine = null;
          if (message.data) learnLeads(message.data.docs);
          listener.call(that, event);
        });
        return;
      }
      if (message && message.type === 0 && message.data) learnLeads(message.data.docs);
      if (message && message.type === 2 && typeof message.data === "string") {
        if (engine) {  // answered in a task of its own: a newer query that is already waiting replaces it
          latest = message.data;
          if (!scheduled) { scheduled = true; setTimeout(answer, 0); }
          return;
        }
        return listener.call(this, { data: { type: 2, data: segmentQuery(message.data) } });
      }
      return listener.call(this, event);
    }, options);
  };
})();
