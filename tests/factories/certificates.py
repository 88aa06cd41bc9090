"""Applications already approved (the state certificates start from), and people to hold them.

They are approved through the services, as ``tests.factories.applications`` reaches every
state (submitted, forwarded by the unit, approved by the office, or by the committee for an
evaluation); the dates the tests rely on (submitted a month ago, decided two days ago) are
written after the acts, which ran now.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.models import Application, Kind, Status
from reference.models import Level, Qualification, Series
from tests.factories.applications import ACT_FIELDS, reach, settle
from tests.factories.people import PersonFactory
from units.models import Affiliation, Unit


def engineer_qualification(level_code: str = "intermediate") -> Qualification:
    series = Series.objects.get(code="engineering")
    return Qualification.objects.filter(series=series, level__code=level_code).first()


def _unit_of(person) -> Unit:
    affiliation = Affiliation.objects.filter(person=person).select_related("unit").first()
    return affiliation.unit if affiliation else Unit.objects.order_by("pk").first()


class ApprovedApplicationFactory(DjangoModelFactory):
    """An application the office (or committee) has approved, ready for its certificate."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        evaluation = factory.Trait(
            kind=Kind.EVALUATION,
            committee=factory.LazyAttribute(lambda o: o.office.committees.first()),
            results_publicity_ends_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=1)
            ),
        )
        replacement = factory.Trait(kind=Kind.REPLACEMENT)

    applicant = factory.SubFactory(PersonFactory)
    kind = Kind.RECOGNITION
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    qualification = factory.LazyFunction(engineer_qualification)
    series = factory.SelfAttribute("qualification.series")
    level = factory.SelfAttribute("qualification.level")
    specialty = factory.LazyAttribute(lambda o: o.series.specialties.first())
    unit = factory.LazyAttribute(lambda o: _unit_of(o.applicant))
    status = Status.APPROVED
    decided_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))

    @classmethod
    def _create(cls, model_class, *args, status=Status.APPROVED, **kwargs):
        later = {name: kwargs.pop(name) for name in ACT_FIELDS if name in kwargs}
        application = super()._create(model_class, *args, status=Status.DRAFT, **kwargs)
        return settle(reach(application, status), later)


def level(code: str) -> Level:
    return Level.objects.get(code=code)
