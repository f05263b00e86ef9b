"""The version `briefing --version` prints (kept apart so printing it loads nothing else)."""

VERSION = "0.1.0"


def version_line() -> str:
    """What `briefing --version` prints, as click's version option words it."""
    return f"briefing, version {VERSION}"
