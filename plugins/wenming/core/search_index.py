"""The portal's search index: Chinese search that finds the right page and costs nothing until used.

Material's lunr index is one file that every page downloads (676 KB gzipped at 10,000 records) and
its worker tests a Chinese query without its last character. This index is split into many small
files that the search box fetches only for the words of a query:

- **Terms.** Chinese text is indexed by character pairs (bigrams): a query is found by the pairs
  it is made of, so a two-character word, a name or a phrase typed without spaces matches only
  pages containing all of its pairs, whatever a segmenter would have made of either side (the
  indexing and the query can never disagree on where words end). Titles also get single
  characters (a one-character query looks at titles). Latin letters and digits are whole words.
- **Words.** jieba, with a user dictionary of the names the records define (people, teams, places,
  organisers, categories), finds the whole words of titles ("~" terms); a query that is one such
  word ranks the pages whose title holds it as a whole word, and the page titled with it, first.
- **Weights.** A title counts far more than body text; a page whose title is the query counts most.
- **Files.** ``terms/<bucket>.json``: the terms grouped by their first character (``term_key``)
  and the characters hashed into buckets of a few KB, each term with its document frequency and its
  postings (document number, weight), capped for very common terms; a character whose terms weigh
  more than ``SPLIT_BYTES`` has files of its own, ``terms/<bucket>-<part>.json``, its terms hashed
  into parts (``manifest["split"]``); ``docs/<chunk>.json``: location, title and teaser of documents
  in groups; ``manifest.json``: the version and the sizes. A query fetches the file of each term;
  each also carries (under ``#docs``) the documents of its terms' best postings, so a query's top
  results usually come with its terms in one round trip; the groups are fetched only for the others.
- **Later queries.** Every pair starting with a character lives in that character's file (unless
  it is split), so once the browser holds the files of the characters typed, a query refined by
  one more character (中秋 -> 中秋节: the new pair 秋节 is in 秋's file), by deleting characters or
  by reordering them needs no request: the engine fetches the files of a query's characters after
  answering it (``prefetched_for``), bounded in bytes.
- **Likely queries.** ``likely.json``: the answers (count and top 10, with their documents) to the
  words of the records' own vocabulary (festivals, categories, event kinds, team types), which
  residents search most; fetched when the search box is opened (LIKELY_BYTES at most), so such a
  query, even the first, needs no request.

The browser side (theme_overrides/assets/javascripts/wenming-search.js) computes the same terms and
the same bucket hash; ``query_terms`` and ``bucket_of`` here are its reference, used by the tests.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

INDEX_VERSION = 2  # 2: terms grouped by their first character (term_key, manifest split)
POSTINGS_CAP = 1000  # postings kept for a term found in more pages (the best-weighted ones)
BUCKET_TARGET_BYTES = 4096  # the average size of a terms bucket, before compression
DOCS_PER_CHUNK = 16
TEASER_CHARS = 60
TITLE_WEIGHT = 16  # a term in the title weighs as much as 16 occurrences in the body
SHORT_TITLE = 12  # a title shorter than this adds a point per missing character: 志愿服务 above a headline
BODY_CAP = 4  # occurrences in the body counted at most
EXACT_TITLE_WEIGHT = 64  # the page whose whole title is the query
WORD = "~"  # prefix of whole-word terms (they only rank, never filter)
MAX_TERMS = 8  # of a query (a pasted paragraph must not fetch a bucket per pair): the first ones
# The documents of each term's best postings, carried in its bucket: a second round trip for the
# groups cost a phone 0.4 s or more per query (issue 20: later queries within 300 ms). At 2,000
# records (bench/SEARCH.md): index 1.6 -> 5.3 MB on disk, a query's bytes median 7.3 -> 10.8 KB raw.
NEAR_DOCS = 10
DOCS_KEY = "#docs"  # a key no term can be (terms are Han, [0-9a-z] or "~" words)
# A character's terms (postings and carried documents) above this many bytes are split into parts of
# about PART_BYTES (hashed by term: a part may hold more), fetched by term: 社's terms weigh 168 KB
# at 10,000 records, where a query may fetch at most 150 KB (issue 20). Below it, the character's
# terms share a bucket with other characters' (BUCKET_TARGET_BYTES on average).
SPLIT_BYTES = 16384
PART_BYTES = 8192
# What the browser fetches ahead after a query (prefetched_for), at most, in KB (the manifest gives
# each terms file's size): with a query's own files (at 10,000 records 58 KB at most for the
# bench's queries) and, for the first, what opening the box fetched (41 KB), under 150 KB.
AHEAD_KB = 48
# What one query may cost at most, in KB raw: its own terms files (OWN_KB: a pasted paragraph's
# eight terms weighed 110 KB at 10,000 records; its later terms are then left out, see
# fitted_terms) and, with them, what is fetched ahead (QUERY_KB less its own), leaving room for
# the groups of its top ten documents (2 KB each) and, for the first query, what opening the box
# fetched (46 KB): under the 150 KB a query may cost on a server without gzip (issue 20).
OWN_KB = 56
QUERY_KB = 72
# The answers fetched on opening the box (likely.json): 28 KB raw / 5 KB gzipped for the whole
# vocabulary at 2,000 and at 10,000 records (bench/SEARCH.md); the bound keeps it so.
LIKELY_BYTES = 32 * 1024
LIMIT = 10  # results an answer lists (LIMIT in the engine)

# Han ideographs (with extensions A and the compatibility block), as the browser's regular expression.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{_HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{_HAN}]+")


def normalize(text: str) -> str:
    """Full-width letters and digits as ASCII, lower case (the query is normalized the same way)."""
    return unicodedata.normalize("NFKC", text).lower()


def is_han(text: str) -> bool:
    return bool(_HAN_RUN.fullmatch(text))


def pairs(run: str) -> Iterator[str]:
    """Every character pair of a run of Han characters (a run of one gives nothing)."""
    return (run[i : i + 2] for i in range(len(run) - 1))


def query_terms(query: str) -> tuple[list[str], list[str]]:
    """(terms every result must contain, whole-word terms that only rank) for a query.

    A Han run of one character is itself (looked up in titles); of two, the pair; longer runs are
    covered by pairs without overlap plus the last pair, so 包饺子 is 包饺 + 饺子 and 孝老爱亲 is
    孝老 + 爱亲: every character is tested, half as many files as all pairs. Runs of three
    characters or more are also looked up as whole words. Latin letters and digits are words.
    """
    required: list[str] = []
    words: list[str] = []
    for run in _RUNS.findall(normalize(query)):
        if not is_han(run) or len(run) <= 2:
            required.append(run)
            continue
        cover = [run[i : i + 2] for i in range(0, len(run) - 1, 2)]
        if len(run) % 2:
            cover.append(run[-2:])
        required += cover
        words.append(WORD + run)
    return list(dict.fromkeys(required))[:MAX_TERMS], list(dict.fromkeys(words))[:MAX_TERMS]


def likely_queries() -> list[str]:
    """The records' own vocabulary, most searched first: festivals, categories, event kinds, team types."""
    from .schemas import CATEGORIES, EVENT_KINDS, FESTIVALS, TEAM_TYPES

    words = [*FESTIVALS, *CATEGORIES, *EVENT_KINDS, *TEAM_TYPES]
    return list(dict.fromkeys(word for word in words if word != "其他"))


def answer_key(query: str) -> str:
    """What an answer in likely.json is found by: the query's terms (" 中秋" and "中秋" are one query)."""
    required, words = query_terms(query)
    return " ".join(required) + "|" + " ".join(words)


def term_key(term: str) -> str:
    """What decides a term's file. A pair or a single character: its first character; a "~" word:
    its last but one (~中秋节 with 秋节). Either way, the terms a query gets by one more character
    (中秋 -> 中秋节: 秋节 and ~中秋节) are in the file of the character typed before it, which the
    browser fetched ahead. A word of letters or digits is its own key (never a prefix of another)."""
    key = term[-2] if term.startswith(WORD) else term[0]
    return key if is_han(key) else term


def file_of(term: str, manifest: dict[str, Any]) -> str:
    """The terms file (path under the index folder) that holds ``term`` if any page has it."""
    return _file_and_size(term, manifest)[0]


def _file_and_size(term: str, manifest: dict[str, Any]) -> tuple[str, int]:
    """The terms file of ``term`` and its size in KB (rounded up), as the manifest says."""
    key = term_key(term)
    bucket = bucket_of(key, manifest["buckets"])
    parts = manifest["split"].get(key)
    if parts:
        part = bucket_of(term, len(parts))
        return f"terms/{bucket}-{part}.json", parts[part]
    return f"terms/{bucket}.json", manifest["bucket_kb"][bucket]


def fitted_terms(query: str, manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """``query_terms`` whose files fit in OWN_KB together (the manifest gives their sizes): each
    term in order, required ones first, is kept if its file is counted already or still fits; the
    first required term always. Only a long pasted text loses terms; its first ones still find
    its pages."""
    required, words = query_terms(query)
    files: dict[str, int] = {}
    kept: tuple[list[str], list[str]] = ([], [])
    for group, terms in enumerate((required, words)):
        for term in terms:
            name, size = _file_and_size(term, manifest)
            cost = 0 if name in files else size
            if kept[0] and sum(files.values()) + cost > OWN_KB:
                continue
            files[name] = size
            kept[group].append(term)
    return kept


def own_files(query: str, manifest: dict[str, Any]) -> dict[str, int]:
    """The terms files a query is answered from, with their sizes in KB."""
    required, words = fitted_terms(query, manifest)
    return dict(_file_and_size(term, manifest) for term in required + words)


def prefetched_for(query: str, manifest: dict[str, Any]) -> list[str]:
    """The files the browser fetches ahead after answering ``query``, so that the queries a resident
    makes of it next need no request, in this order while they fit in AHEAD_KB and, with the query's
    own files, in QUERY_KB (the manifest gives every terms file's size, so the bound holds whatever
    the files):

    - the query's own files (none new, unless likely.json answered it; they count in QUERY_KB);
    - the last character's file or all its parts: every term a character typed after it adds is
      there (``term_key``);
    - the files of the query less its last character or two (deleting them, a character or a word);
    - the shared buckets of its other characters (the last MAX_TERMS distinct ones), for queries
      made of characters already typed."""
    typed = "".join(_HAN_RUN.findall(normalize(query)))
    if not typed:
        return []
    split = manifest["split"]
    own = own_files(query, manifest)
    ahead = list(own)
    last = typed[-1]
    if last in split:
        bucket = bucket_of(last, manifest["buckets"])
        groups = [[(f"terms/{bucket}-{part}.json", size) for part, size in enumerate(split[last])]]
    else:
        groups = [[_file_and_size(last, manifest)]]
    text = normalize(query)
    for shorter in (text[:-1], text[:-2]):
        required, words = fitted_terms(shorter, manifest)
        groups += [[_file_and_size(term, manifest)] for term in required + words]
    others = list(dict.fromkeys(reversed(typed[:-1])))[:MAX_TERMS]
    groups += [[_file_and_size(character, manifest)] for character in others if character not in split]
    budget = min(AHEAD_KB, QUERY_KB - sum(own.values()))
    for group in groups:
        new = dict(item for item in group if item[0] not in ahead)
        if new and sum(new.values()) <= budget:
            ahead += new
            budget -= sum(new.values())
    return ahead


def _words_key(segmenter: Segmenter | None) -> bytes | None:
    """What a document's weights depend on besides the document: the segmenter's words."""
    return segmenter.key if segmenter is not None else None


@functools.lru_cache(maxsize=1 << 18)  # every term's file is found again on each preview rebuild
def bucket_of(term: str, buckets: int) -> int:
    """FNV-1a (32-bit) over the term's UTF-16 code units, as JavaScript sees the string."""
    value = 0x811C9DC5
    units = term.encode("utf-16-le")
    for i in range(0, len(units), 2):
        value ^= units[i] | units[i + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % buckets


@dataclass(frozen=True)
class SearchDoc:
    """One page as search sees it: where, its title, its visible text and a teaser for the result list."""

    location: str
    title: str
    text: str
    teaser: str = ""


class Segmenter:
    """jieba with the words the records define, in a tokenizer of its own.

    jieba's shared tokenizer keeps its frequencies (the privacy audit reads them to tell a name
    from an everyday word, core/privacy.py): the names are added to a copy instead. The copy
    shares jieba's loaded dictionary, so it costs 10 ms, not the half second of a second load.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        import logging

        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ = dict(jieba.dt.FREQ)
        tokenizer.total = jieba.dt.total
        tokenizer.initialized = True
        self.known: set[str] = set()
        for word in words:
            word = normalize(word).strip()
            if len(word) >= 2 and is_han(word) and word not in self.known:
                self.known.add(word)
                # As frequent as a common word: the name wins over splitting it (刘 + 晓明).
                tokenizer.add_word(word, freq=max(tokenizer.FREQ.get(word, 0), 20000))
        self._tokenizer = tokenizer
        # What the words a title gives depend on, besides jieba's own dictionary.
        self.key = hashlib.blake2b("\n".join(sorted(self.known)).encode("utf-8"), digest_size=16).digest()

    def words(self, text: str) -> Iterator[str]:
        """The whole words of three or more characters in ``text`` (shorter ones are pairs already),
        with the dictionary words inside longer ones (幸福里学雷锋志愿服务队 also gives 学雷锋)."""
        for run in _HAN_RUN.findall(text):
            if len(run) < 3:
                continue
            for word in self._tokenizer.cut_for_search(run, HMM=False):
                if len(word) >= 3:
                    yield word


def record_words(site: Any) -> list[str]:
    """The names the records define, for the segmenter: people and their communities and roles,
    teams, their leaders, volunteer stars, service areas and stations, event places and
    organisers, categories, team and event types, festivals. Withheld records count too (a
    nominee in 公示 is named on the notice before having a page)."""
    fields = {
        "nominations": ("name", "community", "role", "category", "nominated_by"),
        "teams": ("name", "type", "leader"),
        "events": ("location", "organizer", "kind", "festival"),
    }
    words: list[str] = []
    for collection, names in fields.items():
        loaded = site.loaded.get(collection)
        if loaded is None:
            continue
        for record in [*loaded.records, *loaded.withheld]:
            data = record.data
            words += [value for name in names if isinstance(value := getattr(data, name, None), str)]
            if collection == "teams":
                words += [star.name for star in data.stars] + list(data.services)
                if data.station is not None and data.station.location:
                    words.append(data.station.location)
    # A place written "幸福里社区党群服务中心一楼 学雷锋志愿服务站" is two places.
    return sorted({part for word in words for part in re.split(r"[\s，、,；;（）()·]+", word) if part})


class IndexBuilder:
    """Collects documents one by one (as pages are rendered), then writes the index files.

    ``previous`` is the builder of the last build in this process (the preview server's): a
    document it had is given its weights again (under the same segmenter's words) instead of
    being segmented again; when this build has as many documents, its terms are taken over and
    only the documents whose weights differ are indexed again, and the encoding of the terms they
    did not touch is kept.
    The files are the same as a fresh builder's (tests/core/test_search_index_writes.py). The
    previous builder must not be used afterwards.
    """

    def __init__(
        self, segmenter: Segmenter | None = None, likely: Iterable[str] | None = None, previous: IndexBuilder | None = None
    ) -> None:
        self.segmenter = segmenter
        self.likely = likely_queries() if likely is None else list(likely)
        self.docs: list[SearchDoc] = []
        self.terms: dict[str, dict[int, int]] = {}
        self._weights: list[dict[str, int]] = []
        # term -> (its postings as written, its NEAR_DOCS best documents), kept from build to build
        self._encoded: dict[str, tuple[list[int], list[int]]] = {}
        self._previous = previous
        self._indexed = False
        # The previous build's weights by document, while documents are added (see _index).
        self._known: dict[SearchDoc, dict[str, int]] = {}
        if previous is not None and _words_key(previous.segmenter) == _words_key(segmenter):
            self._known = dict(zip(previous.docs, previous._weights, strict=True))
        # The last build's files by path with what went into each, and documents' listings as
        # JSON: a file whose terms, postings and carried listings are all the same is not
        # encoded again (files() of 2,000 records cost 0.25 s per rebuild, nearly all of it
        # for files an edit did not change). Compared by value, so they hold whatever segmenter.
        self._files_made: dict[str, tuple[tuple[Any, ...], bytes]] = previous._files_made if previous else {}
        self._listings: dict[tuple[str, str, str], bytes] = previous._listings if previous else {}

    def add(self, doc: SearchDoc, weights: dict[str, int] | None = None) -> None:
        """Index ``doc``; ``weights`` are its :meth:`weights` when known already (the preview
        server keeps them for pages it did not render again)."""
        self.docs.append(doc)
        if weights is None:
            weights = self._known.get(doc)
        self._weights.append(weights if weights is not None else self.weights(doc))

    def _index(self) -> None:
        """Fill ``terms`` from the documents' weights, from the previous builder's where it can."""
        if self._indexed:
            return
        previous, self._previous = self._previous, None
        self._known = {}  # every document is in: the last build's are let go
        shift = _changed_run(previous._weights, self._weights) if previous is not None and previous._indexed else None
        if previous is not None and shift is not None:
            terms = previous.terms
            touched: set[str] = set()

            def update(number: int, old: dict[str, int], new: dict[str, int]) -> None:
                # Only the terms whose weight in this document changed: an edited page keeps most
                # of its terms (at 10,000 records a title edit touched 156 terms, 10 changed, and
                # encoding again the common ones, with thousands of postings, cost 0.1 s).
                for term, weight in old.items():
                    if new.get(term) != weight:
                        postings = terms[term]
                        del postings[number]
                        if not postings:
                            del terms[term]
                        touched.add(term)
                for term, weight in new.items():
                    if old.get(term) != weight:
                        terms.setdefault(term, {})[number] = weight
                        touched.add(term)

            if len(previous._weights) == len(self._weights):
                for number, (old, new) in enumerate(zip(previous._weights, self._weights, strict=True)):
                    if old is not new and old != new:
                        update(number, old, new)
            else:
                # Documents added or removed between the same first and last ones (a page added
                # or deleted): the old ones leave, the ones after them are numbered again, the
                # new ones come in (at 10,000 records, 0.3 s less than making every term again).
                start, old_end, new_end = shift
                for number in range(start, old_end):
                    update(number, previous._weights[number], {})
                delta = new_end - old_end
                for term, postings in terms.items():
                    if max(postings) >= old_end:
                        terms[term] = {number + delta if number >= old_end else number: weight for number, weight in postings.items()}
                        touched.add(term)
                for number in range(start, new_end):
                    update(number, {}, self._weights[number])
            self.terms = terms
            self._encoded = {term: code for term, code in previous._encoded.items() if term not in touched and term in terms}
        else:
            for number, weights in enumerate(self._weights):
                for term, weight in weights.items():
                    self.terms.setdefault(term, {})[number] = weight
        self._indexed = True

    def _encoding(self, postings: dict[int, int]) -> tuple[list[int], list[int]]:
        """A term's postings as its file holds them (count, then gaps and weights of the best
        POSTINGS_CAP by document number), and its NEAR_DOCS best documents."""
        # Heaviest first, then by number: sorted by number, then by weight in reverse, which keeps
        # equal weights in number order (two sorts in C; a key function per posting cost twice
        # as much, and a page's edit encodes again every term of the lists it is on).
        by_number = sorted(postings.items())
        best = sorted(by_number, key=itemgetter(1), reverse=True)
        kept = sorted(best[:POSTINGS_CAP]) if len(postings) > POSTINGS_CAP else by_number
        flat = [len(postings)]
        previous = 0
        for number, weight in kept:
            flat += [number - previous, weight]
            previous = number
        return flat, [number for number, _ in best[:NEAR_DOCS]]

    def weights(self, doc: SearchDoc) -> dict[str, int]:
        """Each term of ``doc`` and its weight: a function of the document and the segmenter's words."""
        title = normalize(doc.title)
        text = normalize(doc.text)
        weights: Counter[str] = Counter()
        title_terms = set(self._terms(title, single=True))
        body = Counter(self._terms(text, single=False))
        in_title = TITLE_WEIGHT + max(0, SHORT_TITLE - len(title))
        for term in title_terms:
            weights[term] += in_title
        for term, count in body.items():
            weights[term] += min(count, BODY_CAP)
        if self.segmenter is not None:
            # Titles only: jieba over every page's text cost 3 s of CPU at 2,000 records (a fifth of
            # the build) for little: the pairs already find a name in the text, the whole word in
            # the title is what ranks the page that is about it first.
            for word in set(self.segmenter.words(title)):
                weights[WORD + word] += in_title
        compact = "".join(_RUNS.findall(title))
        if 2 <= len(compact) <= 24:
            weights[WORD + compact] += EXACT_TITLE_WEIGHT
        return dict(weights)

    @staticmethod
    def _terms(text: str, single: bool) -> Iterator[str]:
        for run in _RUNS.findall(text):
            if not is_han(run):
                yield run
                continue
            if single or len(run) == 1:
                yield from run
            yield from pairs(run)

    def files(self) -> dict[str, bytes]:
        """Every file of the index by its path under the index folder."""
        self._index()
        terms: dict[str, list[int]] = {}
        near: dict[str, list[int]] = {}
        encoded = self._encoded
        for term, postings in self.terms.items():
            code = encoded.get(term)
            if code is None:
                code = encoded[term] = self._encoding(postings)
            terms[term], near[term] = code
        listings, self._listings = self._listings, {}
        listing = [self._listing(doc, listings) for doc in self.docs]
        listed = [len(data) + 8 for data in listing]
        made, self._files_made = self._files_made, {}
        by_key: dict[str, list[str]] = {}
        for term in sorted(terms):
            by_key.setdefault(term_key(term), []).append(term)
        # What a key's file holds: its terms and the documents they carry (estimated, in bytes).
        weight = {
            key: sum(len(term) * 3 + 8 + 4 * len(terms[term]) for term in keyed)
            + sum(listed[doc] for doc in {doc for term in keyed for doc in near[term]})
            for key, keyed in by_key.items()
        }
        parts = {key: math.ceil(size / PART_BYTES) for key, size in weight.items() if size > SPLIT_BYTES}
        whole = sum(size for key, size in weight.items() if key not in parts)
        buckets = 1
        while whole / buckets > BUCKET_TARGET_BYTES and buckets < 1 << 16:
            buckets <<= 1
        # Sizes are filled in once the files are written; file_of needs the number of parts only.
        manifest: dict[str, Any] = {
            "buckets": buckets, "split": {key: [0] * count for key, count in parts.items()}, "bucket_kb": [0] * buckets
        }
        # Every file a term could be looked up in exists (an empty one too): no request ends in a 404.
        grouped: dict[str, dict[str, list[int]]] = {f"terms/{number}.json": {} for number in range(buckets)}
        for key, count in parts.items():
            grouped.update({f"terms/{bucket_of(key, buckets)}-{part}.json": {} for part in range(count)})
        for keyed in by_key.values():
            for term in keyed:
                grouped.setdefault(file_of(term, manifest), {})[term] = terms[term]
        out: dict[str, bytes] = {}
        for name in sorted(grouped):
            group = grouped[name]
            carried = sorted({doc for term in group for doc in near[term]})
            inputs = (tuple(group), tuple(group.values()), tuple(carried), tuple(listing[doc] for doc in carried))

            def encode(group: dict[str, list[int]] = group, carried: list[int] = carried) -> bytes:
                bucket: dict[str, Any] = dict(group)
                if carried:
                    bucket[DOCS_KEY] = {str(doc): self._listed(self.docs[doc]) for doc in carried}
                return _json(bucket)

            out[name] = self._made(name, inputs, encode, made)
        kb = {name: math.ceil(len(data) / 1024) for name, data in out.items()}
        split = {key: [kb[f"terms/{bucket_of(key, buckets)}-{part}.json"] for part in range(count)]
                 for key, count in parts.items()}  # fmt: skip
        manifest.update(split=split, bucket_kb=[kb[f"terms/{number}.json"] for number in range(buckets)])
        for start in range(0, len(self.docs), DOCS_PER_CHUNK):
            end = start + DOCS_PER_CHUNK
            out[f"docs/{start // DOCS_PER_CHUNK}.json"] = self._made(
                f"docs/{start // DOCS_PER_CHUNK}.json", tuple(listing[start:end]),
                lambda start=start, end=end: _json([self._listed(doc) for doc in self.docs[start:end]]), made,
            )  # fmt: skip
        manifest.update(docs=len(self.docs), chunk=DOCS_PER_CHUNK)
        out["likely.json"] = self._likely({**out, "manifest.json": _json(manifest)})
        digest = hashlib.sha256()
        for path in sorted(out):
            digest.update(path.encode() + b"\0" + out[path])
        manifest = {
            "format": INDEX_VERSION,
            "version": digest.hexdigest()[:12],
            "docs": len(self.docs),
            "chunk": DOCS_PER_CHUNK,
            "buckets": buckets,
            # A split character's parts and the buckets, each file's size in KB (rounded up): the
            # browser counts by them what it fetches ahead.
            "split": split,
            "bucket_kb": manifest["bucket_kb"],
            "word": WORD,
        }
        out["manifest.json"] = _json(manifest)
        return out

    def _likely(self, files: dict[str, bytes]) -> bytes:
        """likely.json: {"answers": {answer_key: [count, [document numbers, best first]]}, "#docs": {…}},
        as the engine would answer each query (``scores``), the likeliest first, within LIKELY_BYTES."""
        answers: dict[str, list[Any]] = {}
        docs: dict[str, list[str]] = {}
        size = 0
        for query in self.likely:
            key = answer_key(query)
            if key in answers or not query_terms(query)[0]:
                continue
            found = scores(files, query)
            best = sorted(found, key=lambda number: (-found[number], number))[:LIMIT]
            new = {str(number): self._listed(self.docs[number]) for number in best if str(number) not in docs}
            grown = size + len(_json([key, [len(found), best]])) + sum(len(_json([k, v])) for k, v in new.items())
            if grown > LIKELY_BYTES:
                break
            answers[key] = [len(found), best]
            docs.update(new)
            size = grown
        return _json({"answers": answers, DOCS_KEY: docs})

    def _made(self, name: str, inputs: tuple[Any, ...], encode: Any, made: dict[str, tuple[tuple[Any, ...], bytes]]) -> bytes:
        """File ``name`` as the last build made it when its ``inputs`` are equal, else ``encode()``."""
        known = made.get(name)
        data = known[1] if known is not None and known[0] == inputs else encode()
        self._files_made[name] = (inputs, data)
        return data

    def _listing(self, doc: SearchDoc, listings: dict[tuple[str, str, str], bytes]) -> bytes:
        """The document's listing as JSON (the last build's when the same)."""
        key = (doc.location, doc.title, doc.teaser)
        data = listings.get(key) or self._listings.get(key)
        if data is None:
            data = _json(self._listed(doc))
        self._listings[key] = data
        return data

    @staticmethod
    def _listed(doc: SearchDoc) -> list[str]:
        """A document as the result list shows it."""
        return [doc.location, doc.title, doc.teaser]

    def write(self, folder: Path, written: dict[str, tuple[bytes, int, int]] | None = None) -> dict[str, int]:
        """Write the index into ``folder``, leaving nothing else in it; returns the sizes written.

        ``written`` (the preview server's, kept between builds) holds each file as this process
        last wrote it: (digest, size, modification time). A file still on disk with that size and
        time whose new bytes have that digest is left as it is, so one edit rewrites a few
        buckets, not the whole index, and the privacy audit reads only those again. It is
        updated to what the folder holds now.
        """
        files = self.files()
        known = written if written is not None else {}
        if folder.exists():
            top = str(folder)
            for root, _dirs, names in os.walk(top, topdown=False):
                under = os.path.relpath(root, top).replace(os.sep, "/")
                for name in names:
                    if (name if under == "." else f"{under}/{name}") not in files:
                        os.unlink(os.path.join(root, name))
                if root != top and not os.listdir(root):
                    os.rmdir(root)
        top = str(folder)
        for name, data in files.items():
            path = os.path.join(top, name)  # strings: a Path per file showed at 10,000 records
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if known.get(name) == (digest, *_size_and_time(path)):
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                out.write(data)
            known[name] = (digest, *_size_and_time(path))
        for name in set(known) - set(files):
            del known[name]
        return {"files": len(files), "bytes": sum(len(data) for data in files.values())}


# More documents than this added or removed at once: the terms are made again from every document.
_SHIFT_LIMIT = 64


def _changed_run(old: list[dict[str, int]], new: list[dict[str, int]]) -> tuple[int, int, int] | None:
    """How ``new`` (documents' weights) differs from ``old``: (0, 0, 0) when both have as many
    documents (compared one by one); else (start, old_end, new_end) when only the documents in
    ``old[start:old_end]`` became ``new[start:new_end]`` (a page added or deleted), the ones
    before and after being the same; None when more changed than is worth following."""
    if len(old) == len(new):
        return (0, 0, 0)
    if abs(len(old) - len(new)) > _SHIFT_LIMIT:
        return None
    start, shortest = 0, min(len(old), len(new))
    while start < shortest and (old[start] is new[start] or old[start] == new[start]):
        start += 1
    same_after = 0
    while same_after < shortest - start and (old[-1 - same_after] is new[-1 - same_after] or old[-1 - same_after] == new[-1 - same_after]):
        same_after += 1
    old_end, new_end = len(old) - same_after, len(new) - same_after
    if max(old_end, new_end) - start > _SHIFT_LIMIT:
        return None
    return start, old_end, new_end


def _size_and_time(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def idf(docs: int, frequency: int) -> float:
    """How much a term tells apart (the browser weighs each term's postings by it)."""
    return math.log(1 + docs / max(frequency, 1))


def search(files: dict[str, bytes], query: str, limit: int = 10) -> list[str]:
    """The locations a query finds, best first, computed from the files as the browser does.

    The reference for wenming-search.js and the ranking's unit tests; the browser test runs the
    real script in chromium on the same queries."""
    manifest = json.loads(files["manifest.json"])
    chunk = manifest["chunk"]
    locations = []
    for number in rank(files, query, limit):
        docs = json.loads(files[f"docs/{number // chunk}.json"])
        locations.append(docs[number % chunk][0])
    return locations


def fetched_for(files: dict[str, bytes], query: str, limit: int = 10) -> list[str]:
    """The index files the browser fetches to answer ``query`` (after the manifest): its terms'
    buckets, then the groups of the top results that the buckets do not carry."""
    manifest = json.loads(files["manifest.json"])
    buckets = set(own_files(query, manifest))
    carried = {int(doc) for name in buckets for doc in json.loads(files[name]).get(DOCS_KEY, {})}
    chunks = {
        f"docs/{number // manifest['chunk']}.json" for number in rank(files, query, limit) if number not in carried
    }
    return sorted(buckets) + sorted(chunks)


def needs_request(files: dict[str, bytes], query: str, have: set[str]) -> bool:
    """Whether the browser's engine, holding the index files ``have`` (paths under the index
    folder), must fetch one to answer ``query``: not if likely.json answers it, else a terms file of
    the query, or the group of a top-10 document that no file at hand carries (the engine keeps
    the documents of every file it fetched). The reference for the tests and bench/search.py."""
    if "likely.json" in have and answer_key(query) in json.loads(files["likely.json"])["answers"]:
        return False
    manifest = json.loads(files["manifest.json"])
    needed = set(own_files(query, manifest))
    if needed - have:
        return True
    carried = {int(number) for name in have | needed if name.endswith(".json") and not name.startswith("docs/")
               and name != "manifest.json" for number in json.loads(files[name]).get(DOCS_KEY, {})}
    groups = {f"docs/{number // manifest['chunk']}.json" for number in rank(files, query) if number not in carried}
    return bool(groups - have)


def rank(files: dict[str, bytes], query: str, limit: int = 10) -> list[int]:
    """The document numbers a query finds, best first (see ``search``)."""
    found = scores(files, query)
    return sorted(found, key=lambda number: (-found[number], number))[:limit]


def scores(files: dict[str, bytes], query: str) -> dict[int, float]:
    """Every document a query finds, with its score (see ``search``)."""
    manifest = json.loads(files["manifest.json"])
    required, words = fitted_terms(query, manifest)
    if not required:
        return {}

    def entry(term: str) -> list[int] | None:
        name = file_of(term, manifest)
        found: list[int] | None = json.loads(files[name]).get(term) if name in files else None
        return found

    def postings(flat: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        number = 0
        for i in range(1, len(flat), 2):
            number += flat[i]
            out[number] = flat[i + 1]
        return out

    entries = []
    for term in required:
        flat = entry(term)
        if flat is None:
            return {}
        entries.append(flat)
    # The rarest term first: its list is complete (not capped) if any is, and the others filter it.
    entries.sort(key=lambda flat: flat[0])
    total: dict[int, float] | None = None
    for flat in entries:
        weight = idf(manifest["docs"], flat[0])
        found = postings(flat)
        complete = len(found) == flat[0]
        if total is None:
            total = {number: weight * value for number, value in found.items()}
            continue
        if complete:
            total = {number: score + weight * found[number] for number, score in total.items() if number in found}
        else:  # a capped list cannot rule a page out
            total = {number: score + weight * found.get(number, 0) for number, score in total.items()}
    assert total is not None
    for term in words:
        flat = entry(term)
        if flat is not None:
            weight = 2 * idf(manifest["docs"], flat[0])
            for number, value in postings(flat).items():
                if number in total:
                    total[number] += weight * value
    return total
