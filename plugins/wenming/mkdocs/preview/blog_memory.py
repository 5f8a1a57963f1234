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

Both are installed only for a build of the preview builder; ``mkdocs build`` is untouched.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import yaml


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
