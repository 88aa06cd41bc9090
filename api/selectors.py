"""Reads of the API, scoped to the client's office."""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.dateparse import parse_datetime

from applications.models import ActionLog, Application
from certificates.models import Certificate

from .models import ApiClient

RESULTS_PUBLISHED = "application.results_publicised"
# The order of the feed: time, then kind, then id; a cursor is the last item's key.
CERTIFICATE_ISSUED, RESULT_PUBLISHED = "certificate.issued", "results.published"
KIND_RANK = {CERTIFICATE_ISSUED: 0, RESULT_PUBLISHED: 1}


def get_application_for_client(client: ApiClient, pk) -> Application:
    """An application of the client's office; anything else (or nothing) is a 404."""
    try:
        return (
            Application.objects.filter(office=client.office_id)
            .select_related("applicant", "qualification__series", "qualification__level", "office")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Position:
    at: datetime.datetime
    rank: int
    pk: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.rank, self.pk]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> "Position":
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            at, rank, pk = json.loads(raw)
            moment = parse_datetime(at)
            if moment is None or not isinstance(rank, int) or not isinstance(pk, int):
                raise BadCursor
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise BadCursor from None
        return cls(moment, rank, pk)


def _after(field: str, rank: int, position: Position | None) -> Q:
    if position is None:
        return Q()
    later = Q(**{f"{field}__gt": position.at})
    if rank > position.rank:
        return later | Q(**{field: position.at})
    if rank == position.rank:
        return later | Q(**{field: position.at, "pk__gt": position.pk})
    return later


@dataclass
class FeedItem:
    kind: str
    at: datetime.datetime
    pk: int
    certificate: Certificate | None = None
    action: ActionLog | None = None

    @property
    def position(self) -> Position:
        return Position(self.at, KIND_RANK[self.kind], self.pk)


def feed_for_client(
    client: ApiClient,
    *,
    since: datetime.datetime,
    until: datetime.datetime,
    after: Position | None,
    limit: int,
) -> tuple[list[FeedItem], bool]:
    """Certificates the office issued and results published for its applications in
    [since, until), oldest first, after the cursor; and whether more follow."""
    certificates = (
        Certificate.objects.issued()
        .filter(office=client.office_id, issued_at__gte=since, issued_at__lt=until)
        .filter(_after("issued_at", KIND_RANK[CERTIFICATE_ISSUED], after))
        .select_related("qualification", "series", "level", "application")
        .order_by("issued_at", "pk")[: limit + 1]
    )
    results = (
        ActionLog.objects.filter(
            action=RESULTS_PUBLISHED,
            application__office=client.office_id,
            created_at__gte=since,
            created_at__lt=until,
        )
        .filter(_after("created_at", KIND_RANK[RESULT_PUBLISHED], after))
        .select_related("application__applicant", "application__qualification")
        .order_by("created_at", "pk")[: limit + 1]
    )
    items = [FeedItem(CERTIFICATE_ISSUED, c.issued_at, c.pk, certificate=c) for c in certificates]
    items += [FeedItem(RESULT_PUBLISHED, a.created_at, a.pk, action=a) for a in results]
    items.sort(key=lambda item: (item.at, KIND_RANK[item.kind], item.pk))
    return items[:limit], len(items) > limit
