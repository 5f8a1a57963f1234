"""A digest of everything a page's template can read, so that an unchanged page is not rendered again.

The preview server keeps each page's last output with the digest of its inputs; the next build
renders a page only when the digest differs. The digest must therefore change whenever anything
the template may print changes, and that is checked by what it covers, not by guessing what a
template uses:

- the page object's own fields (content, table of contents, title, meta, URL, the blog's post
  settings, authors, excerpts…), and every value a plugin put into the template context (record
  pages' records, lists, pagers, the home blocks), walked to their plain values;
- pages reached from another page (a list's posts, a post's categories, previous/next) with their
  fields too, one level down; deeper they are named by class, URL and title;
- functions in the context (Material's pagination pager) by their code and what they close over;
- what every page shares (the configuration, navigation, theme templates, Jinja globals) once per
  build, in the builder's site key (see ``builder.py``): here those objects are named only.

A value of a kind not listed raises :class:`Unfingerprintable`, and the page is then rendered:
an unknown input can cost time, never show a stale page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import io
import pickle
import types
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

import jinja2
import markdown
from markupsafe import Markup
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, PluginCollection
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from pydantic import BaseModel

from .blog_memory import DeferredMarkdown

# Fields that tie a page into the site's structure, named (class, URL, title) and not walked, or the
# walk would cover the whole site from every page. A blog list's ``posts`` are all its posts: what
# the template prints of them comes from the context (the excerpts of this page, the pager). A
# post's ``excerpt`` is printed by the lists showing it, digested there from their context; on
# the post's own page it holds whatever the last list rendered into it. A post's ``categories``
# are printed as links: the name (URL and title) is what a template shows of them.
_STRUCTURE_FIELDS = frozenset(
    {"parent", "children", "previous_page", "next_page", "active", "file", "pages", "views", "posts", "excerpt", "categories"}
)
# Objects every page shares, covered by the builder's site key (same for every page of a build).
_SHARED_TYPES: tuple[type, ...] = (
    MkDocsConfig, Navigation, Files, PluginCollection, jinja2.Environment, markdown.Markdown, DeferredMarkdown,
)  # fmt: skip


class Unfingerprintable(Exception):
    """A template input of a kind the digest does not know: the page is rendered."""


class LastingDigests:
    """Digests kept from one build to the next for objects that outlive a build unchanged: the
    records the preview server's RememberedReadings hands out again (the same object while its
    file is unchanged) and their models, all frozen. Inside another value's pickle such an object
    is written as its digest (a reference), not again in full: a list's events, a team page's
    team. By identity, with the object kept alive; what a build did not meet is let go at its end.

    ``verify`` (the tests' check_settled mode) digests each again and fails if one changed: an
    object taken for lasting that a plugin changed in place would otherwise leave pages stale.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, bytes]] = {}
        self._met: dict[int, tuple[Any, bytes]] = {}
        self._lasting: dict[int, Any] = {}
        self.verify = False

    def start(self, objects: Iterable[Any], verify: bool = False) -> None:
        """This build's lasting objects."""
        self._lasting = {id(item): item for item in objects}
        self.verify = verify

    def end(self) -> None:
        self._known, self._met, self._lasting = self._met, {}, {}

    def reference(self, value: Any) -> bytes | None:
        """``value``'s lasting digest, or None when it is not one of this build's lasting objects."""
        key = id(value)
        if self._lasting.get(key) is not value:
            return None
        known = self._met.get(key) or self._known.get(key)
        if known is None or known[0] is not value:
            known = (value, _lasting_digest(value))
        elif self.verify and _lasting_digest(value) != known[1]:
            raise AssertionError(f"preview: a {type(value).__qualname__} kept from the last build was changed in place")
        self._met[key] = known
        return known[1]

    def pickled(self, value: Any) -> bytes:
        """``value`` pickled (with pickle's memo), lasting objects in it by their digests."""
        out = io.BytesIO()
        _LastingPickler(out, self).dump(value)
        return out.getvalue()


def _lasting_digest(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


def _lasting_object(digest: bytes) -> None:
    """What a lasting object is written as (never called: these pickles are only digested)."""


class _LastingPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, lasting: LastingDigests) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._lasting = lasting

    def reducer_override(self, obj: Any) -> Any:
        # Called for instances of classes (not for str, numbers, lists, dicts…): few per object.
        digest = self._lasting.reference(obj)
        return NotImplemented if digest is None else (_lasting_object, (digest,))


class Fingerprinter:
    """Digests for one build. Objects are digested once each (by identity) and kept alive for the
    build, so that an identity is never reused for another object while its digest is cached.
    ``lasting`` digests objects kept from the last build by reference (see LastingDigests)."""

    def __init__(self, lasting: LastingDigests | None = None) -> None:
        self._lasting = lasting
        self._memo: dict[tuple[int, bool], bytes] = {}
        self._alive: list[Any] = []
        self._open: set[tuple[int, bool]] = set()
        self._named: dict[tuple[int, bool], bytes] = {}  # objects being digested (a cycle comes back to one)
        self._owned: dict[int, bytes] = {}  # pages' own digests by identity (page_own_digest)

    def page_digest(self, page: Page, extra: dict[str, Any]) -> bytes:
        """The inputs of one page's template: the page, and the context values plugins added."""
        out = hashlib.blake2b(digest_size=20)
        out.update(self._page(page, depth=0))
        for key in sorted(extra):
            out.update(key.encode("utf-8"))
            out.update(self.digest(extra[key], depth=1))
        return out.digest()

    def page_own_digest(self, page: Page) -> bytes:
        """The page object alone, as :meth:`page_digest` covers it, the first time it is asked for
        in this build: as the page stood before its own context was made (the preview builder
        asks for it then, or earlier for a post shown in a news list that comes first)."""
        known = self._owned.get(id(page))
        if known is None:
            known = self._owned[id(page)] = hashlib.blake2b(self._page(page, depth=0), digest_size=20).digest()
            self._alive.append(page)
        return known

    def digest(self, value: Any, depth: int = 1) -> bytes:
        return hashlib.blake2b(self._encode(value, depth), digest_size=20).digest()

    # -- encoding -----------------------------------------------------------------------------

    def _encode(self, value: Any, depth: int, memo: bool = True) -> bytes:
        kind = type(value)
        if kind is str:  # the common case first
            return b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass")
        # Which branch a value takes depends on its type only: found once per type (isinstance
        # against MkDocs' abstract classes cost more than the rest of the walk).
        how = _ENCODING.get(kind)
        if how is None:
            how = _ENCODING[kind] = _encoding_of(kind)
        if how is _Encoding.SCALAR:
            return f"{kind.__name__}:{value!r};".encode()
        if how is _Encoding.COMPOUND:
            if (kind is list or kind is dict or kind is tuple) and not value:
                return _EMPTY[kind]  # thousands per build (a heading's children), nothing to walk
            return b"ref:" + self._memoised(value, depth, memo or kind in _SETTLED_TYPES) + b";"
        if how is _Encoding.PAGE:
            return b"page:" + (self._page(value, depth) if depth <= 1 else self._page_name(value)) + b";"
        if how is _Encoding.TEXT:  # Markup too: a template prints both the same way
            return f"{'M' if isinstance(value, Markup) else 's'}{len(value)}:".encode() + value.encode("utf-8", "surrogatepass")
        if how is _Encoding.BYTES:
            return b"b%d:" % len(value) + value
        if how is _Encoding.ENUM:
            return f"enum:{kind.__qualname__}.{value.name};".encode()
        if how is _Encoding.PATH:
            return f"path:{value.as_posix()};".encode()
        if how is _Encoding.SHARED:
            return f"shared:{kind.__name__};".encode()
        if how is _Encoding.FILE:
            return f"file:{value.src_uri}|{value.dest_uri}|{value.url};".encode()
        return b"nav:" + self._nav_item(value) + b";"

    def _memoised(self, value: Any, depth: int, memo: bool) -> bytes:
        # Pages inside are described fully down to depth 1, named below: the same object met at
        # both depths has two digests.
        key = (id(value), depth > 1)
        if not memo:
            # Under a page: pages change while the site is built (the search plugin trims their
            # HTML, the blog renders excerpts again for each list), so nothing under them is
            # remembered from one page to the next. The cycle guard still applies.
            if key in self._open:
                return f"cycle:{type(value).__qualname__};".encode()
            self._open.add(key)
            try:
                return hashlib.blake2b(self._compound(value, depth, memo), digest_size=20).digest()
            finally:
                self._open.discard(key)
        known = self._memo.get(key)
        if known is not None:
            return known
        if key in self._open:
            # A cycle (an excerpt and its post): named, as the object is being described already.
            return f"cycle:{type(value).__qualname__};".encode()
        self._open.add(key)
        try:
            digest = hashlib.blake2b(self._compound(value, depth, memo), digest_size=20).digest()
        finally:
            self._open.discard(key)
        self._memo[key] = digest
        self._alive.append(value)
        return digest

    def _compound(self, value: Any, depth: int, memo: bool) -> bytes:
        kind = type(value)
        if kind in _PLAIN_CONTAINERS and _plain_tree(value):
            # Only str, numbers, dates and None inside (a heading's anchors, a page's meta, authors):
            # pickled in C, not walked here item by item. A set is pickled sorted: two equal sets
            # can be iterated in different orders.
            plain = sorted(value) if kind is set or kind is frozenset else value
            return b"P" + _PLAIN_NAMES[kind] + _pickled(plain)
        parts: list[bytes] = [kind.__qualname__.encode(), b"{"]
        how = _WALK.get(kind)
        if how is None:
            how = _WALK[kind] = _walk_of(kind)
        if how is _Walk.PICKLE:
            # Records and the domain core's values hold only plain data (the core imports no
            # MkDocs): pickled in C, several times faster than walking their fields here.
            try:
                # With pickle's memo (see _pickled): these graphs share much (a nominee in every
                # list of the honour roll), 5 MB and five times the time without it at 2,000
                # records. Their sharing comes from the same code on the same data each build.
                if self._lasting is not None:
                    parts.append(self._lasting.pickled(value))
                else:
                    parts.append(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                raise Unfingerprintable(f"{kind.__qualname__}: {error}") from None
        elif how is _Walk.MAPPING:
            encode = self._encode
            for key, item in value.items():
                parts += [encode(key, depth, memo), b"=", encode(item, depth, memo)]
        elif how is _Walk.SEQUENCE:
            encode = self._encode
            parts += [encode(item, depth, memo) for item in value]
            # A list with fields of its own (a paginator is a list of posts plus its page number).
            parts.append(encode(getattr(value, "__dict__", None), depth, memo))
        elif how is _Walk.OWN:
            # The object says which of its values a template can see differently (see Links), or
            # this module says it for a class of another package (_TEMPLATE_VIEWS).
            view = _TEMPLATE_VIEWS.get(kind) or kind.__preview_fingerprint__
            parts.append(self._encode(view(value), depth, memo))
        elif how is _Walk.PLUGIN:
            # Its options (from mkdocs.yml), not its working state: a template reaches a plugin
            # only through a function bound to it, which reads its options.
            parts.append(self._encode(dict(value.config), depth, memo))
        elif how is _Walk.SET:
            parts += sorted(self._encode(item, depth, memo) for item in value)
        elif how is _Walk.DATACLASS:
            for item in dataclasses.fields(value):
                parts += [item.name.encode(), b"=", self._encode(getattr(value, item.name), depth, memo)]
        elif how is _Walk.FUNCTION:
            parts.append(self._function(value, depth, memo))
        elif how is _Walk.NAMED:
            parts.append(f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode())
        elif how is _Walk.FIELDS and hasattr(value, "__dict__"):
            for key, item in vars(value).items():
                parts += [key.encode(), b"=", self._encode(item, depth, memo)]
        else:
            raise Unfingerprintable(kind.__qualname__)
        parts.append(b"}")
        return b"".join(parts)

    def _function(self, function: types.FunctionType | types.MethodType, depth: int, memo: bool) -> bytes:
        if isinstance(function, types.MethodType):
            return b"method:" + self._encode(function.__self__, depth, memo) + self._function(function.__func__, depth, memo)  # type: ignore[arg-type]
        code = function.__code__
        parts = [f"{function.__module__}.{function.__qualname__}".encode(), hashlib.blake2b(code.co_code).digest()]
        parts.append(self._encode(code.co_consts, depth, memo) if _plain_constants(code.co_consts) else b"consts")
        for cell in function.__closure__ or ():
            try:
                contents = cell.cell_contents
            except ValueError:  # an empty cell
                contents = None
            # One level down: pages a function closes over (a pager's list of posts) are named.
            parts.append(self._encode(contents, depth + 1, memo))
        parts.append(self._encode(function.__defaults__, depth, memo))
        return b"|".join(parts)

    def _page(self, page: Page, depth: int) -> bytes:
        # Blog excerpts are pages built without Page.__init__: fields are read with defaults.
        parts = [type(page).__qualname__.encode(), self._page_name(page)]
        # Where the page sits: its sections (the navigation marks them active) and neighbours.
        parent = getattr(page, "parent", None)
        while parent is not None:
            parts.append(self._nav_item(parent))
            parent = getattr(parent, "parent", None)
        for neighbour in (getattr(page, "previous_page", None), getattr(page, "next_page", None)):
            parts.append(self._page_name(neighbour) if neighbour is not None else b"-")
        where = [_field(page, name) for name in ("is_homepage", "canonical_url", "abs_url", "edit_url", "update_date")]
        parts.append(repr(where).encode())
        # The fields holding plain values only (most of them: text, meta, anchors, the table of
        # contents) are pickled together in C, three groups so that a set, a table of contents
        # and a list are never taken for one another; the others are walked one by one.
        plain: dict[str, Any] = {}
        sets: dict[str, list[str]] = {}
        tocs: dict[str, Any] = {}
        for key, item in vars(page).items():
            if key in _STRUCTURE_FIELDS:
                parts += [key.encode(), b"=", self._names(item)]
                continue
            kind = type(item)
            if kind in _PLAIN_LEAVES or _plain_nested(item):
                plain[key] = item
            elif (kind is set or kind is frozenset) and _plain_tree(item):
                sets[key] = sorted(item)
            elif kind is TableOfContents and _plain_nested(view := _toc_view(item)):
                tocs[key] = view
            else:
                parts += [key.encode(), b"=", self._encode(item, depth + 1, memo=False)]
        parts += [b"plain=" + _pickled(plain), b"sets=" + _pickled(sets), b"tocs=" + _pickled(tocs)]
        return b"|".join(parts)

    def _names(self, value: Any) -> bytes:
        if isinstance(value, (list, tuple)):
            # A blog list's posts (all of them, shared by the pages of the list), named once per
            # build by class and URL: which posts, in which order. Their titles and text reach the
            # template as the excerpts in the context, digested there.
            key = (id(value), False)
            if key not in self._named:
                self._named[key] = hashlib.blake2b(
                    b",".join(
                        f"{type(item).__qualname__}:{_field(item, 'url')}".encode() if isinstance(item, Page) else self._names(item)
                        for item in value
                    )
                ).digest()
                self._alive.append(value)
            return b"[" + self._named[key] + b"]"
        if isinstance(value, Page):
            return self._page_name(value)
        if isinstance(value, (Section, Link)):
            return self._nav_item(value)
        if isinstance(value, File):
            return f"{value.src_uri}|{value.dest_uri}|{value.url}".encode()
        return repr(value).encode() if value is None or isinstance(value, (bool, str)) else type(value).__qualname__.encode()

    @staticmethod
    def _page_name(page: Page) -> bytes:
        return f"{type(page).__qualname__}:{_field(page, 'url')}:{_field(page, 'title')}".encode()

    def _nav_item(self, item: Any) -> bytes:
        if isinstance(item, Page):
            return self._page_name(item)
        return f"{type(item).__qualname__}:{getattr(item, 'title', '')}:{getattr(item, 'url', '')}".encode()


class _Encoding(enum.Enum):
    SCALAR = enum.auto()
    TEXT = enum.auto()
    BYTES = enum.auto()
    ENUM = enum.auto()
    PATH = enum.auto()
    SHARED = enum.auto()
    FILE = enum.auto()
    PAGE = enum.auto()
    NAV = enum.auto()
    COMPOUND = enum.auto()


_EMPTY: dict[type, bytes] = {list: b"empty:list;", dict: b"empty:dict;", tuple: b"empty:tuple;"}
_SCALAR_TYPES = (type(None), bool, int, float, decimal.Decimal, dt.date, dt.time, dt.timedelta)
_ENCODING: dict[type, _Encoding] = {}


def _encoding_of(kind: type) -> _Encoding:
    """How :meth:`Fingerprinter._encode` writes a value of this type (checked in this order)."""
    for types_, how in (
        (_SCALAR_TYPES, _Encoding.SCALAR),
        (str, _Encoding.TEXT),
        (bytes, _Encoding.BYTES),
        (enum.Enum, _Encoding.ENUM),
        (PurePath, _Encoding.PATH),
        (_SHARED_TYPES, _Encoding.SHARED),
        (File, _Encoding.FILE),
        (Page, _Encoding.PAGE),
        ((Section, Link), _Encoding.NAV),
    ):
        if issubclass(kind, types_):
            return how
    return _Encoding.COMPOUND


class _Walk(enum.Enum):
    PICKLE = enum.auto()
    OWN = enum.auto()
    PLUGIN = enum.auto()
    MAPPING = enum.auto()
    SEQUENCE = enum.auto()
    SET = enum.auto()
    DATACLASS = enum.auto()
    FUNCTION = enum.auto()
    NAMED = enum.auto()
    FIELDS = enum.auto()
    UNKNOWN = enum.auto()


_WALK: dict[type, _Walk] = {}


def _walk_of(kind: type) -> _Walk:
    """How :meth:`Fingerprinter._compound` walks a value of this type (checked in this order)."""
    if _plain_data(kind):
        return _Walk.PICKLE
    if kind in _TEMPLATE_VIEWS or getattr(kind, "__preview_fingerprint__", None) is not None:
        return _Walk.OWN
    for types_, how in (
        (BasePlugin, _Walk.PLUGIN),
        ((dict, Config), _Walk.MAPPING),
        ((list, tuple), _Walk.SEQUENCE),
        ((set, frozenset), _Walk.SET),
    ):
        if issubclass(kind, types_):
            return how
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return _Walk.DATACLASS
    if issubclass(kind, (types.FunctionType, types.MethodType)):
        return _Walk.FUNCTION
    if issubclass(kind, (types.BuiltinFunctionType, type)):
        return _Walk.NAMED
    if issubclass(kind, (types.ModuleType, types.GeneratorType)):
        return _Walk.UNKNOWN
    return _Walk.FIELDS  # when the value has a __dict__


def _pagination_view(pagination: Any) -> dict[str, Any]:
    """What Material's pager prints of a ``paginate.Page``: page numbers and the links its
    ``url_maker`` makes, never the items (the posts it lists reach the template as the page's
    excerpts, digested there). With the items, every page of a news list changed with any post's
    title: 103 pages rendered again for one post edited at 2,000 records."""
    names = ("page", "items_per_page", "item_count", "page_count", "first_page", "last_page",
             "first_item", "last_item", "previous_page", "next_page", "kwargs", "url_maker")  # fmt: skip
    return {name: getattr(pagination, name, None) for name in names}


def _toc_view(item: Any) -> dict[str, Any]:
    """A table of contents (or one of its headings) as the plain values a template reads: its
    fields, and its headings' the same way. Pickled whole (see _plain_tree) instead of walked,
    for every page and every excerpt of every list."""
    view = dict(vars(item))
    for name in ("items", "children"):
        if type(view.get(name)) is list:
            view[name] = [_toc_view(child) if isinstance(child, AnchorLink) else child for child in view[name]]
    return view


_TEMPLATE_VIEWS: dict[type, Callable[[Any], Any]] = {TableOfContents: _toc_view, AnchorLink: _toc_view}
try:
    import paginate

    _TEMPLATE_VIEWS[paginate.Page] = _pagination_view
except ImportError:  # pragma: no cover - Material without its blog's pagination
    pass

# Values under a page that no page event changes once the pages' Markdown is converted (before
# the first digest): a post's settings and its authors, which every list showing the post holds
# again (its excerpt in each view). Digested once per build, not once per list.
_SETTLED_TYPES: frozenset[type] = frozenset()
try:
    from material.plugins.blog.author import Author
    from material.plugins.blog.structure.config import PostConfig

    _SETTLED_TYPES = frozenset({PostConfig, Author})
except ImportError:  # pragma: no cover - Material without its blog
    pass


# Exact types only: a str subclass such as Markup prints differently, and is walked.
_PLAIN_LEAVES = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, dt.time})
_PLAIN_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
_PLAIN_NAMES = {kind: kind.__qualname__.encode() + b":" for kind in _PLAIN_CONTAINERS}
_PLAIN_DEPTH = 40  # deeper than any page's data


def _plain_tree(value: Any) -> bool:
    """Whether ``value`` is a set of str, or lists, tuples and dicts with str keys down to
    :data:`_PLAIN_LEAVES`. A set only at the top, where it is pickled sorted: inside a list it
    would be pickled in its iteration order, which two equal sets need not share."""
    kind = type(value)
    if kind is set or kind is frozenset:
        return all(type(item) is str for item in value)
    return _plain_nested(value)


def _plain_nested(value: Any, depth: int = 0) -> bool:
    # Deeper than any page's data: a list holding itself is left to the walk, which names the cycle.
    if depth > _PLAIN_DEPTH:
        return False
    kind = type(value)
    if kind in _PLAIN_LEAVES:
        return True
    if kind is list or kind is tuple:
        return all(type(item) in _PLAIN_LEAVES or _plain_nested(item, depth + 1) for item in value)
    if kind is dict:
        return all(
            type(key) is str and (type(item) in _PLAIN_LEAVES or _plain_nested(item, depth + 1)) for key, item in value.items()
        )
    return False



def _pickled(value: Any) -> bytes:
    """``value`` pickled by its values alone. Pickle's memo writes an object met twice as a
    reference to the first: the bytes would depend on which equal strings are one object, which
    can differ between a file parsed and the same file remembered, and the page would be rendered
    for nothing. Fast mode keeps no memo (plain trees are small, and hold no cycle: _PLAIN_DEPTH)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # deprecated, and still the only switch for the memo
    pickler.dump(value)
    return out.getvalue()


def _plain_data(kind: type) -> bool:
    """Pydantic models, the domain core's dataclasses (the core imports no MkDocs), and classes
    that say they hold plain data only (``__preview_plain__``)."""
    return (
        issubclass(kind, BaseModel)
        or (kind.__module__.startswith("wenming.core.") and dataclasses.is_dataclass(kind))
        or getattr(kind, "__preview_plain__", False) is True
    )


def _field(page: Any, name: str) -> Any:
    try:
        return getattr(page, name)
    except AttributeError:  # a property reading a field the page does not have
        return None


def _plain_constants(constants: tuple[Any, ...]) -> bool:
    return all(isinstance(item, (str, int, float, bytes, type(None), tuple, frozenset)) for item in constants)


def navigation_digest(nav: Navigation) -> bytes:
    """The whole navigation tree (titles, URLs, nesting): every page prints it."""
    out = hashlib.blake2b(digest_size=20)

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            out.update(f"{level}|{type(item).__qualname__}|{item.title}|{getattr(item, 'url', '')}\n".encode())
            if getattr(item, "children", None):
                walk(item.children, level + 1)

    walk(nav.items, 0)
    return out.digest()
