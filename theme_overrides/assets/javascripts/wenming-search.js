/* The portal's search engine, run inside Material's search worker (loaded on the first query by the
   stub in partials/wenming/search-loader.html). It answers Material's messages (query -> result) from
   the index files under search/ that plugins/wenming/core/search_index.py writes, fetching only the
   files of the query's terms (which carry the documents of their terms' best postings) and the
   groups holding its other results. After answering, it fetches ahead the files a refinement of the
   query would need (the next character's pairs, a deletion), within a bound (prefetched_for), and
   keeps every file it fetched: a repeated, refined or shortened query then makes no request. Keep
   the term rules, the file names and the scoring in step with search_index.py (query_terms,
   term_key, file_of, prefetched_for, search). */
(function () {
  "use strict";
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var HAN_RUNS = new RegExp("[" + HAN + "]+", "g");
  var IS_HAN = new RegExp("^[" + HAN + "]+$");
  var LIMIT = 10; // results shown: each needs its group of documents fetched
  var MAX_TERMS = 8; // of a query: a pasted paragraph must not fetch a bucket per pair
  var AHEAD_KB = 48; // AHEAD_KB in search_index.py
  var OWN_KB = 56; // OWN_KB in search_index.py
  var QUERY_KB = 72; // QUERY_KB in search_index.py
  var WORD = "~";
  var DOCS_KEY = "#docs"; // in a bucket: documents by number (DOCS_KEY in search_index.py)

  var base = self.wenmingSearchBase; // absolute URL of the index folder, ending in "/"
  var manifest = null;
  var buckets = new Map(); // terms file (path under the index folder) -> Promise of its terms
  var chunks = new Map(); // group number -> Promise of its documents
  var carried = new Map(); // document number -> document, from the buckets fetched
  var likely = null; // Promise of likely.json's answers
  var likelyAnswers = new Map(); // answer key -> [count, [document numbers]], once likely.json is in
  var likelyAsked = false; // by a query (once: a missing likely.json is not asked for again by each)

  function getJSON(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  // fresh: asked for when the search box is opened (search-loader.html); otherwise opening the
  // box fetched it afresh in the page, and the cached copy is current.
  function loadManifest(fresh) {
    if (!manifest && self.wenmingManifest) {
      manifest = self.wenmingManifest; // the worker asked for it on opening the box, before loading this
      self.wenmingManifest = null;
      manifest.catch(function () { manifest = null; });
    }
    if (!manifest) {
      manifest = getJSON(base + "manifest.json", fresh ? { cache: "no-cache" } : undefined);
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  // On opening the box: the manifest, then the answers to the likely queries (likely.json).
  function prepare(fresh) {
    return loadManifest(fresh).then(function (info) {
      if (!likely) {
        likely = getJSON(base + "likely.json?v=" + info.version).then(function (found) {
          var docs = found[DOCS_KEY] || {};
          Object.keys(docs).forEach(function (key) { carried.set(Number(key), docs[key]); });
          var answers = new Map();
          Object.keys(found.answers || {}).forEach(function (key) { answers.set(key, found.answers[key]); });
          likelyAnswers = answers;
          return answers;
        });
        likely.catch(function () { likely = null; });
      }
      return likely.then(function () { return info; }, function () { return info; });
    });
  }

  // Same as answer_key in search_index.py.
  function answerKey(terms) {
    return terms.required.join(" ") + "|" + terms.words.join(" ");
  }

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  // Same as query_terms in search_index.py.
  function queryTerms(query) {
    var required = [], words = [];
    var runs = normalize(query).match(RUNS) || [];
    runs.forEach(function (run) {
      if (!IS_HAN.test(run) || run.length <= 2) {
        required.push(run);
        return;
      }
      for (var i = 0; i < run.length - 1; i += 2) required.push(run.slice(i, i + 2));
      if (run.length % 2) required.push(run.slice(-2));
      words.push("~" + run);
    });
    return { required: unique(required).slice(0, MAX_TERMS), words: unique(words).slice(0, MAX_TERMS) };
  }

  function unique(list) {
    return list.filter(function (item, index) { return list.indexOf(item) === index; });
  }

  // FNV-1a over UTF-16 code units, as bucket_of in search_index.py.
  function bucketOf(term, count) {
    var value = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      value ^= term.charCodeAt(i);
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return value % count;
  }

  // Same as term_key in search_index.py.
  function termKey(term) {
    var key = term.charAt(0) === WORD ? term.charAt(term.length - 2) : term.charAt(0);
    return IS_HAN.test(key) ? key : term;
  }

  // A split character's parts' sizes in KB, or null (an own property only: "constructor" is a word).
  function partsOf(info, key) {
    return Object.prototype.hasOwnProperty.call(info.split, key) ? info.split[key] : null;
  }

  // Same as _file_and_size in search_index.py: [the terms file of a term, its size in KB].
  function fileAndSize(term, info) {
    var key = termKey(term);
    var bucket = bucketOf(key, info.buckets), parts = partsOf(info, key);
    if (!parts) return ["terms/" + bucket + ".json", info.bucket_kb[bucket]];
    var part = bucketOf(term, parts.length);
    return ["terms/" + bucket + "-" + part + ".json", parts[part]];
  }

  function fileOf(term, info) {
    return fileAndSize(term, info)[0];
  }

  // Same as fitted_terms in search_index.py: the terms whose files fit in OWN_KB together.
  function fittedTerms(query, info) {
    var terms = queryTerms(query), files = new Map(), total = 0;
    var kept = { required: [], words: [] };
    ["required", "words"].forEach(function (group) {
      terms[group].forEach(function (term) {
        var item = fileAndSize(term, info), cost = files.has(item[0]) ? 0 : item[1];
        if (kept.required.length && total + cost > OWN_KB) return;
        if (!files.has(item[0])) { files.set(item[0], item[1]); total += item[1]; }
        kept[group].push(term);
      });
    });
    return kept;
  }

  // Same as own_files in search_index.py: [file, size in KB] of each terms file a query is answered from.
  function ownFiles(query, info) {
    var terms = fittedTerms(query, info), seen = new Map();
    terms.required.concat(terms.words).forEach(function (term) {
      var item = fileAndSize(term, info);
      if (!seen.has(item[0])) seen.set(item[0], item[1]);
    });
    return seen;
  }

  // Same as prefetched_for in search_index.py.
  function prefetchedFor(query, info) {
    var typed = (normalize(query).match(HAN_RUNS) || []).join("");
    if (!typed) return [];
    var own = ownFiles(query, info), ownKB = 0;
    own.forEach(function (size) { ownKB += size; });
    var ahead = Array.from(own.keys());
    var last = typed.charAt(typed.length - 1), parts = partsOf(info, last), groups = [];
    if (parts) {
      groups.push(parts.map(function (size, part) {
        return ["terms/" + bucketOf(last, info.buckets) + "-" + part + ".json", size];
      }));
    } else groups.push([fileAndSize(last, info)]);
    var characters = Array.from(normalize(query)); // by code point, as Python slices
    [characters.slice(0, -1).join(""), characters.slice(0, -2).join("")].forEach(function (shorter) {
      var terms = fittedTerms(shorter, info);
      terms.required.concat(terms.words).forEach(function (term) { groups.push([fileAndSize(term, info)]); });
    });
    unique(typed.slice(0, -1).split("").reverse()).slice(0, MAX_TERMS).forEach(function (character) {
      if (!partsOf(info, character)) groups.push([fileAndSize(character, info)]);
    });
    var budget = Math.min(AHEAD_KB, QUERY_KB - ownKB);
    groups.forEach(function (group) {
      var added = [], cost = 0;
      group.forEach(function (item) {
        if (ahead.indexOf(item[0]) < 0 && added.indexOf(item[0]) < 0) { added.push(item[0]); cost += item[1]; }
      });
      if (added.length && cost <= budget) {
        ahead = ahead.concat(added);
        budget -= cost;
      }
    });
    return ahead;
  }

  function load(info, name) {
    if (!buckets.has(name)) {
      var loading = getJSON(base + name + "?v=" + info.version).then(function (bucket) {
        var docs = bucket[DOCS_KEY] || {};
        Object.keys(docs).forEach(function (key) { carried.set(Number(key), docs[key]); });
        return bucket;
      });
      loading.catch(function () { buckets.delete(name); });
      buckets.set(name, loading);
    }
    return buckets.get(name);
  }

  function entry(info, term) {
    return load(info, fileOf(term, info)).then(function (bucket) {
      return Object.prototype.hasOwnProperty.call(bucket, term) ? bucket[term] : null;
    });
  }

  // What a refinement of the query would need, fetched while the resident reads or types on.
  function fetchAhead(info, query) {
    prefetchedFor(query, info).forEach(function (name) { load(info, name).catch(function () {}); });
  }

  // A document from the buckets already fetched, else from its group (one more round trip).
  function documentOf(info, number) {
    if (carried.has(number)) return Promise.resolve(carried.get(number));
    return documents(info, Math.floor(number / info.chunk)).then(function (docs) {
      return docs[number % info.chunk];
    });
  }

  function documents(info, group) {
    if (!chunks.has(group)) {
      var loading = getJSON(base + "docs/" + group + ".json?v=" + info.version);
      loading.catch(function () { chunks.delete(group); });
      chunks.set(group, loading);
    }
    return chunks.get(group);
  }

  function postings(flat) {
    var out = new Map(), number = 0;
    for (var i = 1; i < flat.length; i += 2) {
      number += flat[i];
      out.set(number, flat[i + 1]);
    }
    return out;
  }

  function idf(docs, frequency) {
    return Math.log(1 + docs / Math.max(frequency, 1));
  }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The query's own runs marked in a title or teaser (after escaping, so no markup gets in).
  function marked(text, runs) {
    var html = escapeHTML(text);
    runs.forEach(function (run) {
      var safe = escapeHTML(run);
      if (safe.length > 1 || IS_HAN.test(safe)) html = html.split(safe).join("\u0000" + safe + "\u0001");
    });
    return html.replace(/\u0000/g, "<mark>").replace(/\u0001/g, "</mark>");
  }

  function search(query) {
    var terms = queryTerms(query);
    if (!terms.required.length) return Promise.resolve({ items: [], total: 0 });
    if (!likely && !likelyAsked) { // a browser without BroadcastChannel did not prepare on opening
      likelyAsked = true;
      prepare(false).catch(function () {});
    }
    return loadManifest().then(function (info) {
      // A likely query (if likely.json is in; not waited for: the query's files may come sooner).
      var answer = likelyAnswers.get(answerKey(terms));
      if (answer) {
        fetchAhead(info, query);
        return listed(info, query, answer[1].map(function (number, rank) { return [number, LIMIT - rank]; }), answer[0]);
      }
      terms = fittedTerms(query, info); // a long pasted text: its first terms, within OWN_KB
      var wanted = terms.required.concat(terms.words);
      return Promise.all(wanted.map(function (term) { return entry(info, term); })).then(function (found) {
        fetchAhead(info, query);
        var required = found.slice(0, terms.required.length);
        var words = found.slice(terms.required.length);
        if (required.some(function (flat) { return flat === null; })) return { items: [], total: 0 };
        // The rarest term first: the others filter its pages (a capped list cannot rule one out).
        required.sort(function (a, b) { return a[0] - b[0]; });
        var scores = null;
        required.forEach(function (flat) {
          var weight = idf(info.docs, flat[0]), found = postings(flat);
          var complete = found.size === flat[0];
          if (scores === null) {
            scores = new Map();
            found.forEach(function (value, number) { scores.set(number, weight * value); });
            return;
          }
          var next = new Map();
          scores.forEach(function (score, number) {
            var value = found.get(number);
            if (value !== undefined) next.set(number, score + weight * value);
            else if (!complete) next.set(number, score);
          });
          scores = next;
        });
        words.forEach(function (flat) {
          if (flat === null) return;
          var weight = 2 * idf(info.docs, flat[0]);
          postings(flat).forEach(function (value, number) {
            if (scores.has(number)) scores.set(number, scores.get(number) + weight * value);
          });
        });
        var best = Array.from(scores.keys()).sort(function (a, b) {
          return scores.get(b) - scores.get(a) || a - b;
        }).slice(0, LIMIT);
        return listed(info, query, best.map(function (number) { return [number, scores.get(number)]; }), scores.size);
      });
    });
  }

  // Material's result: the documents [number, score] in order, the query's runs marked.
  function listed(info, query, best, total) {
    var runs = normalize(query).match(RUNS) || [];
    return Promise.all(best.map(function (pair) {
      return documentOf(info, pair[0]).then(function (doc) {
        return [{
          location: doc[0],
          title: marked(doc[1], runs),
          text: doc[2] ? "<p>" + marked(doc[2], runs) + "</p>" : "",
          score: pair[1],
          terms: {}
        }];
      });
    })).then(function (items) {
      return { items: items, total: total };
    });
  }

  self.wenmingSearch = {
    search: search, queryTerms: queryTerms, fittedTerms: fittedTerms, bucketOf: bucketOf, fileOf: fileOf, prefetchedFor: prefetchedFor,
    marked: marked, prepare: prepare
  };
})();
