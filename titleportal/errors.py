class DomainError(Exception):
    """A rule of the portal refused an action.

    ``message`` is the Chinese sentence the person should read; ``field`` optionally names
    the form field it belongs to. Services raise it, views show it (next to the field, or as
    a page message) and never turn it into a 500.
    """

    def __init__(self, message, *, field: str | None = None, code: str = ""):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self):
        return str(self.message)
