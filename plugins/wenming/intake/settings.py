"""The service's settings: where the content repository is, and the limits it enforces."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    max_request_bytes: int = 26 * 1024 * 1024  # the submission form: three photos of 8 MB and the text
    max_form_bytes: int = 64 * 1024  # every other form
    nominations_per_address: int = 5  # public form, per address per hour
    nominations_without_pow: int = 20  # per hour, all addresses together (browsers without JavaScript)
    logins_per_address: int = 20  # per 10 minutes
    pow_maxnumber: int = 100_000  # about 50,000 SHA-256 on average: one or two seconds on a phone


@dataclass(frozen=True)
class Settings:
    repo: Path
    docs_dir: Path
    data_dir: str
    submissions_dir: str
    state_dir: Path
    uploads_dir: str = "assets/uploads"  # under docs_dir
    secure_cookies: bool = False
    session_seconds: float = 8 * 3600
    rebuild_command: tuple[str, ...] = ()
    site_url: str = ""
    site_name: str = "新时代文明实践网"
    limits: Limits = field(default_factory=Limits)

    @property
    def docs_relative(self) -> str:
        return self.docs_dir.resolve().relative_to(self.repo.resolve()).as_posix()

    def repo_path(self, *parts: str) -> str:
        """A path inside the content folder, relative to the repository root (for git)."""
        return "/".join([self.docs_relative, *parts])

    def secret_key(self) -> bytes:
        """The key that signs CSRF tokens and proof-of-work challenges, made once and kept."""
        path = self.state_dir / "secret.key"
        if not path.exists():
            self.state_dir.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
        return bytes.fromhex(path.read_text().strip())


def settings_for(repo: Path, state_dir: Path | None = None, **options: object) -> Settings:
    """Settings for the portal whose mkdocs.yml is in ``repo``."""
    import yaml

    from wenming.cli import (
        _LenientLoader,  # mkdocs.yml may carry !ENV and python tags
        read_portal_settings,
    )

    config_file = repo / "mkdocs.yml"
    docs_dir, portal = read_portal_settings(config_file)
    with config_file.open(encoding="utf-8") as stream:
        config = yaml.load(stream, Loader=_LenientLoader) or {}
    return Settings(
        repo=repo.resolve(),
        docs_dir=docs_dir.resolve(),
        data_dir=str(portal.get("data_dir") or "data").strip("/"),
        submissions_dir=str(portal.get("submissions_dir") or "submissions").strip("/"),
        uploads_dir=str(portal.get("uploads_dir") or "assets/uploads").strip("/"),
        state_dir=(state_dir or repo / ".intake").resolve(),
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or "新时代文明实践网"),
        **options,  # type: ignore[arg-type]
    )
