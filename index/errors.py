"""A tiny error hierarchy; the CLI turns these into one friendly line and a non-zero exit."""


class CareersBotError(Exception):
    """Base of every error careers-bot reports to a person."""


class InputError(CareersBotError):
    """A posting, site config or sources file that can't be read. Names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(CareersBotError):
    """Bad settings or command-line options (a missing token, an unknown source type, ...)."""


class IndexLoadError(CareersBotError):
    """An index folder that is missing, corrupt, or built with another embedding model."""


class NothingIndexedError(CareersBotError):
    """A build found no posting it could index."""


class SourceFetchError(CareersBotError):
    """An ATS board that could not be fetched (down, slow, malformed)."""


def describe(error: BaseException) -> str:
    """An error in one line for a log: our own errors say it all; others (a bug) name their type."""
    text = " ".join(str(error).split())
    if isinstance(error, CareersBotError):
        return text or type(error).__name__
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
