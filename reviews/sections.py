"""The sections a reviewer can name when returning an application.

They are the applications app's sections of that kind (and series): keys and titles only, so
naming them costs no query for the sections' content.
"""

from applications.sections import SPECS, section_keys


def section_choices(application) -> list[tuple[str, str]]:
    """(key, title) of the sections of this application, in their order."""
    return [(key, str(SPECS[key].title)) for key in section_keys(application)]


def section_labels(application, keys, *, choices: dict | None = None) -> list[str]:
    labels = choices if choices is not None else dict(section_choices(application))
    return [str(labels.get(key, key)) for key in keys]
