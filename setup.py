"""Build hook: the wheel carries the shipped codebooks and the demo corpus inside the package.

In a checkout they stay where people look for them (``codebooks/``, ``corpora/demo/``); a built wheel has
copies in ``analysis/_shipped/``. ``analysis/resources.py`` finds them in either place. Everything else
(the packages, dependencies, the ``duiding`` command) is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# name in analysis/_shipped/ -> folder in the checkout
SHIPPED = {"codebooks": "codebooks", "demo": "corpora/demo"}


class BuildPyWithShippedData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the checkout's folders
            return
        target = Path(self.build_lib) / "analysis" / "_shipped"
        for name, folder in SHIPPED.items():
            shutil.copytree(
                HERE / folder, target / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )


setup(cmdclass={"build_py": BuildPyWithShippedData})
