"""Paths in, Documents out (files.py walks and reads; one module per format parses). This
file only names what the package offers."""

from claimcheck.ingest.files import (
    READERS,
    SUPPORTED,
    InputError,
    Stdin,
    collect,
    decode,
    display_path,
    read,
)

__all__ = ["READERS", "SUPPORTED", "InputError", "Stdin", "collect", "decode",
           "display_path", "read"]
