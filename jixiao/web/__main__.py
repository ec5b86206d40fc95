"""``python -m jixiao.web migrate`` … — Django's manage.py for the jixiao web app."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["python -m jixiao.web", *args])


if __name__ == "__main__":
    main()
