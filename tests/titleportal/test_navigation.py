"""The navigation bar is resolved once per language and script prefix, and each page still
gets the bar of its own language and its own role."""

from django.urls import clear_script_prefix, set_script_prefix
from django.utils import translation

from accounts.roles import Role
from titleportal.navigation import navigation_for


def _labels(links):
    return [link.label for link in links]


def test_each_language_gets_its_own_labels_in_any_order():
    with translation.override("zh-hans"):
        chinese = _labels(navigation_for(Role.APPLICANT))
    with translation.override("en"):
        english = _labels(navigation_for(Role.APPLICANT))
    with translation.override("zh-hans"):
        again = _labels(navigation_for(Role.APPLICANT))

    assert "个人资料" in chinese or "首页" in chinese
    assert "Home" in english and "Certificates" in english
    assert again == chinese != english


def test_each_role_gets_its_own_bar():
    with translation.override("en"):
        public = _labels(navigation_for(None))
        applicant = _labels(navigation_for(Role.APPLICANT))
    assert "Personal data" in applicant and "Personal data" not in public


def test_links_follow_the_script_prefix():
    with translation.override("en"):
        plain = navigation_for(Role.APPLICANT)
        set_script_prefix("/portal/")
        try:
            prefixed = navigation_for(Role.APPLICANT)
        finally:
            clear_script_prefix()
            set_script_prefix("/")
    home = next(link for link in plain if link.label == "Home")
    prefixed_home = next(link for link in prefixed if link.label == "Home")
    assert home.url == "/" and prefixed_home.url == "/portal/"
