"""Uploads: keeping uploads across failed forms."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from titleportal.files import random_name
from titleportal.storage import StorageUnavailable, guard

# --- stashing between form submissions ------------------------------------------------------
from .checks import CheckedFile, UploadPolicy, human_size, logger
from .pdfs import check_upload


def stash(checked: CheckedFile, *, request) -> "StashedUpload":  # noqa: F821
    from titleportal.models import StashedUpload

    owner = request.user if request.user.is_authenticated else None
    if owner is None and not request.session.session_key:
        request.session.save()
    record = StashedUpload(
        owner=owner,
        session_key="" if owner else request.session.session_key,
        kind=checked.kind,
        original_name=checked.original_name,
        size=len(checked.content),
        converted=checked.converted,
    )
    with guard():
        record.file.save(
            random_name("stash", checked.extension), ContentFile(checked.content), save=False
        )
    record.save()
    return record


def find_stash(token: str, *, request):
    from titleportal.models import StashedUpload

    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    stashed = StashedUpload.objects.filter(token=token).first()
    if stashed is None:
        return None
    if stashed.owner_id:
        return (
            stashed
            if request.user.is_authenticated and stashed.owner_id == request.user.pk
            else None
        )
    return (
        stashed
        if stashed.session_key and stashed.session_key == request.session.session_key
        else None
    )


class StashedFileInput(forms.Widget):
    """A file input with the token of an already accepted file beside it."""

    template_name = "titleportal/widgets/stashed_file_input.html"
    needs_multipart_form = True

    def __init__(self, policy: UploadPolicy, attrs=None):
        super().__init__(attrs)
        self.policy = policy

    def value_from_datadict(self, data, files, name):
        return files.get(name), data.get(f"{name}__token", "")

    def value_omitted_from_data(self, data, files, name):
        return name not in files and f"{name}__token" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        token = value[1] if isinstance(value, tuple) else ""
        stashed = None
        if token:
            from titleportal.models import StashedUpload

            try:
                stashed = StashedUpload.objects.filter(token=uuid.UUID(str(token))).first()
            except ValueError:  # a token made up by the sender: show no file
                stashed = None
        if stashed or (value and not isinstance(value, tuple)):
            # A file is already there: choosing another one is optional.
            context["widget"]["attrs"].pop("required", None)
        context["widget"].update(
            {
                "token": str(stashed.token) if stashed else "",
                "stashed": stashed,
                "current": value if value and not isinstance(value, tuple) else None,
                "accept": self.policy.accept_attribute,
                "policy_text": self.policy.describe(),
                # A PDF above the slot's limit is refused in the browser before it is sent.
                "pdf_max": self.policy.pdf_max_bytes if self.policy.accept_pdf else None,
                "pdf_max_text": human_size(self.policy.pdf_max_bytes),
            }
        )
        return context


def may_upload(request) -> bool:
    """Whether the person (a signed-in account, else the client address) still has uploads
    left this hour and today; each call counts one."""
    from allauth.core import ratelimit

    if request is None:
        return True
    signed_in = request.user.is_authenticated
    try:
        return ratelimit.consume(
            request,
            action="upload" if signed_in else "upload_anonymous",
            user=request.user if signed_in else None,
        )
    except Exception:  # the shared cache is down: the person's upload goes on all the same
        logger.warning("upload rate limit unavailable", exc_info=True)
        return True


def upload_limit_error() -> ValidationError:
    return ValidationError(
        _(
            "You have uploaded too many files: at most %(hour)s an hour and %(day)s a day. "
            "Please try again later; what you entered on this page is kept."
        )
        % {"hour": settings.UPLOAD_LIMIT_PER_HOUR, "day": settings.UPLOAD_LIMIT_PER_DAY},
        code="rate_limited",
    )


class PrivateUploadField(forms.Field):
    """Accepts a new file (checked by ``policy``) or the token of a file stashed earlier.

    ``clean`` returns a ``StashedUpload`` (new or earlier file), or None when nothing was sent
    and the field is optional or already has a stored file. Forms using it must inherit
    ``StashingFormMixin`` (which gives the field the request).
    """

    def __init__(self, *, policy: UploadPolicy, **kwargs):
        self.policy = policy
        self.request = None
        self.has_stored_file = False
        kwargs.setdefault("widget", StashedFileInput(policy))
        super().__init__(**kwargs)

    def bound_data(self, data, initial):
        if isinstance(data, tuple) and (data[0] or data[1]):
            return data
        return initial

    def clean(self, value):
        uploaded, token = value if isinstance(value, tuple) else (value, "")
        if uploaded:
            # Counted before the file is read: checking and normalising is the costly part.
            if not may_upload(self.request):
                raise upload_limit_error()
            checked = check_upload(uploaded, self.policy)
            try:
                return stash(checked, request=self.request)
            except StorageUnavailable as error:
                # Shown next to the field; the rest of the form is kept as it was typed.
                raise ValidationError(error.message, code=error.code) from error
        if token:
            stashed = find_stash(token, request=self.request)
            if stashed is None:
                raise ValidationError(
                    _("The earlier upload has expired; please choose the file again.")
                )
            return stashed
        if self.required and not self.has_stored_file:
            raise ValidationError(self.error_messages["required"], code="required")
        return None

    def has_changed(self, initial, data):
        return isinstance(data, tuple) and bool(data[0] or data[1])


class StashingFormMixin:
    """Give upload fields the request, and keep accepted files when the form fails elsewhere."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        for name, field in self.fields.items():
            if isinstance(field, PrivateUploadField):
                field.request = request
                field.has_stored_file = bool(self.initial.get(name))

    def _post_clean(self):
        super()._post_clean()
        if self.errors and self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                value = self.cleaned_data.get(name)
                if isinstance(field, PrivateUploadField) and value is not None:
                    data[f"{self.add_prefix(name)}__token"] = str(value.token)
            self.data = data
