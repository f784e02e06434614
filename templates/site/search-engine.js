/* search-engine */
/* The handbook's search engine inside Material's search worker (prepended by generator/site/search.py).
 *
 * Why (measured by bench/scale.py, 1,000 procedures, CPU 4x slower): stock Material downloads the
 * whole index on the page, copies it to the worker and builds the lunr index there (6.4 s before the
 * first search), then highlights and copies back every hit of a query (up to 5,000 documents, 1.4 s).
 *
 * Here the worker downloads search/handbook_index.json, built by the generator
 * (build_prebuilt_index): documents, sorted terms and, per term and field, the documents that contain
 * it with the term's frequency.  Nothing is tokenized when the worker starts.  A query is answered
 * like Material's worker (integrations/search/_/index.ts of mkdocs-material 9.7) and lunr 2.3.9:
 * - Material's query transform (a trailing * on plain terms, phrases as required terms), lunr's query
 *   parser, wildcards expanded over the sorted terms, presence (+/-), field restrictions;
 * - lunr's score: per field, the query vector (the boosts of the expanded terms) times the document's
 *   field vector (BM25 with Material's b = 0 and lunr's k1 = 1.2, field and document boosts, rounded
 *   to three decimals as lunr does), divided by the query vector's length, summed over fields;
 * - Material's boosts (whole pages, share of query terms found), sort, grouping by page, and
 *   highlighting (Material's tokenizer and highlighter: the title in full, the text cut to the first
 *   two blocks with a match).
 * Only the first PAGES_IN_FULL pages of the results are sent with their best SECTIONS sections, later
 * pages with their page entry only (Material shows them when the list is scrolled), and long texts as
 * an excerpt around the first match, so that a query that matches every page does not copy and lay
 * out thousands of sections on the page.
 */
(function () {
  "use strict";
  var PAGES_IN_FULL = 20;
  // Sections sent per page (the best ones): Material shows the best and folds the others under "n more
  // on this page", but builds all of them; a procedure has a dozen sections that all match a common word.
  var SECTIONS = 5;
  // A wildcard term stands for at most this many index terms, the shortest first (lunr takes them all):
  // a query being typed ("*แ", the first letter of a word) would otherwise search every word that
  // contains that letter.  A whole word is far below it (in the 1,000-procedure benchmark, *งบประมาณ*
  // stands for 14 terms).
  var MAX_EXPANSION = 64;
  // Texts longer than this (visible characters) are sent as an excerpt around their first match:
  // Material puts the whole text of a section into the result (its CSS shows three lines), and
  // laying out thousands of characters of Thai for every result is what made typing slow.
  var EXCERPT = 320, EXCERPT_LATER = 160;
  var K1 = 1.2, B = 0;
  // Pages ranked by the share of the query's words found anywhere on them (see search below); false
  // gives Material's order exactly (tests/test_search_engine.py compares the two engines that way).
  var RANK_PAGES = true;
  var source = self.__handbookIndex;
  if (!source || typeof fetch !== "function") return;

  // Start downloading at once: the page sends its setup message only after its own scripts ran.
  var loading = fetch(new URL(source, self.location.href)).then(function (response) {
    if (!response.ok) throw new Error("search index: HTTP " + response.status);
    return response.json();
  });
  loading.catch(function () {});

  var engine = null;

  // The texts come in a second file, loaded when search is ready: they are needed to show results
  // (highlighting, excerpts), not to find them, and they are most of the index's size.
  function loadTexts(engine, address) {
    return fetch(new URL(address, new URL(source, self.location.href))).then(function (response) {
      if (!response.ok) throw new Error("search texts: HTTP " + response.status);
      return response.json();
    }).then(function (texts) {
      for (var d = 0; d < engine.docs.length; d++) engine.docs[d].text = texts[d] || "";
    }, function (err) {
      console.warn("handbook search: texts not loaded, results show titles only", err);
    });
  }

  function Engine(data) {
    this.fields = data.fields;
    this.boosts = data.boosts;
    this.pipeline = data.pipeline;
    this.separator = new RegExp(data.separator);
    this.terms = data.terms;
    this.postings = data.postings;
    this.decoded = new Array(data.terms.length);
    this.termIndex = new Map();
    for (var i = 0; i < data.terms.length; i++) this.termIndex.set(data.terms[i], i);
    // documents in Material's shape, and Material's document map (setupSearchDocumentMap)
    this.docs = [];
    this.map = new Map();
    for (var d = 0; d < data.docs.length; d++) {
      var row = data.docs[d];
      var doc = { location: row[0], title: row[1], text: row[2] };
      if (row[3]) for (var key in row[3]) doc[key] = row[3][key];
      this.docs.push(doc);
      var path = doc.location.split("#")[0];
      var article = this.map.get(path);
      if (article === undefined) this.map.set(path, doc);
      else { this.map.set(doc.location, doc); doc.parent = article; }
    }
  }

  // For term i: per field, the documents that contain it and the term's frequency there.
  Engine.prototype.posting = function (i) {
    var found = this.decoded[i];
    if (found) return found;
    var lists = this.postings[i], docs = [], tfs = [], count = 0;
    for (var f = 0; f < lists.length; f++) {
      var list = lists[f], ds = new Array(list.length / 2), ts = new Array(list.length / 2), at = 0;
      for (var p = 0, q = 0; p < list.length; p += 2, q++) {
        at = q === 0 ? list[p] : at + list[p];
        ds[q] = at; ts[q] = list[p + 1];
      }
      docs.push(ds); tfs.push(ts); count += ds.length;
    }
    var n = this.docs.length;
    found = { docs: docs, tfs: tfs, idf: Math.log(1 + Math.abs((n - count + 0.5) / (count + 0.5))) };
    this.decoded[i] = found;
    return found;
  };

  // lunr's field vector entry (Builder.createFieldVectors with Material's b = 0)
  Engine.prototype.weight = function (posting, f, tf, doc) {
    var score = posting.idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * 1) + tf);
    score *= this.boosts[f];
    score *= this.docs[doc].boost || 1;
    return Math.round(score * 1000) / 1000;
  };

  // The index terms a clause term stands for (lunr.TokenSet.fromClause intersected with the index).
  Engine.prototype.expand = function (clause) {
    var term = clause.term, terms = this.terms;
    if (clause.editDistance) {
      if (!this.tokenSet) this.tokenSet = lunr.TokenSet.fromArray(terms);
      return this.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray()
        .filter(function (t) { return this.termIndex.has(t); }, this);
    }
    if (term.indexOf("*") < 0) return this.termIndex.has(term) ? [term] : [];
    var parts = term.split("*");
    if (parts.length === 2 && parts[1] === "") {  // prefix: a range of the sorted terms
      var prefix = parts[0], lo = 0, hi = terms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < prefix) lo = mid + 1; else hi = mid; }
      var out = [];
      for (var i = lo; i < terms.length && terms[i].startsWith(prefix); i++) out.push(terms[i]);
      return shortest(out);
    }
    var pattern = new RegExp("^" + parts.map(function (p) {
      return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("[^]*") + "$");
    return shortest(terms.filter(function (t) { return pattern.test(t); }));
  };

  function shortest(found) {
    if (found.length <= MAX_EXPANSION) return found;
    return found.map(function (t, i) { return [t.length, i, t]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .slice(0, MAX_EXPANSION)
      .sort(function (a, b) { return a[1] - b[1]; })
      .map(function (x) { return x[2]; });
  }

  // lunr.Index.prototype.query over the prebuilt postings.  Returns [{ref, score, matched}] sorted,
  // where matched[f] is the set of index terms found in field f of the document.
  Engine.prototype.run = function (query) {
    var self_ = this, fields = this.fields, nf = fields.length;
    var vectors = fields.map(function () { return new Map(); });
    var matching = new Map(), seen = new Set(), required = {}, prohibited = {};
    var REQUIRED = lunr.Query.presence.REQUIRED, PROHIBITED = lunr.Query.presence.PROHIBITED;
    for (var c = 0; c < query.clauses.length; c++) {
      var clause = query.clauses[c], clauseMatches = new Set();
      var fieldNumbers = clause.fields.map(function (name) { return fields.indexOf(name); })
        .filter(function (f) { return f >= 0; });
      var expanded = this.expand(clause);
      if (expanded.length === 0 && clause.presence === REQUIRED) {
        fieldNumbers.forEach(function (f) { required[f] = new Set(); });
      }
      for (var e = 0; e < expanded.length; e++) {
        var term = expanded[e], ti = this.termIndex.get(term), posting = this.posting(ti);
        for (var k = 0; k < fieldNumbers.length; k++) {
          var f = fieldNumbers[k], docs = posting.docs[f];
          if (clause.presence === REQUIRED) {
            for (var r = 0; r < docs.length; r++) clauseMatches.add(docs[r]);
            if (required[f] === undefined) required[f] = null;  // null: every document
          }
          if (clause.presence === PROHIBITED) {
            if (prohibited[f] === undefined) prohibited[f] = new Set();
            for (var x = 0; x < docs.length; x++) prohibited[f].add(docs[x]);
            continue;
          }
          vectors[f].set(ti, (vectors[f].get(ti) || 0) + clause.boost);
          var termField = ti * nf + f;
          if (seen.has(termField)) continue;
          for (var m = 0; m < docs.length; m++) {
            var key = docs[m] * nf + f, match = matching.get(key);
            if (match === undefined) matching.set(key, match = []);
            match.push(ti, posting.tfs[f][m]);
          }
          seen.add(termField);
        }
      }
      if (clause.presence === REQUIRED) {
        fieldNumbers.forEach(function (f) {
          if (required[f] === null) required[f] = clauseMatches;
          else if (required[f] !== undefined) required[f] = intersect(required[f], clauseMatches);
        });
      }
    }
    var allRequired = null, allProhibited = new Set();
    for (var g = 0; g < nf; g++) {
      if (required[g] !== undefined && required[g] !== null) {
        allRequired = allRequired === null ? required[g] : intersect(allRequired, required[g]);
      }
      if (prohibited[g]) prohibited[g].forEach(function (d) { allProhibited.add(d); });
    }
    if (query.isNegated()) {
      matching = new Map();
      this.docs.forEach(function (doc, d) {
        fields.forEach(function (name, f) { if (doc[name] !== undefined) matching.set(d * nf + f, []); });
      });
    }
    var lengths = vectors.map(function (v) {
      var sum = 0;
      v.forEach(function (value) { sum += value * value; });
      return Math.sqrt(sum);
    });
    var results = [], byDoc = new Map();
    matching.forEach(function (pairs, key) {
      var doc = Math.floor(key / nf), f = key - doc * nf;
      if (allRequired !== null && !allRequired.has(doc)) return;
      if (allProhibited.has(doc)) return;
      var dot = 0;
      for (var p = 0; p < pairs.length; p += 2) {
        dot += vectors[f].get(pairs[p]) * self_.weight(self_.posting(pairs[p]), f, pairs[p + 1], doc);
      }
      var score = dot / lengths[f] || 0;
      var result = byDoc.get(doc);
      if (result === undefined) {
        result = { ref: doc, score: 0, matched: [] };
        byDoc.set(doc, result);
        results.push(result);
      }
      result.score += score;
      var terms = result.matched[f] || (result.matched[f] = new Set());
      for (var t = 0; t < pairs.length; t += 2) terms.add(self_.terms[pairs[t]]);
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  };

  function intersect(a, b) {
    var out = new Set();
    a.forEach(function (v) { if (b.has(v)) out.add(v); });
    return out;
  }

  // ------------------------------------------------ Material's query handling (integrations/search/query)
  function split(input, separator, fn) {
    separator = new RegExp(separator, "g");
    var match, index = 0;
    do {
      match = separator.exec(input);
      var until = match ? match.index : input.length;
      if (index < until) fn(index, until);
      if (match) {
        index = match.index + match[0].length;
        if (match[0].length === 0) separator.lastIndex = match.index + 1;
      }
    } while (match);
  }

  function transform(query, fn) {
    return query.trim()
      .split(/"([^"]+)"/g)
      .map(function (parts, index) { return index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts; })
      .join("")
      .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
      .split(/\s+/g)
      .reduce(function (prev, term) { var next = fn(term); return prev.concat(Array.isArray(next) ? next : [next]); }, [])
      .map(function (term) { return /([~^]$)/.test(term) ? term + "1" : term; })
      .map(function (term) { return /(^[+-]|[~^]\d+$)/.test(term) ? term : term + "*"; })
      .join(" ");
  }

  Engine.prototype.transformQuery = function (query) {
    var separator = this.separator;
    return transform(query, function (part) {
      var terms = [], lexer = new lunr.QueryLexer(part);
      lexer.run();
      lexer.lexemes.forEach(function (lexeme) {
        if (lexeme.type === "FIELD") {
          if (["title", "text", "tags"].indexOf(lexeme.str) < 0) {
            part = [part.slice(0, lexeme.end), " ", part.slice(lexeme.end + 1)].join("");
          }
        } else if (lexeme.type === "TERM") {
          split(lexeme.str, separator, function (a, b) {
            terms.push([part.slice(0, lexeme.start), lexeme.str.slice(a, b), part.slice(lexeme.end)].join(""));
          });
        }
      });
      return terms;
    });
  };

  Engine.prototype.parse = function (value) {
    var query = new lunr.Query(this.fields);
    new lunr.QueryParser(value, query).parse();
    return query;
  };

  function queryClauses(engine, value) {
    var query = new lunr.Query(["title", "text", "tags"]);
    new lunr.QueryParser(value, query).parse();
    query.clauses.forEach(function (clause) {
      clause.usePipeline = true;
      if (clause.term.startsWith("*")) { clause.wildcard = lunr.Query.wildcard.LEADING; clause.term = clause.term.slice(1); }
      if (clause.term.endsWith("*")) { clause.wildcard = lunr.Query.wildcard.TRAILING; clause.term = clause.term.slice(0, -1); }
    });
    return query.clauses;
  }

  function queryTerms(clauses, terms) {
    var open = new Set(clauses), result = {};
    for (var t = 0; t < terms.length; t++) {
      open.forEach(function (clause) {
        if (terms[t].startsWith(clause.term)) { result[clause.term] = true; open.delete(clause); }
      });
    }
    open.forEach(function (clause) { if (lunr.stopWordFilter && lunr.stopWordFilter(clause.term)) result[clause.term] = false; });
    return result;
  }

  // ------------------------------------------------ Material's tokenizer and highlighter (internal/)
  function extract(input, fn) {
    var block = 0, start = 0, end = 0;
    for (var stack = 0; end < input.length; end++) {
      if (input.charAt(end) === "<" && end > start) {
        fn(block, 1, start, start = end);
      } else if (input.charAt(end) === ">") {
        if (input.charAt(start + 1) === "/") {
          if (--stack === 0) fn(block++, 2, start, end + 1);
        } else if (input.charAt(end - 1) !== "/") {
          if (stack++ === 0) fn(block, 0, start, end + 1);
        }
        start = end + 1;
      }
    }
    if (end > start) fn(block, 1, start, end);
  }

  // Positions (block << 20 | entry) of the tokens of `input` whose term is in `terms`, and the table.
  Engine.prototype.positions = function (input, terms) {
    var table = [], positions = [], separator = this.separator, trim = this.pipeline.indexOf("trimmer") >= 0;
    var inputs = Array.isArray(input) ? input : [input];
    for (var i = 0; i < inputs.length; i++) {
      var total = table.length, value = inputs[i];
      extract(value, function (block, type, start, end) {
        block += total;
        table[block] = table[block] || [];
        if (type !== 1) {
          table[block].push(start << 12 | end - start << 2 | type);
          return;
        }
        var section = value.slice(start, end);
        split(section, separator, function (index, until) {
          table[block].push(start + index << 12 | until - index << 2 | type);
          var token = section.slice(index, until).toLowerCase();
          if (trim) token = token.replace(/^\W+/, "").replace(/\W+$/, "");
          if (terms.has(token)) positions.push(block << 20 | table[block].length - 1);
        });
      });
    }
    return { table: table, positions: positions };
  };

  function highlightAll(inputs, table, positions, full) {
    var mapping = [0];
    for (var t = 1; t < table.length; t++) {
      var prev = table[t - 1], next = table[t];
      var p = prev[prev.length - 1] >>> 2 & 0x3FF, q = next[0] >>> 12;
      mapping.push(+(p > q) + mapping[mapping.length - 1]);
    }
    return inputs.map(function (input, i) {
      var cursor = 0, blocks = new Map();
      positions.slice().sort(function (a, b) { return a - b; }).forEach(function (p) {
        var index = p & 0xFFFFF, block = p >>> 20;
        if (mapping[block] !== i) return;
        var group = blocks.get(block);
        if (group === undefined) blocks.set(block, group = []);
        group.push(index);
      });
      if (blocks.size === 0) return input;
      var slices = [];
      for (var entry of blocks) {
        var block = entry[0], indexes = entry[1], tb = table[block];
        var start = tb[0] >>> 12, end = tb[tb.length - 1] >>> 12, length = tb[tb.length - 1] >>> 2 & 0x3FF;
        if (full && start > cursor) slices.push(input.slice(cursor, start));
        var slice = input.slice(start, end + length);
        indexes.sort(function (a, b) { return b - a; }).forEach(function (j) {
          var p = (tb[j] >>> 12) - start, q = (tb[j] >>> 2 & 0x3FF) + p;
          slice = [slice.slice(0, p), "<mark>", slice.slice(p, q), "</mark>", slice.slice(q)].join("");
        });
        cursor = end + length;
        if (slices.push(slice) === 2) break;
      }
      if (full && cursor < input.length) slices.push(input.slice(cursor));
      return slices.join("");
    });
  }

  Engine.prototype.highlight = function (item, matched) {
    for (var f = 0; f < this.fields.length; f++) {
      var name = this.fields[f], terms = matched[f];
      if (item[name] === undefined || !terms || !terms.size) continue;
      var found = this.positions(item[name], terms);
      if (!found.positions.length) continue;
      var array = Array.isArray(item[name]);
      var out = highlightAll(array ? item[name] : [item[name]], found.table, found.positions, name !== "text");
      item[name] = array ? out : out.pop();
    }
    return item;
  };

  // An excerpt of at most `limit` visible characters of highlighted `html`: the tags other than <mark>
  // are dropped, the excerpt starts a little before the first <mark> at a word boundary (space or the
  // U+200B of the segmented index) and marks cut at its end are closed.  Shorter texts are unchanged.
  function excerpt(html, limit) {
    if (typeof html !== "string" || html.length <= limit) return html;
    var plain = html.replace(/<(?!\/?mark>)[^>]*>/g, " ").replace(/[ \t\r\n]+/g, " ").trim();
    var visible = plain.replace(/<\/?mark>/g, "").replace(/\u200b/g, "");
    if (visible.length <= limit) return html;
    var start = Math.max(0, plain.indexOf("<mark>")), before = 0;  // no tag before the first mark
    while (start > 0 && before < limit / 5) { if (plain.charAt(start - 1) !== "\u200b") before++; start--; }
    while (start > 0 && plain.charAt(start - 1) !== " " && plain.charAt(start - 1) !== "\u200b") start--;
    var out = start > 0 ? "…" : "", shown = 0, open = false, i = start, lastBreak = -1;
    while (i < plain.length && shown < limit) {
      if (plain.charAt(i) === "<") {
        var end = plain.indexOf(">", i) + 1, tag = plain.slice(i, end);
        open = tag === "<mark>";
        out += tag; i = end; continue;
      }
      var c = plain.charAt(i++);
      out += c;
      if (c === " " || c === "\u200b") lastBreak = out.length; else shown++;
    }
    if (i < plain.length) {
      if (lastBreak > out.length - 40 && lastBreak > 0 && !open) out = out.slice(0, lastBreak).replace(/[ \u200b]+$/, "");
      if (open) out += "</mark>";
      out += "…";
    }
    return out;
  }

  // ------------------------------------------------ Material's Search.search
  function compactTitle(doc) {
    if (doc.compactTitle === undefined) doc.compactTitle = compact(doc.title || "");
    return doc.compactTitle;
  }
  function compact(text) {
    return text.replace(/<[^>]*>/g, "").replace(/[\s\u200b.\-_,:;()\/]+/g, "").toLowerCase();
  }

  // phrase: the query as one run of letters (the words as the reader meant them, spelling corrected;
  // thai-query.js), or "" for none.
  Engine.prototype.search = function (value, options, phrase) {
    phrase = phrase && phrase.length >= 4 ? compact(phrase) : "";
    var query = this.transformQuery(value);
    if (!query) return { items: [] };
    var clauses = queryClauses(this, query).filter(function (c) { return c.presence !== lunr.Query.presence.PROHIBITED; });
    var found = this.run(this.parse(query)), self_ = this, items = [];
    for (var i = 0; i < found.length; i++) {
      var doc = this.docs[found[i].ref], matched = found[i].matched, all = [];
      matched.forEach(function (set) { if (set) set.forEach(function (t) { if (all.indexOf(t) < 0) all.push(t); }); });
      var terms = queryTerms(clauses, all);
      var boost = +!doc.parent + Object.values(terms).filter(function (t) { return t; }).length / Object.keys(terms).length;
      var score = found[i].score * (1 + Math.pow(boost, 2));
      // the words of the query in a row in the title ("ประเมินผลการดำเนินงาน" in "งานประเมินผลการดำเนินงาน
      // ตามนโยบาย…", not in "งานติดตาม ประเมินผล และรายงานผลการดำเนินงาน…"): twice the score
      if (RANK_PAGES && phrase && compactTitle(doc).indexOf(phrase) >= 0) score *= 2;
      items.push({ doc: doc, matched: matched, score: score, terms: terms });
    }
    items.sort(function (a, b) { return b.score - a.score; });
    var groups = new Map();
    items.forEach(function (item) {
      var ref = item.doc.parent ? item.doc.parent.location : item.doc.location;
      var group = groups.get(ref);
      if (group === undefined) groups.set(ref, group = []);
      group.push(item);
    });
    var order = Array.from(groups.keys());
    if (RANK_PAGES && order.length > 1) {
      // A page whose title and sections together hold more of the query's words comes first: for
      // "ตัวชี้วัด งานสารบรรณ" the records page (its title and its indicators section) before every
      // other page's indicators section.  Material ranks each section alone.
      // Its best three results count (the best in full, the next two half and a quarter): the page
      // whose title matches too comes before the pages where only a section does.
      var rank = new Map();
      groups.forEach(function (group, ref) {
        var found = new Set(), all = 0;
        group.forEach(function (item) {
          var keys = Object.keys(item.terms);
          all = Math.max(all, keys.length);
          keys.forEach(function (k) { if (item.terms[k]) found.add(k); });
        });
        var share = all ? found.size / all : 0, score = 0;
        for (var g = 0; g < group.length && g < 3; g++) score += group[g].score / (1 << g);
        rank.set(ref, score * (1 + share * share));
      });
      order.sort(function (a, b) { return rank.get(b) - rank.get(a); });
    }
    var out = [], number = 0;
    order.forEach(function (ref) {
      var group = groups.get(ref);
      var full = number++ < PAGES_IN_FULL;
      if (!full) {  // later pages: the page entry only
        var page = group.filter(function (item) { return item.doc.location === ref; });
        group = page.length ? page : [];
      } else {
        var sections = 0;
        group = group.filter(function (item) { return item.doc.location === ref || ++sections <= SECTIONS; });
      }
      var shown = group.map(function (item) {
        var copy = Object.assign({}, item.doc);
        delete copy.parent;
        if (copy.tags) copy.tags = copy.tags.slice();
        self_.highlight(copy, item.matched);
        copy.text = excerpt(copy.text, full ? EXCERPT : EXCERPT_LATER);
        copy.score = item.score;
        copy.terms = item.terms;
        return copy;
      });
      if (!shown.some(function (item) { return item.location === ref; })) {
        var article = Object.assign({}, self_.map.get(ref), { score: 0, terms: {} });
        delete article.parent;
        shown.push(article);
      }
      out.push(shown);
    });
    var result = { items: out };
    if (options && options.suggest) {
      var titles = new lunr.Query(this.fields);
      clauses.forEach(function (clause) {
        titles.term(clause.term, { fields: ["title"], presence: lunr.Query.presence.REQUIRED, wildcard: lunr.Query.wildcard.TRAILING });
      });
      var best = this.run(titles)[0];
      result.suggest = best ? Array.from(best.matched[this.fields.indexOf("title")] || []) : [];
    }
    return result;
  };

  var options = {};
  self.__handbookSearch = {
    // setup message: resolves when the index is loaded (the page then gets Material's "ready")
    setup: function (data) {
      options = (data && data.options) || {};
      return loading.then(function (index) {
        engine = new Engine(index);
        engine.texts = index.texts ? loadTexts(engine, index.texts) : Promise.resolve();
        return engine.docs;
      });
    },
    // resolves when the texts are loaded (queries are answered after that)
    complete: function () { return engine ? engine.texts : Promise.resolve(); },
    // the index's terms (sorted) and the number of documents that contain a term (thai-query.js)
    terms: function () { return engine ? engine.terms : []; },
    documents: function (term) {
      var i = engine ? engine.termIndex.get(term) : undefined;
      if (i === undefined) return 0;
      var lists = engine.postings[i], count = 0;
      for (var f = 0; f < lists.length; f++) count += lists[f].length / 2;
      return count;
    },
    search: function (query, phrase) {
      try {
        return engine ? engine.search(query, options, phrase) : { items: [] };
      } catch (err) {
        console.warn("Invalid query: " + query, err);
        return { items: [] };
      }
    }
  };
})();
