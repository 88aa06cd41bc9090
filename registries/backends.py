"""Where the records come from: a registry's HTTP interface, or local JSON files.

Each registry is an interface (``EducationRegistry``, ``SocialInsuranceRegistry``,
``VocationalQualificationRegistry``): ``fetch(person)`` answers the registry's name for itself
and its records about the person, or raises ``RegistryUnavailable``. Two backends implement
them, chosen per registry by ``REGISTRY_<NAME>_BACKEND`` (or ``REGISTRY_BACKEND``):

- ``LocalBackend`` reads ``<REGISTRY_FIXTURES_DIR>/<registry>.json`` (development, demo,
  tests): ``{"source": …, "people": {"<ID number>": [records]}}``.
- ``HttpBackend`` POSTs ``{"id_number": …, "name": …}`` to ``REGISTRY_BASE_URL`` + the
  registry's path, signed (``registries.signing``), with a timeout per attempt, retries with
  exponential backoff on timeouts, lost connections and 5xx/429 answers, and a circuit breaker
  shared through the cache (``registries.breaker``).
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from django.conf import settings
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from . import signing
from .breaker import CircuitBreaker, CircuitOpen
from .kinds import KINDS, RegistryKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Person:
    id_number: str
    name: str


@dataclass
class Answer:
    source: str
    records: list[dict[str, Any]] = field(default_factory=list)


class RegistryUnavailable(Exception):
    """The registry did not give a usable answer; ``reason`` says why (for the log)."""

    def __init__(self, reason: str, *, retryable: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class EducationRegistry(Protocol):
    """学历: the national higher-education registry (学信网)."""

    def fetch(self, person: Person) -> Answer: ...


class SocialInsuranceRegistry(Protocol):
    """社保参保信息: the social insurance registry."""

    def fetch(self, person: Person) -> Answer: ...


class VocationalQualificationRegistry(Protocol):
    """省职业资格证书: the province's vocational qualification certificates."""

    def fetch(self, person: Person) -> Answer: ...


def _answer(kind: RegistryKind, data: object, source: str) -> Answer:
    """Check the shape of an answer: a list of records, each with an id."""
    if not isinstance(data, dict) or not isinstance(data.get("records", []), list):
        raise RegistryUnavailable("bad_answer")
    records = data.get("records", [])
    if not all(isinstance(r, dict) and str(r.get("id", "")).strip() for r in records):
        raise RegistryUnavailable("bad_answer")
    name = str(data.get("source") or source or kind.default_source)[:50]
    return Answer(source=name, records=records)


class LocalBackend:
    def __init__(self, kind: RegistryKind, config: dict[str, Any]):
        self.kind = kind
        self.config = config

    def fetch(self, person: Person) -> Answer:
        if self.kind.registry in settings.REGISTRY_LOCAL_UNAVAILABLE:
            raise RegistryUnavailable("local_unavailable")
        path = Path(settings.REGISTRY_FIXTURES_DIR) / f"{self.kind.registry}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as error:
            logger.warning("registry fixture %s unreadable: %s", path, error)
            raise RegistryUnavailable("bad_fixture") from error
        records = (data.get("people") or {}).get(person.id_number, [])
        return _answer(
            self.kind, {"source": data.get("source"), "records": records}, self.config["SOURCE"]
        )


RETRY_STATUSES = {429, 500, 502, 503, 504}


class HttpBackend:
    def __init__(
        self, kind: RegistryKind, config: dict[str, Any], session: requests.Session | None = None
    ):
        self.kind = kind
        self.config = config
        self.url = config["BASE_URL"].rstrip("/") + kind.path
        self.session = session or requests.Session()
        self.breaker = CircuitBreaker(
            kind.registry,
            failures=config["BREAKER_FAILURES"],
            reset_seconds=config["BREAKER_RESET_SECONDS"],
            trial_seconds=config["TIMEOUT"] * (config["RETRIES"] + 1),
        )

    def fetch(self, person: Person) -> Answer:
        if not self.config["BASE_URL"]:
            raise RegistryUnavailable("not_configured")
        try:
            self.breaker.before_call()
        except CircuitOpen as error:
            raise RegistryUnavailable("circuit_open") from error
        try:
            answer = self._with_retries(person)
        except RegistryUnavailable as error:
            logger.warning("registry %s: %s", self.kind.registry, error.reason)
            self.breaker.failure()
            raise
        self.breaker.success()
        return answer

    def _with_retries(self, person: Person) -> Answer:
        retrying = Retrying(
            stop=stop_after_attempt(self.config["RETRIES"] + 1),
            wait=wait_exponential(multiplier=self.config["BACKOFF"], max=8),
            retry=retry_if_exception(
                lambda error: isinstance(error, RegistryUnavailable) and error.retryable
            ),
            reraise=True,
        )
        return retrying(self._attempt, person)

    def _attempt(self, person: Person) -> Answer:
        body = json.dumps(
            {"id_number": person.id_number, "name": person.name}, ensure_ascii=False
        ).encode()
        headers = signing.sign(
            app_key=self.config["APP_KEY"],
            secret=self.config["APP_SECRET"],
            method="POST",
            path=urlsplit(self.url).path,
            body=body,
        )
        headers["Content-Type"] = "application/json; charset=utf-8"
        headers["Accept"] = "application/json"
        try:
            response = self.session.post(
                self.url, data=body, headers=headers, timeout=self.config["TIMEOUT"]
            )
        except requests.Timeout as error:
            raise RegistryUnavailable("timeout", retryable=True) from error
        except requests.RequestException as error:
            raise RegistryUnavailable("connection", retryable=True) from error
        if response.status_code in RETRY_STATUSES:
            raise RegistryUnavailable(f"status_{response.status_code}", retryable=True)
        if response.status_code != 200:
            raise RegistryUnavailable(f"status_{response.status_code}")
        try:
            data = response.json()
        except ValueError as error:
            raise RegistryUnavailable("bad_answer") from error
        return _answer(self.kind, data, self.config["SOURCE"])


BACKENDS: dict[str, type[LocalBackend | HttpBackend]] = {"local": LocalBackend, "http": HttpBackend}


def backend_for(registry: str) -> LocalBackend | HttpBackend:
    kind = KINDS[registry]
    config = settings.REGISTRIES[registry]
    backend_class = BACKENDS.get(config["BACKEND"])
    if backend_class is None:
        raise RegistryUnavailable("unknown_backend")
    return backend_class(kind, config)
