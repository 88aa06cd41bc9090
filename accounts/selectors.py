from django.db.models import QuerySet

from accounts.models import User

from .roles import Role, RoleContext


def available_role_contexts(user: User) -> list[RoleContext]:
    """Every role and organisation the account may act as, the default first."""
    if user.kind == user.Kind.UNIT:
        unit = getattr(user, "unit_account_of", None)
        return [RoleContext(Role.UNIT_ACCOUNT, unit, user)] if unit is not None else []
    contexts: list[RoleContext] = []
    if user.kind == user.Kind.PERSON:
        contexts.append(RoleContext(Role.APPLICANT, user=user))
    memberships = (
        user.memberships.filter(is_enabled=True)
        .select_related("unit", "department", "office", "committee")
        .order_by("role", "pk")
    )
    contexts.extend(
        RoleContext(Role(membership.role), membership.organisation, user)
        for membership in memberships
    )
    if user.is_staff:
        contexts.append(RoleContext(Role.ADMIN, user=user))
    return contexts


def users_with_id_number(value: str) -> QuerySet[User]:
    """The people whose identity document (of any type) has the number ``value``."""
    from titleportal.validators import normalize_id_number

    number = normalize_id_number(value)
    if not number:
        return User.objects.none()
    return User.objects.filter(id_number=number, kind=User.Kind.PERSON).order_by("pk")


def user_for_login(login: str) -> User | None:
    """The account a typed 账号 (document number / username, mobile number or email) names."""
    from titleportal.validators import is_mobile, normalize_mobile, normalize_resident_id

    value = (login or "").strip()
    if not value:
        return None
    if "@" in value:
        return User.objects.filter(email=value.lower()).first()
    if is_mobile(value):
        return User.objects.filter(phone=normalize_mobile(value)).first()
    # The account name first, on its unique index: the sign-in form has already turned a
    # typed document number into the account name of the person meant (two people may hold
    # one number on documents of two types), and a resident ID is stored normalised.
    candidates = {value, normalize_resident_id(value)}
    account = User.objects.filter(username__in=candidates).order_by("pk").first()
    return account or users_with_id_number(value).first()
