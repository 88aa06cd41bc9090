"""Forms of units and their people: shared fields."""

import re

PHONE_RE = re.compile(r"^[0-9()+\- ]{7,20}$")
REGION_CODE_RE = re.compile(r"[0-9]{6}")


def _choices(choices, placeholder):
    return [("", placeholder), *choices]
