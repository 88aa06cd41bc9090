from .roles import Role, RoleContext


def available_role_contexts(user) -> list[RoleContext]:
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


def user_for_login(login: str):
    """The account a typed 账号 (resident ID / username, mobile number or email) names."""
    from titleportal.validators import MOBILE_RE, normalize_mobile, normalize_resident_id

    from .models import User

    value = (login or "").strip()
    if not value:
        return None
    if "@" in value:
        return User.objects.filter(email=value.lower()).first()
    mobile = normalize_mobile(value)
    if MOBILE_RE.match(mobile):
        return User.objects.filter(phone=mobile).first()
    # Exact matches on the unique username column (its index): a resident ID is stored
    # normalised (upper-case X), other account names as they were created.
    candidates = {value, normalize_resident_id(value)}
    return User.objects.filter(username__in=candidates).order_by("pk").first()
