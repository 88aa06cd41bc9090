"""Sign-in by account name without a case-insensitive scan of the user table.

Resident ID numbers are stored normalised (upper-case X, ``User.save``) and the sign-in form
normalises what was typed the same way, so an exact match on the unique ``username`` column
finds the person through its index. allauth's backend would look usernames up with
``iexact`` (``ACCOUNT_PRESERVE_USERNAME_CASING``), which no index serves.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from .selectors import user_for_login


class AuthenticationBackend(AllauthBackend):
    def _authenticate_by_username(self, username, password):
        if not username:
            return None
        return self._check_password(user_for_login(username), password)
