"""What every wrapper shares: the wrapped object, the engine, attribute pass-through."""

from __future__ import annotations

from typing import Any

from memprivacy_plugins import PrivacyEngine

__all__ = ["NOT_GIVEN", "Wrapper"]


class _NotGiven:
    """Marks an argument the caller left out, so the wrapped call gets Mem0's own default."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()


class Wrapper:
    """Holds ``wrapped`` and ``engine``; any other attribute is the wrapped object's."""

    _own = frozenset({"wrapped", "engine", "agent_scopes"})

    def __init__(self, wrapped: Any, engine: PrivacyEngine | None = None, *, agent_scopes: bool = True) -> None:
        if wrapped is None:
            raise TypeError(f"{type(self).__name__} needs the Mem0 object to wrap")
        if isinstance(wrapped, Wrapper):
            raise TypeError(f"{type(self).__name__} would wrap an object that is already private")
        object.__setattr__(self, "wrapped", wrapped)
        object.__setattr__(self, "engine", engine if engine is not None else PrivacyEngine())
        object.__setattr__(self, "agent_scopes", bool(agent_scopes))

    wrapped: Any
    engine: PrivacyEngine
    agent_scopes: bool

    def __getattr__(self, name: str) -> Any:
        # Only called for names not found on the wrapper: pass them to Mem0.
        if name in Wrapper._own or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.__dict__["wrapped"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Wrapper._own:
            object.__setattr__(self, name, value)
        else:
            setattr(self.wrapped, name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(dir(self.wrapped)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.wrapped).__name__}, engine={self.engine!r})"
