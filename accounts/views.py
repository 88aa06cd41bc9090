import time

from allauth.account import views as allauth_views
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from titleportal.sms import SMSError, SMSQuotaExceeded
from titleportal.validators import mask_mobile

from . import services
from .forms import (
    ChangeEmailForm,
    CodeForm,
    NewPasswordForm,
    SecurityQuestionForm,
    SecurityQuestionResetForm,
    SMSResetRequestForm,
    already_registered_response,
    registered_just_now,
)
from .limits import target
from .middleware import SESSION_KEY
from .models import User
from .verification import VERIFIED_WINDOW, CodeChallenge

RESET_CHALLENGE = "password_reset_sms"
RESET_VERIFIED_KEY = "password_reset_verified"


def recovery_code_resend(request, challenge: CodeChallenge) -> None:
    """请求新验证码 in a recovery flow: the same message whether or not a code went out."""
    try:
        challenge.resend()
    except SMSQuotaExceeded as refused:
        messages.error(request, refused.message)
    else:
        messages.info(
            request,
            _(
                "A new code was requested. If none arrives within a few minutes, request "
                "another one later or choose another way."
            ),
        )


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


@login_required
@require_POST
def switch_role(request):
    """Act as another of the account's roles; unknown keys are refused."""
    wanted = request.POST.get("role", "")
    context = next((c for c in request.available_roles if c.key == wanted), None)
    if context is None:
        messages.error(request, _("You do not hold that role."))
    else:
        request.session[SESSION_KEY] = context.key
        messages.success(request, _("You now act as %(role)s.") % {"role": context.label})
    return redirect(_safe_next(request))


@login_required
@never_cache
def choose_role(request):
    """After sign-in: a person with several roles picks the role and organisation to act as."""
    if len(request.available_roles) < 2:
        return redirect(_safe_next(request))
    return render(
        request,
        "accounts/person/choose_role.html",
        {"roles": request.available_roles, "next": _safe_next(request, default="/")},
    )


def _person_required(request) -> None:
    # Pages about a natural person; unit accounts and administrators have none.
    if request.user.kind != User.Kind.PERSON:
        raise Http404


@login_required
def profile(request):
    """个人资料: what the account knows about the person, and their unit."""
    _person_required(request)
    affiliation = getattr(request.user, "affiliation", None)
    return render(
        request,
        "accounts/person/profile.html",
        {
            "person": request.user,
            "affiliation": affiliation,
            "oidc_platform": settings.OIDC_PROVIDER_NAME,
        },
    )


@login_required
def settings_index(request):
    """个人设置 (the gear menu): password, phone, email, security question, second factor."""
    return render(request, "accounts/person/settings.html", {"person": request.user})


@login_required
def security_question(request):
    _person_required(request)
    form = SecurityQuestionForm(
        request.POST or None,
        user=request.user,
        initial={"security_question": request.user.security_question},
    )
    if request.method == "POST" and form.is_valid():
        services.security_question_change(
            actor=request.user,
            question=form.cleaned_data["security_question"],
            answer=form.cleaned_data["security_answer"],
        )
        messages.success(request, _("Your security question has been changed."))
        return redirect("accounts:settings")
    return render(request, "accounts/person/security_question.html", {"form": form})


EMAIL_CHALLENGE = "change_email"


@login_required
@never_cache
def change_email(request):
    """更换邮箱, step 1: the new address receives a code."""
    _person_required(request)
    form = ChangeEmailForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        CodeChallenge(request, EMAIL_CHALLENGE).start(
            user=request.user, email=form.cleaned_data["email"]
        )
        return redirect("accounts:change_email_code")
    return render(request, "accounts/person/change_email.html", {"form": form})


@login_required
@never_cache
def change_email_code(request):
    """更换邮箱, step 2: the code from the new address."""
    _person_required(request)
    challenge = CodeChallenge(request, EMAIL_CHALLENGE)
    if not challenge.state or challenge.state.get("user_id") != request.user.pk:
        return redirect("accounts:change_email")
    if request.method == "POST" and request.POST.get("action") == "resend":
        challenge.resend()
        messages.success(request, _("A new code has been sent."))
        return redirect("accounts:change_email_code")
    form = CodeForm(request.POST or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        email = challenge.email
        challenge.clear()
        services.email_change(actor=request.user, email=email)
        messages.success(request, _("Your email is now %(email)s.") % {"email": email})
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/person/change_email_code.html",
        {"form": form, "email": challenge.email},
    )


# --- password recovery by SMS or by security question --------------------------------------
# Every step is limited per target and per client address (accounts.limits); registered and
# unknown numbers, and an SMS gateway that is down, get the same pages.


@never_cache
def password_reset_sms(request):
    """忘记密码, way 1: a code to the registered mobile number."""
    form = SMSResetRequestForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        user = User.objects.filter(phone=phone, is_active=True, kind=User.Kind.PERSON).first()
        challenge = CodeChallenge(request, RESET_CHALLENGE, reveal_failures=False)
        try:
            challenge.start(user=user, phone=phone)
        except SMSQuotaExceeded as refused:
            form.add_error("phone", refused.message)
        else:
            return redirect("accounts:password_reset_sms_code")
    return render(request, "accounts/public/password_reset_sms.html", {"form": form})


@never_cache
def password_reset_sms_code(request):
    challenge = CodeChallenge(request, RESET_CHALLENGE, reveal_failures=False)
    if not challenge.state:
        return redirect("accounts:password_reset_sms")
    if request.method == "POST" and request.POST.get("action") == "resend":
        recovery_code_resend(request, challenge)
        return redirect("accounts:password_reset_sms_code")
    form = CodeForm(
        request.POST or None,
        challenge=challenge,
        limit=("reset_password_by_sms_code", target("phone", challenge.phone)),
    )
    if request.method == "POST" and form.is_valid():
        user, phone = challenge.user, challenge.phone
        challenge.clear()
        request.session[RESET_VERIFIED_KEY] = {
            "user_id": user.pk,
            "at": time.time(),
            "phone": phone,
        }
        return redirect("accounts:password_reset_new")
    return render(
        request,
        "accounts/public/password_reset_sms_code.html",
        {
            "form": form,
            "masked_phone": mask_mobile(challenge.phone),
            "resend_in": challenge.seconds_until_resend(),
        },
    )


@never_cache
def password_reset_question(request):
    """忘记密码, way 3: ID number and the answer to the security question."""
    form = SecurityQuestionResetForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        request.session[RESET_VERIFIED_KEY] = {"user_id": form.user.pk, "at": time.time()}
        return redirect("accounts:password_reset_new")
    return render(request, "accounts/public/password_reset_question.html", {"form": form})


@never_cache
def password_reset_new(request):
    verified = request.session.get(RESET_VERIFIED_KEY) or {}
    user = None
    if verified and time.time() - verified.get("at", 0) <= VERIFIED_WINDOW:
        user = User.objects.filter(pk=verified.get("user_id"), is_active=True).first()
    if user is None:
        request.session.pop(RESET_VERIFIED_KEY, None)
        messages.error(request, _("Prove who you are first; the verification has expired."))
        return redirect("accounts:password_reset_sms")
    form = NewPasswordForm(
        request.POST or None,
        user=user,
        request=request,
        limit_key=target("account", user.pk),
    )
    if request.method == "POST" and form.is_valid():
        services.password_reset(
            request=request,
            user=user,
            password=form.cleaned_data["password1"],
            verified_phone=verified.get("phone"),
        )
        request.session.pop(RESET_VERIFIED_KEY, None)
        messages.success(request, _("Your password has been reset. Sign in with the new password."))
        return redirect("account_login")
    return render(request, "accounts/public/password_reset_new.html", {"form": form})


# --- registration ---------------------------------------------------------------------------


class SignupView(allauth_views.SignupView):
    """个人注册 (allauth's), where the same registration posted twice sends its person to
    sign in instead of listing the ID number, phone and email as taken."""

    def form_invalid(self, form):
        if registered_just_now(form) is not None:
            return already_registered_response(self.request)
        return super().form_invalid(form)


signup = SignupView.as_view()


# --- staff on a new device ------------------------------------------------------------------


class DeviceCodeForm(CodeForm):
    remember = forms.BooleanField(
        label=gettext_lazy("Remember this device"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remember"].help_text = gettext_lazy(
            "On a device of your own: no code is asked here for %(days)s days. Do not tick it "
            "on a shared computer."
        ) % {"days": days}


@never_cache
def device_check(request):
    """新设备验证: the SMS code a staff member types before a sign-in on a new device ends."""
    from allauth.account.stages import LoginStageController

    from . import devices
    from .stages import CHALLENGE, NewDeviceStage

    stage = LoginStageController.enter(request, NewDeviceStage.key)
    challenge = CodeChallenge(request, CHALLENGE)
    if (
        stage is None
        or not challenge.state
        or challenge.state.get("user_id") != stage.login.user.pk
    ):
        messages.error(request, _("Sign in again; the verification has expired."))
        return redirect("account_login")
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            challenge.resend()
        except SMSQuotaExceeded as refused:
            messages.error(request, refused.message)
        except SMSError:
            messages.error(request, _("The SMS could not be sent. Please try again later."))
        else:
            messages.success(request, _("A new code has been sent."))
        return redirect("accounts:device_check")
    form = DeviceCodeForm(
        request.POST or None,
        challenge=challenge,
        days=devices.remember_days(),
        limit=("device_code", target("account", stage.login.user.pk)),
    )
    if request.method == "POST" and form.is_valid():
        user = stage.login.user
        challenge.clear()
        response = stage.exit()
        if form.cleaned_data["remember"]:
            devices.remember(request, response, user)
        return response
    return render(
        request,
        "accounts/public/device_check.html",
        {
            "form": form,
            "masked_phone": mask_mobile(challenge.phone),
            "resend_in": challenge.seconds_until_resend(),
        },
    )


@login_required
@require_safe
def device_list(request):
    """已记住的设备: where the person's sign-in as staff asks no SMS code."""
    from . import devices

    return render(
        request,
        "accounts/person/devices.html",
        {
            "devices": devices.devices_of(request.user),
            "current_id": devices.current_device_id(request),
            "days": devices.remember_days(),
        },
    )


@login_required
@require_POST
def device_forget(request, pk):
    from . import devices

    device = get_object_or_404(devices.devices_of(request.user), pk=pk)
    device.delete()
    messages.success(
        request,
        _("%(device)s is forgotten: signing in there asks for an SMS code again.")
        % {"device": device.label},
    )
    return redirect("accounts:devices")


@login_required
@require_POST
def devices_forget_all(request):
    from .models import KnownDevice

    KnownDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Every device is forgotten."))
    return redirect("accounts:devices")
