"""Fixed choice lists for units, from the national standards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    """Sections of the national industry classification (GB/T 4754-2017)."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water production and supply")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail trade")
    G = "G", _("Transport, storage and postal services")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information transmission, software and information technology services")  # noqa: E741
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Scientific research and technical services")
    N = "N", _("Water conservancy, environment and public facilities management")
    O = "O", _("Resident services, repair and other services")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration, social security and social organisations")
    T = "T", _("International organisations")


class UnitType(models.TextChoices):
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Non-public enterprise")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    GOVERNMENT_ORGAN = "government_organ", _("Government organ")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", _("Private non-enterprise unit")
    COOPERATIVE = "cooperative", _("Farmers' cooperative")


# The registration document each unit type holds (seed 001, 注意事项 2).
LICENCE_TYPE = {
    UnitType.STATE_ENTERPRISE: _("Enterprise legal person business licence"),
    UnitType.PRIVATE_ENTERPRISE: _("Enterprise legal person business licence"),
    UnitType.PUBLIC_INSTITUTION: _("Public institution legal person certificate"),
    UnitType.GOVERNMENT_ORGAN: _("Approval document of establishment issued by the government"),
    UnitType.SOCIAL_ORGANISATION: _("Social organisation legal person registration certificate"),
    UnitType.PRIVATE_NON_ENTERPRISE: _("Private non-enterprise unit registration certificate"),
    UnitType.COOPERATIVE: _("Farmers' professional cooperative business licence"),
}
