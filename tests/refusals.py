"""``refused(code)``: the block is refused with a DomainError of that code (not any refusal)."""

import contextlib

import pytest

from titleportal.errors import DomainError


@contextlib.contextmanager
def refused(code: str, match: str | None = None):
    with pytest.raises(DomainError, match=match) as caught:
        yield caught
    assert caught.value.code == code, f"refused with {caught.value.code!r}: {caught.value}"
