from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from titleportal.validators import (
    IdType,
    birth_date_from_id_number,
    gender_from_id_number,
    normalize_id_number,
    normalize_mobile,
)


def person_username(id_type: str, id_number: str) -> str:
    """The account name of a person: the document number, which sign-in accepts as typed.

    Only a passport number may equal another document's number (a Hong Kong passport and a
    travel permit both read H12345678), so passport accounts are named with their type;
    sign-in finds them by number (``accounts.selectors.users_with_id_number``)."""
    if id_type == IdType.PASSPORT:
        return f"{IdType.PASSPORT}:{id_number}"
    return id_number


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, username, password, **extra):
        if not username:
            id_number = extra.get("id_number")
            if not id_number:
                raise ValueError("A user needs a username or a resident ID number.")
            username = person_username(
                extra.get("id_type", IdType.RESIDENT_ID), normalize_id_number(id_number)
            )
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(username, password, **extra)

    def create_superuser(self, username, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("kind", User.Kind.ADMIN)
        return self._create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person (applicant, reviewer), a unit's login, or an administrator.

    People sign in with their resident ID number, phone or email; ``username`` holds the
    resident ID for people, the USCC for unit accounts and a free name for administrators.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        UNIT = "unit", _("Unit account")
        ADMIN = "admin", _("Administrator")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class SecurityQuestion(models.TextChoices):
        MOTHER_NAME = "mother_name", _("What is your mother's name?")
        FATHER_NAME = "father_name", _("What is your father's name?")
        BIRTHPLACE = "birthplace", _("Where were you born?")
        PRIMARY_SCHOOL = "primary_school", _("Which primary school did you attend?")
        FIRST_TEACHER = "first_teacher", _("What is the name of your first teacher?")
        SPOUSE_BIRTHDAY = "spouse_birthday", _("What is your spouse's birthday?")

    username = models.CharField(_("account"), max_length=64, unique=True)
    kind = models.CharField(_("account type"), max_length=8, choices=Kind, default=Kind.PERSON)
    # A unit account carries the full name of its unit (units.Unit.name holds 100).
    # Indexed for the reviewers' search by name (exact or prefix; on PostgreSQL Django adds the
    # pattern index that serves LIKE 'prefix%').
    full_name = models.CharField(_("name"), max_length=100, blank=True, db_index=True)
    IdType = IdType

    id_type = models.CharField(
        _("type of identity document"), max_length=20, choices=IdType, default=IdType.RESIDENT_ID
    )
    # NULL for accounts without a document, so that the (type, number) constraint skips them.
    id_number = models.CharField(  # noqa: DJ001
        _("Document number"), max_length=18, null=True, blank=True, db_index=True
    )
    # E.164: +8613800138000, +85291234567.
    phone = models.CharField(_("mobile number"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("mobile verified"), default=False)
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    security_question = models.CharField(
        _("security question"), max_length=32, choices=SecurityQuestion, blank=True
    )
    security_answer = models.CharField(_("security answer (hashed)"), max_length=128, blank=True)
    # The level of real-name verification the unified identity platform reported at the last
    # sign-in through it (accounts.oidc), as the platform names it; blank for other accounts.
    real_name_level = models.CharField(_("real-name verification level"), max_length=32, blank=True)
    real_name_checked_at = models.DateTimeField(
        _("real-name level reported at"), null=True, blank=True
    )
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("registered at"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="user_id_document_unique")
        ]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email) if self.email else None

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Empty identifiers are stored as NULL so that the unique constraints ignore them.
        self.email = self.email.strip().lower() if self.email else None
        self.phone = normalize_mobile(self.phone) if self.phone else None
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
            born = birth_date_from_id_number(self.id_type, self.id_number)
            if born is not None:
                self.gender = gender_from_id_number(self.id_type, self.id_number)
                self.birth_date = born
            if self.kind == self.Kind.PERSON:
                self.username = person_username(self.id_type, self.id_number)
        else:
            self.id_number = None
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name or self.username

    def set_security_answer(self, raw_answer: str) -> None:
        self.security_answer = make_password(raw_answer.strip())

    def check_security_answer(self, raw_answer: str) -> bool:
        # Hashes even without a stored answer (a dummy), so that the time taken is the same.
        return check_password(raw_answer.strip(), self.security_answer or "")

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON


class KnownDevice(models.Model):
    """A browser a staff member proved with an SMS code (seed 003: 经办人在不在常用地址登录时，
    系统会要求手机验证).

    The browser keeps a random token in a signed long-lived cookie; only its hash is stored.
    A sign-in is from a known device when the token, the browser (its user agent with the
    version numbers left out) and the network of the address (IPv4 /24, IPv6 /64) were all
    seen, within STAFF_DEVICE_REMEMBER_DAYS of the last code. The person lists and forgets
    their devices under 个人设置.
    """

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="known_devices"
    )
    token_hash = models.CharField(max_length=64)
    browser = models.CharField(_("browser"), max_length=300)
    label = models.CharField(_("device"), max_length=100)
    networks = models.JSONField(_("networks seen"), default=list)
    last_address = models.CharField(_("last address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("first verified at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last sign-in"), default=timezone.now)
    expires_at = models.DateTimeField(_("remembered until"))

    class Meta:
        verbose_name = _("remembered device")
        verbose_name_plural = _("remembered devices")
        ordering = ["-last_seen_at", "-pk"]
        indexes = [models.Index(fields=["user", "token_hash"])]

    def __str__(self):
        return f"{self.user} · {self.label}"
