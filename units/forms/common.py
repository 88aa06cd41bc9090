"""Forms of the unit pages: registration, the two unit sign-in entrances, unit information,
staff, recovery through a staff member, unit keys.

``UnitChoiceField`` is how a unit is chosen anywhere in the portal: a select that searches
units by name or pinyin initials as one types (Tom Select over ``units:search``).
"""

import re

PHONE_RE = re.compile(r"^[0-9()+\- ]{7,20}$")
REGION_CODE_RE = re.compile(r"[0-9]{6}")


def _choices(choices, placeholder):
    return [("", placeholder), *choices]
