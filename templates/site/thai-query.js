/* thai-query */
/* Thai query segmentation and spelling tolerance for Material's search worker (prepended by
 * generator/site/search.py).
 *
 * The index was segmented at build time by PyThaiNLP; its words (and the parts of its compound
 * words, and the office's Thai abbreviations) are the vocabulary here, written into
 * self.__thaiVocabulary by the build.  A typed query's Thai runs are cut against that vocabulary by
 * dynamic programming: fewest characters outside known words first, then fewest words (maximal
 * matching).  Unknown stretches stay together as one term, so a half-typed word still matches.
 * Only the worker's copy of the query changes; the search box shows what was typed.
 *
 * Forgiving queries (issue 20), all against the index's own words, nothing hard-coded per office:
 * - Misspellings.  When a run cannot be cut into known words, the cut may also use a stretch that is
 *   one edit (insertion, deletion, substitution or swap of neighbours) away from a vocabulary word
 *   after both are written in a "sound key" (thaiKey: tone marks, ็ and ์ dropped; ณ ญ and a final
 *   ร ล → น; รร before a consonant → ั; ศ ษ → ส; ธ ถ ฐ ฑ ฒ → ท; ภ → พ; ใ → ไ …).  Candidates are found
 *   with a symmetric-delete map (SymSpell) of the vocabulary's keys, built in the worker from the
 *   vocabulary (nothing more is downloaded).  Same key costs less than one edit; a stretch at the
 *   end of the query that begins a vocabulary word (a word being typed) costs as little as a same-key
 *   match.  Latin words that are not in the index (eMENSQR) are matched to index terms one edit away.
 *   A query whose words are all known is searched as typed: corrections never replace exact words,
 *   and index words spelled with the same key as a typed word are added with a lower boost, so
 *   exact matches rank first.
 * - Abbreviations and codes.  Thai abbreviations written with dots (ส.พ.ฐ., สพฐ.) and Latin codes
 *   with hyphens or dots (e-Budget) are searched in their joined form (สพฐ, ebudget), which the
 *   build added to the index for every such form it found, and for every page that writes the full
 *   form of an abbreviation of the office (generator/site/spelling.py).  A query containing the full
 *   form of an abbreviation also searches the abbreviation.
 * - Thai words typed with spaces between them (งบ ประมาณ) are joined before cutting.
 *
 * With the handbook's prebuilt index (search-engine.js) this file also routes the worker's setup and
 * query messages to that engine.
 *
 * Results going back to the page are cleaned for display: the U+200B word boundaries of the
 * index are removed from titles and texts (they belong to the index only), and a page-level
 * result whose text is empty (the page has no text before its first heading, e.g. a procedure
 * whose summary box is excluded from the index) gets the text of the page's first section
 * (its objectives, as one paragraph of at most 200 characters), so that Material shows the start
 * of the page under the title.
 */
(function () {
  "use strict";
  var THAI = /[\u0e00-\u0e7f]+/g;
  var SEPARATOR = /[\s\u200b\-_,:;!?=\[\]{}()<>"'“”‘’\/\\|.…·•–—]+/;
  var vocabulary = new Set(), indexWords = new Set(), partWords = new Set(), longest = 1;
  var sortedVocabulary = [], glossary = [];

  function learn(data) {
    indexWords = new Set(data.words.concat(data.abbreviations || []));
    partWords = new Set(data.parts);
    vocabulary = new Set(data.words.concat(data.parts, data.abbreviations || []));
    glossary = data.glossary || [];
    longest = 1;
    vocabulary.forEach(function (w) { if (w.length > longest) longest = w.length; });
    sortedVocabulary = Array.from(vocabulary).sort();
    fuzzy = null;
    building = null;
    memo = new Map();
  }

  // ------------------------------------------------------------ sound keys and the symmetric-delete map
  var TONES = /[\u0e47-\u0e4c]/g;  // ็ ่ ้ ๊ ๋ ์
  var CONSONANT = "[\u0e01-\u0e2e]";
  var RORAN_BEFORE = new RegExp("รร(?=" + CONSONANT + ")", "g"), RORAN_END = /รร$/;
  var FINAL_RL = new RegExp("[รล](?=" + CONSONANT + "|$)", "g");
  var SAME = { "ณ": "น", "ญ": "น", "ศ": "ส", "ษ": "ส", "ธ": "ท", "ถ": "ท", "ฐ": "ท", "ฑ": "ท", "ฒ": "ท",
               "ภ": "พ", "ฎ": "ด", "ฏ": "ต", "ฆ": "ค", "ฌ": "ช", "ฬ": "ล", "ใ": "ไ" };
  var SAME_RE = /[ณญศษธถฐฑฒภฎฏฆฌฬใ]/g;

  // The sound key of a Thai word: two spellings a reader would confuse have the same key.
  function thaiKey(word) {
    return word.replace(TONES, "").replace(RORAN_BEFORE, "ั").replace(RORAN_END, "ัน")
      .replace(SAME_RE, function (c) { return SAME[c]; }).replace(FINAL_RL, "น");
  }

  // Restricted Damerau-Levenshtein distance of a and b is at most 1.
  function withinOne(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;  // substitution
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  var fuzzy = null;  // {keys: Map key -> [words], deletes: Map key minus one letter -> [words], keyOf: Map}
  var EDIT_MIN = 4;  // edits only between keys of at least this many letters
  var building = null;  // the map being built in slices: {map, words, next}

  // Add words[from, to) to the map.
  function addWords(map, words, from, to) {
    function add(table, key, word) {
      var list = table.get(key);
      if (list === undefined) table.set(key, [word]);
      else if (list[list.length - 1] !== word) list.push(word);
    }
    for (var w = from; w < to; w++) {
      var word = words[w];
      if (/^[\u0e50-\u0e59]+$/.test(word)) continue;  // Thai digits
      var key = thaiKey(word);
      map.keyOf.set(word, key);
      add(map.keys, key, word);
      if (key.length >= EDIT_MIN) for (var i = 0; i < key.length; i++) add(map.deletes, key.slice(0, i) + key.slice(i + 1), word);
    }
  }

  function startMap() {
    building = { map: { keys: new Map(), deletes: new Map(), keyOf: new Map() }, words: Array.from(vocabulary), next: 0 };
    return building;
  }

  // The whole map, now (the slices not built yet are built at once).
  function fuzzyMap() {
    if (fuzzy) return fuzzy;
    var b = building || startMap();
    addWords(b.map, b.words, b.next, b.words.length);
    building = null;
    return (fuzzy = b.map);
  }

  // Build the map in slices of SLICE words, one task each, so that a query typed meanwhile is not held
  // up by the whole build (20,000 words: 180 ms of CPU at full speed).
  var SLICE = 2000;
  function prepareFuzzy() {
    if (fuzzy) return;
    var b = building || startMap();
    var to = Math.min(b.words.length, b.next + SLICE);
    addWords(b.map, b.words, b.next, to);
    b.next = to;
    if (to < b.words.length) setTimeout(prepareFuzzy, 0);
    else { building = null; fuzzy = b.map; }
  }

  var SAME_KEY = 1, ONE_EDIT = 2, BEGINS = 1;
  var memo = new Map();  // stretch -> its corrections, kept between the queries of one word being typed

  // Vocabulary words a stretch that is not one may stand for: {cost, words} or null.
  function corrections(stretch) {
    var found = memo.get(stretch);
    if (found !== undefined) return found;
    if (memo.size > 20000) memo = new Map();
    var map = fuzzyMap(), q = thaiKey(stretch), costs = new Map();
    if (q.length >= 2) {
      (map.keys.get(q) || []).forEach(function (w) { if (w !== stretch) costs.set(w, SAME_KEY); });
      if (q.length >= EDIT_MIN - 1) {
        var check = function (list) {
          if (!list) return;
          for (var k = 0; k < list.length; k++) {
            var w = list[k], key = map.keyOf.get(w);
            if (!costs.has(w) && key.length >= EDIT_MIN && Math.min(key.length, q.length) >= EDIT_MIN - 1 &&
                withinOne(q, key)) costs.set(w, ONE_EDIT);
          }
        };
        check(map.deletes.get(q));
        for (var i = 0; i < q.length; i++) {
          var d = q.slice(0, i) + q.slice(i + 1);
          check(map.keys.get(d));
          check(map.deletes.get(d));
        }
      }
    }
    found = null;
    if (costs.size) {
      var best = Infinity;
      costs.forEach(function (c) { if (c < best) best = c; });
      var words = [];
      costs.forEach(function (c, w) { if (c === best) words.push(w); });
      words.sort(function (a, b) { return documents(b) - documents(a) || Math.abs(a.length - stretch.length) - Math.abs(b.length - stretch.length); });
      found = { cost: best, words: words.slice(0, 3) };
    }
    memo.set(stretch, found);
    return found;
  }

  function documents(word) {
    return engine && engine.documents ? engine.documents(word) : (indexWords.has(word) ? 1 : 0);
  }

  // Whether a vocabulary word begins with `stretch` (a word being typed).
  function begins(stretch) {
    var lo = 0, hi = sortedVocabulary.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sortedVocabulary[mid] < stretch) lo = mid + 1; else hi = mid; }
    return lo < sortedVocabulary.length && sortedVocabulary[lo].startsWith(stretch);
  }

  // A stretch may start at i and end at j (Thai character clusters are not split): not before a
  // following vowel or a mark, not after a leading vowel.
  var FOLLOWING = /[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]/, LEADING = /[\u0e40-\u0e44]/;
  function clusterStart(run, i) { return i === 0 || (!FOLLOWING.test(run.charAt(i)) && !LEADING.test(run.charAt(i - 1))); }

  // The cut of a Thai run: {pieces: [{text, kind: "word" | "unknown" | "fix" | "begins", words}], doubtful}.
  // Costs, compared in order: characters outside known words (a word of one letter, a fragment of the
  // index's segmentation, counts as outside), then two per piece plus the cost of corrections (a
  // same-key correction or a word being typed 1, one edit 2: a correction must save pieces to be
  // chosen over known words), then the cost of corrections alone (known words win ties).
  function cutRun(run, tolerant) {
    var n = run.length, window = tolerant ? longest + 2 : longest;
    var best = [[0, 0, 0]], back = [0], piece = [null];
    for (var i = 1; i <= n; i++) {
      best[i] = [Infinity, Infinity, Infinity];
      var endOk = tolerant && (i === n || clusterStart(run, i));
      for (var j = Math.max(0, i - window); j < i; j++) {
        var text = run.slice(j, i), options = [];
        if (vocabulary.has(text)) options.push([i - j === 1 && /[\u0e01-\u0e2e]/.test(text) ? 1 : 0, 0, { text: text, kind: "word" }]);
        else if (i - j === 1) options.push([1, 0, { text: text, kind: "unknown" }]);
        if (tolerant && endOk && i - j >= 2 && !vocabulary.has(text) && clusterStart(run, j)) {
          if (i === n && begins(text)) options.push([0, BEGINS, { text: text, kind: "begins" }]);
          else if (i - j >= 3) {
            var fix = corrections(text);
            if (fix) options.push([0, fix.cost, { text: text, kind: "fix", words: fix.words }]);
          }
        }
        for (var o = 0; o < options.length; o++) {
          var op = options[o], cost = [best[j][0] + op[0], best[j][1] + 2 + op[1], best[j][2] + op[1]];
          if (less(cost, best[i])) { best[i] = cost; back[i] = j; piece[i] = op[2]; }
        }
      }
    }
    var found = [];
    for (var end = n; end > 0; end = back[end]) found.unshift(piece[end]);
    var merged = [];  // unknown characters in a row stay one term
    for (var k = 0; k < found.length; k++) {
      var last = merged[merged.length - 1];
      if (found[k].kind === "unknown" && last && last.kind === "unknown") last.text += found[k].text;
      else merged.push({ text: found[k].text, kind: found[k].kind, words: found[k].words });
    }
    // worth trying corrections: characters outside known words, or short words in a row (สาร|บัน)
    var doubtful = best[n][0] > 0 || merged.some(function (p, x) {
      return x > 0 && p.text.length <= 3 && merged[x - 1].text.length <= 3;
    });
    return { pieces: merged, doubtful: doubtful };
  }

  function less(a, b) {
    for (var k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k] < b[k];
    return false;
  }

  // How a word of the vocabulary is searched (Material adds a trailing * to every term without ^ or ~):
  // - a short word of the index (รับ, ส่ง, ราย) matches exactly ("^1" keeps Material from adding
  //   the *): as a prefix it would also match รับผิดชอบ or รายงาน everywhere;
  // - a longer word of the index matches as a prefix;
  // - a word of four or more characters that is also part of compounds (ประชุม in การประชุม),
  //   or an unknown stretch, matches anywhere inside index words (leading *).
  function term(w, boost) {
    if (!indexWords.has(w) || (partWords.has(w) && w.length >= 4)) return "*" + w + (boost ? "*^" + boost : "");
    if (w.length <= 3) return w + "^" + (boost || 1);
    return w + (boost ? "*^" + boost : "");
  }

  function cut(run) {
    var result = cutRun(run, false);
    if (result.doubtful) result = cutRun(run, true);
    meant.push(result.pieces.map(function (p) { return p.kind === "fix" ? p.words[0] : p.text; }).join(""));
    var map = null;
    return result.pieces.map(function (p) {
      if (p.kind === "unknown" || p.kind === "begins") return "*" + p.text;
      if (p.kind === "fix") return p.words.map(function (w) { return term(w); }).join(" ");
      // index words spelled with the same sound key (งบประมาร beside งบประมาณ) are searched too, below it
      if (p.text.length >= EDIT_MIN && indexWords.has(p.text)) {
        map = map || fuzzyMap();
        var same = (map.keys.get(map.keyOf.get(p.text) || thaiKey(p.text)) || []).filter(function (w) {
          return w !== p.text && indexWords.has(w);
        });
        if (same.length) return [term(p.text, 3)].concat(same.slice(0, 3).map(function (w) { return term(w, 1); })).join(" ");
      }
      return term(p.text);
    }).join(" ");
  }

  // ------------------------------------------------------------ Latin words and codes
  var latinTerms = new Set(), sortedLatin = [];
  function learnTerms(terms) {
    sortedLatin = (terms || []).filter(function (t) { return /^[a-z0-9][a-z0-9]*$/.test(t) && /[a-z]/.test(t); });
    latinTerms = new Set(sortedLatin);
  }

  function latinBegins(word) {
    var lo = 0, hi = sortedLatin.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sortedLatin[mid] < word) lo = mid + 1; else hi = mid; }
    return lo < sortedLatin.length && sortedLatin[lo].startsWith(word);
  }

  // A Latin word or code as the index has it: e-Budget, eBudget and EBUDGET are all "ebudget" when the
  // index has that term (the build adds the joined form of hyphenated codes); a word that is neither an
  // index term nor the beginning of one is replaced by the index terms one edit away (eMENSQR → emenscr).
  function latin(word) {
    var lower = word.toLowerCase(), joined = lower.replace(/[\-.]/g, "");
    if (joined !== lower && latinTerms.has(joined)) return joined;
    if (joined !== lower || !sortedLatin.length || lower.length < 5 || !/^[a-z0-9]+$/.test(lower)) return word;
    if (latinTerms.has(lower) || latinBegins(lower)) return word;
    var found = sortedLatin.filter(function (t) { return Math.abs(t.length - lower.length) <= 1 && withinOne(lower, t); });
    if (!found.length) return word;
    found.sort(function (a, b) { return documents(b) - documents(a); });
    return found.slice(0, 3).map(function (t) { return t + "^1"; }).join(" ");
  }

  // The query as the reader meant it, in one run (Thai runs corrected), for the engine's phrase ranking.
  var meant = [], lastPhrase = "";

  function segmentQuery(query) {
    meant = [];
    var compact = query.toLowerCase().replace(/[\s\u200b.\-]+/g, "");
    var extra = [];
    for (var g = 0; g < glossary.length; g++) {  // the full form of an abbreviation: search the abbreviation too
      if (glossary[g][1].length >= 4 && compact.indexOf(glossary[g][1]) >= 0 && compact !== glossary[g][0]) extra.push(glossary[g][0] + "^1");
    }
    var out = query
      .replace(/(^|[^\u0e00-\u0e7f.])((?:[\u0e01-\u0e2e]{1,3}\.){2,})/g, function (m, before, dotted) {  // ส.พ.ฐ. → สพฐ
        return before + dotted.replace(/\./g, "");
      })
      .replace(/[A-Za-z0-9]+(?:[\-.][A-Za-z0-9]+)*/g, function (word) { return /[A-Za-z]/.test(word) ? latin(word) : word; });
    if (vocabulary.size) {
      out = out.replace(/([\u0e00-\u0e7f])[ \t]+(?=[\u0e00-\u0e7f])/g, "$1")  // Thai words typed with spaces
        .replace(THAI, function (run) { return " " + cut(run) + " "; });
    }
    if (extra.length) out += " " + extra.join(" ");
    lastPhrase = vocabulary.size && meant.length ? meant.join("") : compact;
    return out.replace(/\s+/g, " ").trim();
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
  self.__thaiQuery = { learn: learn, learnTerms: learnTerms, segment: segmentQuery, thaiKey: thaiKey,
                       phrase: function () { return lastPhrase; },
                       learnLeads: learnLeads, forDisplay: forDisplay };

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
    var result = engine.search(segmentQuery(query), lastPhrase);
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
          learnTerms(engine.terms());  // before the first query, which is a message behind this one
          setTimeout(prepareFuzzy, 0);  // the misspelling map, built while the reader types the first letters
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
