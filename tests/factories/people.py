"""People for tests: persons (with a unit) and staff of an organisation."""

import datetime

import factory
from stdnum.cn import ric

from accounts.models import User
from accounts.roles import ORGANISATION_FIELD, Role
from units.models import Affiliation, Membership


def resident_id(n: int) -> str:
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 12000)
    body = f"450102{birth:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    id_number = factory.Sequence(lambda n: resident_id(n + 5000))
    full_name = factory.Sequence(lambda n: f"申报人{n:03d}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = "Portal#2026demo"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create and extracted is not None:
            Affiliation.objects.update_or_create(person=self, defaults={"unit": extracted})


def staff_of(organisation, role: Role, **person) -> User:
    """A person with an enabled membership of ``organisation`` in ``role``."""
    field = ORGANISATION_FIELD[role]
    user = PersonFactory(**person)
    Membership.objects.create(person=user, role=role, is_enabled=True, **{field: organisation})
    return user
