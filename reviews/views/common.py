"""The reviewers' pages: shared helpers and role guards."""

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role

reviewer_required = role_required(*sorted(REVIEWER_ROLES))
committee_required = role_required(Role.COMMITTEE_STAFF)
unit_staff_required = role_required(Role.UNIT_STAFF)

QUEUE_PAGE_SIZE = 20
RECORDS_PAGE_SIZE = 30
BATCH_RESULTS_KEY = "reviews_batch_results"


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    return query.urlencode()
