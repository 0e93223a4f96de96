"""Wheel build hook that keeps the source tree pure Python around the opt-in mypyc build.

hatch-mypyc (pyproject.toml, ``[tool.hatch.build.targets.wheel.hooks.mypyc]``) compiles
with ``build_ext --inplace``: the extension modules land next to the ``.py`` files and the
wheel picks them up from there. Left behind, they would shadow the ``.py`` files for
anything importing from the checkout (an editable install, pytest run from the repo), so
edits would silently not run. This hook, enabled on every wheel build:

- refuses a compiled editable install (``pip install -e`` with the mypyc hook enabled);
- removes compiled files from the source tree before a pure build (left by an interrupted
  compiled one) and after every build, once the wheel is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "memprivacy_plugins"
NATIVE = (".so", ".pyd")


def compiled_files(root: str) -> list[Path]:
    """mypyc's outputs in the tree: modules in the package and the shared ``*__mypyc`` library."""
    base = Path(root)
    inside = [p for p in (base / PACKAGE).rglob("*") if p.suffix in NATIVE]
    return inside + [p for p in base.glob("*__mypyc.*") if p.suffix in NATIVE]


class KeepSourceTreePure(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        compiling = "mypyc" in self.build_config.hook_config
        if compiling and version == "editable":
            raise RuntimeError(
                "the mypyc build hook makes wheels only: an editable install must stay pure Python "
                "(compiled modules in the source tree would shadow edited .py files). "
                "Unset HATCH_BUILD_HOOK_ENABLE_MYPYC, or install a wheel: "
                "HATCH_BUILD_HOOK_ENABLE_MYPYC=true pip install ."
            )
        if not compiling:
            self._remove()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        self._remove()

    def _remove(self) -> None:
        for path in compiled_files(self.root):
            path.unlink()
