"""Transitions per second through the services: submit → forward → approve.

One complete recognition draft is made through the applicant's services (the sections of
tests/applications/conftest.py) and copied, with every section row and attachment, to
applicants of the demo unit who have no recognition this year. Each copy then goes through
``application_submit`` (applicant), ``unit_opinion_save`` and ``application_forward`` (the
unit's staff) and ``application_approve`` (the office's staff), in 1 and in 4 processes at
once, each process with its own share of the copies. Transitions per second count the three
state changes; the chain counts applications that went the whole way.
"""

import multiprocessing
import os
import time

PER_PROCESS = int(os.environ.get("BENCH_TRANSITIONS", "40"))


def _template():
    from django.utils import timezone

    from applications.models import Application, Kind
    from tests.applications.conftest import complete_recognition, start
    from titleportal.demo import OFFICE_GX, UNIT_1
    from units.models import Office, Unit

    class Demo:
        office = Office.objects.get(name=OFFICE_GX)
        committee = None

    unit = Unit.objects.get(uscc=UNIT_1["uscc"])
    person = _free_people(unit, 1, exclude=())[0]
    application = start(person, Kind.RECOGNITION, demo=Demo, year=timezone.localdate().year)
    complete_recognition(application)
    return Application.objects.get(pk=application.pk), unit


def _free_people(unit, count: int, *, exclude):
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, Kind

    taken = Application.objects.filter(
        kind=Kind.RECOGNITION, year=timezone.localdate().year
    ).values("applicant_id")
    people = list(
        User.objects.filter(affiliation__unit=unit, username__regex=r"^\d{17}[\dX]$")
        .exclude(pk__in=taken)
        .exclude(pk__in=list(exclude))
        .exclude(memberships__isnull=False)
        .order_by("pk")[:count]
    )
    if len(people) < count:
        raise RuntimeError(f"only {len(people)} free applicants in the demo unit")
    return people


def _copy(application, people) -> list[int]:
    """Copies of ``application`` (a draft), one per person, with all its rows."""
    from django.db import transaction

    from applications.models import ActionLog, Application, ApplicationStep

    relations = [
        rel
        for rel in Application._meta.related_objects
        if rel.related_model not in (ActionLog, ApplicationStep)
        and rel.related_model._meta.app_label == "applications"
        and not rel.many_to_many
    ]
    rows = {
        rel: list(rel.related_model.objects.filter(**{rel.field.name: application}))
        for rel in relations
    }
    ids = []
    with transaction.atomic():
        for person in people:
            copy = Application.objects.get(pk=application.pk)
            copy.pk = None
            copy.applicant = person
            copy.save()
            for rel, objects in rows.items():
                for obj in objects:
                    obj.pk = None
                    if hasattr(obj, "id"):
                        obj.id = None
                    setattr(obj, rel.field.name, copy)
                    obj._state.adding = True
                    obj.save()
            ids.append(copy.pk)
    return ids


def _chain(ids: list[int], queue) -> None:
    from django.db import connection

    connection.close()
    from accounts.models import User
    from accounts.roles import Role, RoleContext
    from titleportal.demo import OFFICE_GX, UNIT_1
    from units.models import Office, Unit

    unit = Unit.objects.get(uscc=UNIT_1["uscc"])
    office = Office.objects.get(name=OFFICE_GX)
    staff = RoleContext(Role.UNIT_STAFF, unit, User.objects.get(phone="+8613800000003"))
    office_staff = RoleContext(Role.OFFICE_STAFF, office, User.objects.get(phone="+8613800000006"))
    done = 0
    started = time.perf_counter()
    try:
        _go(ids, staff, office_staff)
        done = len(ids)
    except Exception as error:
        queue.put((done, time.perf_counter() - started, repr(error)))
    else:
        queue.put((done, time.perf_counter() - started, ""))
    connection.close()


def _go(ids, staff, office_staff) -> None:
    from accounts.roles import Role, RoleContext
    from applications import services as applicant_services
    from applications.models import Application
    from reviews import services as review_services
    from reviews.models import UnitOpinion

    for pk in ids:
        application = Application.objects.select_related("applicant").get(pk=pk)
        applicant = application.applicant
        application = applicant_services.application_submit(
            actor=applicant,
            role_context=RoleContext(Role.APPLICANT, None, applicant),
            application=application,
            promise_accepted=True,
        )
        opinions = dict.fromkeys(UnitOpinion().missing_fields(application), "同意推荐。")
        if opinions:
            review_services.unit_opinion_save(
                actor=staff.user,
                role_context=staff,
                application=application,
                version=None,
                **opinions,
            )
        application = review_services.application_forward(
            actor=staff.user, role_context=staff, application=application, version=None
        )
        review_services.application_approve(
            actor=office_staff.user,
            role_context=office_staff,
            application=application,
            version=None,
        )


def _parallel(batches: list[list[int]]) -> tuple[int, float]:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.perf_counter()
    processes = [context.Process(target=_chain, args=(batch, queue)) for batch in batches]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - started
    errors = [error for _done, _seconds, error in results if error]
    if errors:
        raise RuntimeError(errors[0])
    return sum(done for done, _seconds, _error in results), wall


def run() -> dict:
    print()
    print("transitions through the services (submit → forward → approve)")
    try:
        template, unit = _template()
        people = _free_people(unit, PER_PROCESS * 5, exclude=[template.applicant_id])
        ids = _copy(template, people)
    except Exception as error:  # the figures of the pages are still worth having
        print(f"  could not prepare the applications: {error!r}")
        return {"error": f"preparation failed: {error}"}
    one, four = ids[:PER_PROCESS], ids[PER_PROCESS:]
    try:
        done_1, seconds_1 = _parallel([one])
        done_4, seconds_4 = _parallel([four[i::4] for i in range(4)])
    except Exception as error:
        print(f"  failed: {error!r}")
        return {"error": f"failed: {error}"}
    result = {
        "applications_1": done_1,
        "seconds_1": round(seconds_1, 2),
        "per_second_1": 3 * done_1 / seconds_1,
        "chain_per_second_1": done_1 / seconds_1,
        "applications_4": done_4,
        "seconds_4": round(seconds_4, 2),
        "per_second_4": 3 * done_4 / seconds_4,
        "chain_per_second_4": done_4 / seconds_4,
    }
    print(
        f"  1 process: {done_1} applications in {seconds_1:.1f} s; "
        f"4 processes: {done_4} in {seconds_4:.1f} s"
    )
    return result
