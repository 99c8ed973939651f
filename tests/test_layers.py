"""Imports go one way: views → services → models. Loading every service loads no view."""

import subprocess
import sys

from config import ROOT

LOAD_SERVICES = """
import pkgutil, importlib, sys
import forum.services
for module in pkgutil.iter_modules(forum.services.__path__):
    importlib.import_module(f"forum.services.{module.name}")
print(" ".join(sorted(name for name in sys.modules if name.endswith(".views") and name.startswith("forum"))))
"""


def test_the_services_load_no_view():
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_SERVICES], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
