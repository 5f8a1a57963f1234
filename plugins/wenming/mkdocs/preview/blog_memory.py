"""Two costs of Material's blog that the preview server does not pay again for unchanged posts.

Material's blog makes each post anew on every build (the preview server's builds too): it reads
the post's front matter with PyYAML's Python loader, and gives the post's excerpt its own
Markdown instance, with every extension set up. At 2,000 records (500 posts) that was about
0.7 s of CPU in a 3 s rebuild, although a rebuild renders again only the excerpts whose inputs
changed (builder.py remembers the others). Here:

- :class:`RememberedFrontMatter` stands in for the ``yaml`` module in Material's blog (and in
  MkDocs' front matter reader, for every page): the same front matter text gives the same
  values, handed out as a fresh copy each time (the blog adds keys to a post's meta);
- :class:`DeferredMarkdown` stands in for an excerpt's Markdown instance and builds the real one,
  with the same extensions and tree processors, only when the excerpt is rendered.

- :class:`RememberedPosts` stands in for the blog's ``_resolve_post``: a post whose source file
  holds the same bytes is handed out as a copy of the post as it was first made (reading it,
  validating its settings and working out its address cost 0.57 s of a 6 s rebuild at 10,000
  records, 2,500 posts).

All are installed only for a build of the preview builder; ``mkdocs build`` is untouched.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any, NamedTuple

import yaml
from mkdocs.config.base import Config
from mkdocs.utils import get_build_date

from .logged import captured


class RememberedFrontMatter:
    """``yaml`` as Material's blog calls it (``yaml.load(text, SafeLoader)``), remembering each
    text's values. Errors are PyYAML's own, raised each time, never remembered."""

    def __init__(self, known: dict[tuple[str, Any], bytes]) -> None:
        self.known = known
        self.used: dict[tuple[str, Any], bytes] = {}

    def load(self, stream: Any, Loader: Any) -> Any:  # noqa: N803 - PyYAML's own parameter name
        if not isinstance(stream, str):
            return yaml.load(stream, Loader)  # noqa: S506 - the caller's loader, as Material passes it
        key = (stream, Loader)
        blob = self.known.get(key)
        if blob is None:
            blob = pickle.dumps(yaml.load(stream, Loader), protocol=pickle.HIGHEST_PROTOCOL)  # noqa: S506
        self.used[key] = blob
        return pickle.loads(blob)

    def __getattr__(self, name: str) -> Any:
        return getattr(yaml, name)


class DeferredMarkdown:
    """An excerpt's Markdown instance, built on first use with what it was given.

    Material's ``Excerpt.__init__`` makes ``Markdown(extensions=…, extension_configs=…)`` and
    registers two tree processors on it; only ``Excerpt.render`` uses it. The registrations are
    kept and replayed, in order, on the real instance. The builder's remembered excerpts read
    the ``relpath`` processor (for the links the excerpt looked up) without building it.
    """

    def __init__(self, factory: Callable[..., Any], **settings: Any) -> None:
        self._factory = factory
        self._settings = settings
        self._registered: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self._real: Any = None
        self.treeprocessors: Any = _Registrations(self)

    def real(self) -> Any:
        if self._real is None:
            real = self._factory(**self._settings)
            for args, kwargs in self._registered:
                real.treeprocessors.register(*args, **kwargs)
            self._real = real
            self.treeprocessors = real.treeprocessors
        return self._real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real(), name)


class _Registrations:
    """The tree processors registered on a :class:`DeferredMarkdown` not built yet."""

    def __init__(self, owner: DeferredMarkdown) -> None:
        self._owner = owner

    def register(self, item: Any, name: str, priority: float) -> None:
        self._owner._registered.append(((item, name, priority), {}))

    def _named(self, name: str) -> Any:
        for (item, registered, _), _kwargs in self._owner._registered:
            if registered == name:
                return item
        return None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._named(name) is not None

    def __getitem__(self, key: Any) -> Any:
        item = self._named(key) if isinstance(key, str) else None
        return item if item is not None else self._owner.real().treeprocessors[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._owner.real().treeprocessors, name)


class _KnownPost(NamedTuple):
    source: bytes  # the post's file as it was read
    where: tuple[str, bool]  # its file's site folder and URL style
    address: tuple[str, str, str]  # dest_uri, abs_dest_path and url, as the blog set them
    post: Any  # a copy of the post as _resolve_post returned it, with no file


class RememberedPosts:
    """Material's blog ``_resolve_post`` (read a post, validate its settings, work out its
    address), remembered for each post whose file holds the same bytes under the same settings
    (the blog's, and the site's that go into a post: its address, canonical and edit URLs), and
    handed out as a fresh copy: the blog and the build change a post afterwards (its excerpt,
    authors, categories, meta, settings), so no two builds share anything that can change. A
    post whose making logged a warning is made again every time, so that the warning shows in
    every build; one that raised is never remembered."""

    def __init__(self, known: dict[tuple[str, str], _KnownPost]) -> None:
        self.known = known
        self.used: dict[tuple[str, str], _KnownPost] = {}
        self.made = 0  # posts made by the blog in this build, not copied
        self._settings: dict[int, tuple[Any, str]] = {}  # by the blog plugin's identity, for this build

    def resolve(self, original: Callable[[Any, Any, Any], Any], blog: Any, file: Any, config: Any) -> Any:
        if config.plugins.get("material/meta") is not None:  # merges other files into the post's meta
            return original(blog, file, config)
        try:
            with open(file.abs_src_path, "rb") as opened:
                source = opened.read()
        except (OSError, TypeError):
            return original(blog, file, config)
        key = (self._settings_of(blog, config), file.src_uri)
        # Not the source's path on disk: generated posts (approved submissions) are written into
        # a new temporary folder by every build. The post keeps it only as its settings' origin.
        where = (file.dest_dir, file.use_directory_urls)
        known = self.known.get(key)
        if known is not None and known.source == source and known.where == where:
            post = _fresh_post(known.post)
            post.update_date = get_build_date()
            post.config.config_file_path = file.abs_src_path
            post.file = file
            file.page = post
            file.dest_uri, file.abs_dest_path, file.url = known.address
            self.used[key] = known
            return post
        self.made += 1
        with captured() as warned:
            post = original(blog, file, config)
        if not warned.records:
            kept = _fresh_post(post)
            kept.file = None
            self.used[key] = _KnownPost(source, where, (file.dest_uri, file.abs_dest_path, file.url), kept)
        return post

    def _settings_of(self, blog: Any, config: Any) -> str:
        known = self._settings.get(id(blog))
        if known is None or known[0] is not blog:
            site = [config.get(name) for name in ("docs_dir", "site_dir", "use_directory_urls", "site_url", "repo_url", "edit_uri", "edit_uri_template")]
            known = self._settings[id(blog)] = (blog, repr((type(blog).__qualname__, list(dict(blog.config).items()), site)))
        return known[1]


def _fresh_post(post: Any) -> Any:
    """A copy of ``post`` sharing nothing that can change: its lists, dicts and settings are
    copied all the way down; text, dates, its File and the like are shared."""
    fresh = object.__new__(type(post))
    fresh.__dict__.update({name: _fresh(value) for name, value in vars(post).items()})
    return fresh


def _fresh(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [_fresh(item) for item in value]
    if kind is dict:
        return {key: _fresh(item) for key, item in value.items()}
    if kind is set:
        return set(value)
    if isinstance(value, Config):  # a post's settings (PostConfig): a UserDict, copied with its data
        settings = copy.copy(value)
        settings.data = {key: _fresh(item) for key, item in value.data.items()}
        return settings
    if isinstance(value, dict):
        # Material's DateDict answers None for any missing attribute, __setstate__ too, so
        # copy.copy cannot copy it: made here by its class, with its items and fields.
        made = kind.__new__(kind)
        dict.update(made, {key: _fresh(item) for key, item in value.items()})
        made.__dict__.update(vars(value))
        return made
    return value
