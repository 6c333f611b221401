"""claimcheck: audit the claims in health marketing copy."""


def installed_version() -> str:
    """The installed package's version ("0" when run from a source tree not installed)."""
    from importlib.metadata import PackageNotFoundError, version  # 40 ms: only when asked

    try:
        return version("claimcheck")
    except PackageNotFoundError:
        return "0"
