"""The project's exceptions. Messy input is not an error: it becomes a Reject."""


class RecoupeError(Exception):
    """Base class: a misuse or an unusable environment, with a one-line message."""


class InputError(RecoupeError):
    """A path that does not exist, or a format recoupe cannot read."""


class StoreError(RecoupeError):
    """The database cannot be opened or is not a recoupe database."""


class ConfigError(RecoupeError):
    """A settings, issues or gazetteer file that is malformed."""
