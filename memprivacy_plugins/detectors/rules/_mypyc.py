"""``mypyc_attr`` for the opt-in compiled build (pyproject.toml, docs/rules.md "Speed").

mypyc reads the decorator when it compiles a module and drops it; interpreted, it does
nothing, so mypy_extensions is not needed at run time. This module itself stays
interpreted in both builds (a compiled one could not run the fallback below).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

_T = TypeVar("_T")

if TYPE_CHECKING:
    from mypy_extensions import mypyc_attr
else:

    def mypyc_attr(*attrs: str, **kwattrs: object) -> Callable[[_T], _T]:
        return lambda cls: cls


__all__ = ["mypyc_attr"]
