"""Paths in, Documents out (files.py walks and reads; one module per format parses; web.py
fetches web addresses). This file only names what the package offers."""

from claimcheck.ingest.files import (
    READERS,
    SUPPORTED,
    Input,
    InputError,
    Raw,
    Stdin,
    collect,
    decode,
    display_path,
    load,
    parse,
    read,
)
from claimcheck.ingest.web import Fetcher, Url, is_url

__all__ = ["READERS", "SUPPORTED", "Fetcher", "Input", "InputError", "Raw", "Stdin", "Url",
           "collect", "decode", "display_path", "is_url", "load", "parse", "read"]
