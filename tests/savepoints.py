"""A savepoint that is rolled back, standing in for "no transaction yet".

Acts open durable transactions (``applications.transitions``), which Django allows directly
inside the test's own transaction only. Requests that a test wants rolled back run in this
savepoint, marked like the test's own so that the acts inside it behave as in production.
"""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def rolled_back():
    savepoint = transaction.atomic()
    savepoint._from_testcase = True
    with savepoint:
        yield
        transaction.set_rollback(True)
