"""The sign-in stage of a staff member on a new device (accounts.devices)."""

import logging

from allauth.account.internal.constants import LoginStageKey
from allauth.account.stages import LoginStage
from allauth.core.internal.httpkit import headed_redirect_response
from django.contrib import messages
from django.utils.translation import gettext as _

from titleportal.sms import SMSError, SMSQuotaExceeded

from . import devices
from .verification import CodeChallenge

logger = logging.getLogger(__name__)

CHALLENGE = "new_device"


class NewDeviceStage(LoginStage):
    """After the password: a reviewer on a browser or network not seen before gets an SMS code
    and types it on ``accounts:device_check`` before the sign-in completes. A sign-in by SMS
    code has proved the phone already."""

    key = "staff_new_device"
    urlname = "accounts:device_check"

    def handle(self):
        user = self.login.user
        if user is None or not devices.needs_check(user):
            return None, True
        stages = self.login.state.get("stages", {})
        if stages.get(LoginStageKey.LOGIN_BY_CODE.value, {}).get("data"):
            return None, True
        if devices.is_known(self.request, user):
            return None, True
        if not user.phone:
            messages.error(
                self.request,
                _(
                    "Signing in from a new device needs an SMS code, but your account has no "
                    "mobile number. Ask the administrator to add one."
                ),
            )
            return headed_redirect_response("account_login"), False
        try:
            CodeChallenge(self.request, CHALLENGE).start(user=user, phone=user.phone)
        except SMSQuotaExceeded as refused:
            messages.error(self.request, refused.message)
            return headed_redirect_response("account_login"), False
        except SMSError:
            logger.exception("new-device code SMS failed")
            messages.error(
                self.request,
                _(
                    "Signing in from a new device needs an SMS code, and the SMS could not be "
                    "sent right now. Please try again in a few minutes."
                ),
            )
            return headed_redirect_response("account_login"), False
        return headed_redirect_response(self.urlname), True
