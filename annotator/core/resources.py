"""Where the shipped resources (demo corpus, fonts) are: inside the installed package, or the checkout."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    installed = Path(__file__).resolve().parents[1] / "resources"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "resources"  # editable install or plain checkout
    return checkout


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
