"""The wrappers are drop-ins: every parameter of Mem0's public methods, same kind and default."""

from __future__ import annotations

import inspect
from typing import Any

import memprivacy_mem0
import pytest
from memprivacy_mem0 import AsyncPrivateMemory, AsyncPrivateMemoryClient, PrivateMemory, PrivateMemoryClient

LOCAL = ("add", "search", "get", "get_all", "update", "delete", "delete_all", "history", "reset")
HOSTED = LOCAL + ("batch_update", "batch_delete", "feedback", "get_summary", "get_profile", "get_memory_export")


def _pairs() -> list[tuple[type, type, str]]:
    from mem0 import AsyncMemory, AsyncMemoryClient, Memory, MemoryClient

    return [
        *((PrivateMemory, Memory, m) for m in LOCAL),
        *((AsyncPrivateMemory, AsyncMemory, m) for m in LOCAL),
        *((PrivateMemoryClient, MemoryClient, m) for m in HOSTED),
        *((AsyncPrivateMemoryClient, AsyncMemoryClient, m) for m in HOSTED),
    ]


def _is_sentinel(value: Any) -> bool:
    return value is not inspect.Parameter.empty and (value is not None) and not isinstance(
        value, (bool, int, float, str, tuple)
    )


@pytest.mark.parametrize(("wrapper", "original", "method"), _pairs(), ids=lambda x: getattr(x, "__name__", x))
def test_signature_mirrors_mem0(wrapper: type, original: type, method: str) -> None:
    ours = inspect.signature(getattr(wrapper, method)).parameters
    theirs = inspect.signature(getattr(original, method)).parameters
    for name, param in theirs.items():
        assert name in ours, f"{wrapper.__name__}.{method} lacks {name}"
        mine = ours[name]
        assert mine.kind == param.kind, f"{wrapper.__name__}.{method}({name}) kind"
        if _is_sentinel(param.default):
            assert _is_sentinel(mine.default)  # "not given" markers: Mem0's default applies
        else:
            assert mine.default == param.default, f"{wrapper.__name__}.{method}({name}) default"
    for name, mine in ours.items():
        if name not in theirs:  # our additions: keyword-only with defaults, never required
            assert mine.kind in (inspect.Parameter.KEYWORD_ONLY,), f"{method}({name})"
            assert mine.default is not inspect.Parameter.empty
    is_async = inspect.iscoroutinefunction(getattr(original, method))
    assert inspect.iscoroutinefunction(getattr(wrapper, method)) == is_async


def test_public_api_and_no_mem0_import_at_package_import() -> None:
    import subprocess
    import sys

    assert sorted(memprivacy_mem0.__all__) == [
        "AsyncPrivateMemory", "AsyncPrivateMemoryClient", "PrivateMemory", "PrivateMemoryClient", "__version__",
    ]
    code = "import sys, memprivacy_mem0; print(any(m == 'mem0' or m.startswith('mem0.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_from_config_wraps_a_real_memory(session_dir: Any, engine: Any) -> None:
    from memprivacy_mem0.local import local_config

    wrapped = PrivateMemory.from_config(local_config(session_dir / "from-config"), engine)
    try:
        assert type(wrapped.wrapped).__name__ == "Memory"
        assert wrapped.engine is engine
        result = wrapped.add("my email is frm.config@example.com", user_id="cfg-user", infer=False)
        assert result["results"][0]["memory"] == "my email is frm.config@example.com"
        assert "frm.config@example.com" not in wrapped.wrapped.get(result["results"][0]["id"])["memory"]
    finally:
        wrapped.close()
        wrapped.vector_store.client.close()
