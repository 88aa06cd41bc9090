"""Which sections a reviewer can name when returning an application.

The applications app defines the sections of each kind; until its
``applications.selectors.sections_for(application)`` is available, the sections of DESIGN.md §4
are offered under stable keys.
"""

from django.utils.translation import gettext_lazy as _

from applications.models import Kind

FALLBACK_SECTIONS = {
    "application_info": _("Application information"),
    "basic_info": _("Basic information"),
    "education": _("Education history"),
    "qualifications": _("Qualifications held"),
    "titles": _("Titles and skill levels"),
    "work_history": _("Work history"),
    "achievements": _("Achievements"),
    "society_posts": _("Society posts"),
    "continuing_education": _("Continuing education"),
    "appraisals": _("Appraisal results"),
    "exams": _("Exam results"),
    "work_summary": _("Work summary"),
    "committee_materials": _("Materials required by the committee"),
    "materials": _("Material uploads"),
}
FALLBACK_BY_KIND = {
    Kind.EVALUATION: [key for key in FALLBACK_SECTIONS if key not in {"materials"}],
    Kind.RECOGNITION: ["application_info", "basic_info", "work_summary", "materials"],
    Kind.RECONFIRMATION: ["application_info", "basic_info", "work_summary", "materials"],
    Kind.REPLACEMENT: ["application_info", "materials"],
    Kind.TRANSFER: ["application_info", "basic_info", "materials"],
}


def section_choices(application) -> list[tuple[str, str]]:
    """(key, label) of the sections of this application, in their order."""
    try:
        from applications.selectors import sections_for
    except ImportError:
        sections_for = None
    if sections_for is not None:
        choices = []
        for section in sections_for(application):
            key = getattr(section, "key", None) or section[0]
            label = getattr(section, "label", None) or getattr(section, "title", None)
            choices.append((str(key), str(label if label is not None else section[1])))
        return choices
    keys = FALLBACK_BY_KIND.get(application.kind, list(FALLBACK_SECTIONS))
    return [(key, FALLBACK_SECTIONS[key]) for key in keys]


def section_labels(application, keys) -> list[str]:
    labels = dict(section_choices(application))
    return [str(labels.get(key, key)) for key in keys]
