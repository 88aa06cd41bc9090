from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the person chose English with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a portal of
    a Chinese authority speaks Chinese to everyone by default, so only the language cookie
    set by the switcher counts.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
