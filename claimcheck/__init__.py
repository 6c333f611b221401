"""claimcheck: audit the claims in health marketing copy."""

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    """The installed package's version ("0" when run from a source tree not installed)."""
    try:
        return version("claimcheck")
    except PackageNotFoundError:
        return "0"
