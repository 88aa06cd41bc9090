"""Organisations: units, competent departments, offices, committees, their staff and affiliations."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from accounts.roles import ORGANISATION_FIELD, ORGANISATION_FIELDS
from reference.models import Region
from titleportal.validators import validate_uscc
from units.choices import LICENCE_TYPE, Industry, UnitType

# Unit keys avoid characters that are easy to misread (0/O, 1/I/L).

UNIT_KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_unit_key() -> str:
    return "".join(secrets.choice(UNIT_KEY_ALPHABET) for _ in range(12))


def pinyin_initials(text: str) -> str:
    """南宁蓝海工程有限公司 -> nnlhgcyxgs, for searching units by initials."""
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")).lower()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Office(Organisation):
    """Title-reform office (职改办): receives, approves and issues certificates."""

    code = models.CharField(
        _("office code"),
        max_length=8,
        unique=True,
        help_text=_("Short code used in certificate numbers."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    seal_image = models.ImageField(_("seal image"), upload_to="seals/offices/", blank=True)
    mailing_enabled = models.BooleanField(_("certificate mailing offered"), default=True)

    class Meta(Organisation.Meta):
        verbose_name = _("title-reform office")
        verbose_name_plural = _("title-reform offices")


class Department(Organisation):
    """Competent department (主管部门) between its units and an office."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office above"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("department above"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
        help_text=_("A route may pass the department above the unit's (e.g. 市局 then 省厅)."),
    )

    class Meta(Organisation.Meta):
        verbose_name = _("competent department")
        verbose_name_plural = _("competent departments")


class Committee(Organisation):
    """Review committee (评委会) for one series at one or more levels."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("organising office"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    series = models.ForeignKey(
        "reference.Series",
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    levels = models.ManyToManyField(
        "reference.Level", verbose_name=_("levels"), related_name="committees"
    )
    region_scope = models.ManyToManyField(
        Region,
        verbose_name=_("regions covered"),
        related_name="committees_covering",
        help_text=_("Applicants whose unit lies in one of these regions apply directly."),
    )

    class Meta(Organisation.Meta):
        verbose_name = _("review committee")
        verbose_name_plural = _("review committees")

    def covers_region(self, region: Region) -> bool:
        return any(scope.covers(region) for scope in self.region_scope.all())


class Unit(Organisation):
    """Employer unit (单位), identified by its unified social credit code."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name_initials = models.CharField(
        _("pinyin initials"), max_length=100, blank=True, editable=False
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry)
    unit_type = models.CharField(_("unit type"), max_length=32, choices=UnitType)
    address = models.CharField(_("address"), max_length=200)
    licence_file = models.FileField(_("licence scan"), upload_to="licences/", blank=True)
    seal_image = models.ImageField(_("seal image"), upload_to="seals/units/", blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("competent department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_account_of",
    )
    key = models.CharField(_("unit key"), max_length=16, unique=True, default=new_unit_key)

    class Meta(Organisation.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def save(self, *args, **kwargs):
        self.name_initials = pinyin_initials(self.name)
        super().save(*args, **kwargs)

    @property
    def licence_type(self):
        return LICENCE_TYPE.get(self.unit_type, "")


class UnitRename(models.Model):
    """更名记录: every change of a unit's name."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="renames"
    )
    old_name = models.CharField(_("old name"), max_length=100)
    new_name = models.CharField(_("new name"), max_length=100)
    renamed_at = models.DateTimeField(_("renamed at"), default=timezone.now)
    renamed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("renamed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("unit rename record")
        verbose_name_plural = _("unit rename records")
        ordering = ["-renamed_at"]

    def __str__(self):
        return f"{self.old_name} → {self.new_name}"


def _organisation_matches_role() -> Q:
    """A membership names exactly the organisation its role acts for, generated from
    ``accounts.roles.ORGANISATION_FIELD`` (the one role → organisation mapping)."""
    condition = Q()
    for role, field in ORGANISATION_FIELD.items():
        condition |= Q(
            role=role, **{f"{other}__isnull": other != field for other in ORGANISATION_FIELDS}
        )
    return condition


class Membership(models.Model):
    """A person working for an organisation in a reviewer role."""

    STAFF_ROLES = [(role.value, role.label) for role in ORGANISATION_FIELD]

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=STAFF_ROLES)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("competent department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_enabled = models.BooleanField(_("enabled"), default=False)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_organisation_matches_role",
                condition=_organisation_matches_role(),
            ),
            *[
                models.UniqueConstraint(
                    fields=["person", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"membership_unique_person_{field}",
                )
                for field in ORGANISATION_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()} · {self.organisation}"

    @property
    def organisation(self):
        return self.unit or self.department or self.office or self.committee


class Affiliation(models.Model):
    """The unit a person currently works for (joined with its key); their applications use
    it. The unit account sees these people under 单位用户 and may remove one."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="affiliation",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="affiliations"
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit affiliation")
        verbose_name_plural = _("unit affiliations")

    def __str__(self):
        return f"{self.person} @ {self.unit}"


class OrganisationEvent(models.Model):
    """操作记录 of a unit's (or a competent department's) own account: who changed what.

    Review acts on applications are in the action log of the reviews app; this keeps the
    acts on the organisation itself (registration, renaming, staff, unit key, recovery).
    """

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Unit registered")
        INFO_CHANGED = "info_changed", _("Unit information changed")
        RENAMED = "renamed", _("Unit renamed")
        CONTACTS_CHANGED = "contacts_changed", _("Contacts changed")
        LICENCE_REPLACED = "licence_replaced", _("Licence scan replaced")
        SEAL_UPLOADED = "seal_uploaded", _("Seal image uploaded")
        STAFF_ADDED = "staff_added", _("Staff member added")
        STAFF_INVITED = "staff_invited", _("Staff member invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Staff invitation accepted")
        INVITATION_DECLINED = "invitation_declined", _("Staff invitation declined")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("Staff invitation withdrawn")
        STAFF_ENABLED = "staff_enabled", _("Staff member enabled")
        STAFF_DISABLED = "staff_disabled", _("Staff member disabled")
        STAFF_REMOVED = "staff_removed", _("Staff member removed")
        KEY_REGENERATED = "key_regenerated", _("Unit key regenerated")
        PASSWORD_RECOVERED = "password_recovered", _("Password recovered through a staff member")
        PERSON_JOINED = "person_joined", _("Person joined with the unit key")
        PERSON_REMOVED = "person_removed", _("Person removed from the unit")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("competent department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=24, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("done by (name)"), max_length=100, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("organisation event")
        verbose_name_plural = _("organisation events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.unit or self.department}"


class StaffInvitation(models.Model):
    """A unit account asks a registered person to be its staff member.

    The person finds it in 我的消息 and accepts or declines; only acceptance makes them staff
    (an enabled ``Membership``). At most one invitation of a unit to a person is pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Invitation accepted")
        DECLINED = "declined", _("Invitation declined")
        WITHDRAWN = "withdrawn", _("Invitation withdrawn")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="staff_invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person invited"),
        on_delete=models.CASCADE,
        related_name="staff_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "person"],
                condition=Q(status="pending"),
                name="staff_invitation_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.unit} → {self.person} · {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class StaffLookup(models.Model):
    """查询: a unit account looked up the person behind an ID number, to invite them as staff.

    Who looked up which number when, and whether a registered person was found; the number
    of rows of a unit in a day is its look-up limit (STAFF_LOOKUP_DAILY_LIMIT).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="staff_lookups"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("looked up by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("looked up by (name)"), max_length=100, blank=True)
    id_number = models.CharField(_("ID number looked up"), max_length=18)
    found = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person found"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("client address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("staff look-up")
        verbose_name_plural = _("staff look-ups")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "created_at"])]

    def __str__(self):
        return f"{self.unit} · {self.created_at:%Y-%m-%d %H:%M}"
