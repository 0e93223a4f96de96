#!/usr/bin/env bash
# Every distribution in the repo builds a wheel with `python -m build`, and that wheel
# installs and imports in a clean venv (no site packages). The core must not pull torch.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for dist in . adapters/mem0 adapters/langchain adapters/llama-index; do
    python -m build --wheel --outdir "$out/wheels" "$dist" >/dev/null
done
ls "$out/wheels"

python -m venv "$out/venv"
vpy="$out/venv/bin/python"
cd "$out"   # import from the installed wheels, not from this checkout
"$vpy" -m pip install -q --upgrade pip
"$vpy" -m pip install -q "$out"/wheels/memprivacy_plugins-*.whl
"$vpy" - <<'PY'
import importlib.util, sys
import memprivacy_plugins
from memprivacy_plugins import PrivacyEngine
from memprivacy_plugins.detectors import RulesDetector
assert importlib.util.find_spec("torch") is None, "the core wheel must not install torch"
assert memprivacy_plugins.__file__ and "site-packages" in memprivacy_plugins.__file__
print("core wheel ok:", memprivacy_plugins.__version__)
PY
"$out/venv/bin/memprivacy" --help >/dev/null

# Adapters on top of the core wheel (their own dependencies come from the registry).
"$vpy" -m pip install -q --find-links "$out/wheels" "$out"/wheels/langchain_memprivacy-*.whl \
    "$out"/wheels/llama_index_memory_memprivacy-*.whl "$out"/wheels/memprivacy_mem0-*.whl
"$vpy" - <<'PY'
import langchain_memprivacy, memprivacy_mem0
import llama_index.core
import llama_index.memory.memprivacy
for m in (langchain_memprivacy, memprivacy_mem0, llama_index.memory.memprivacy):
    assert "site-packages" in m.__file__, m
print("adapter wheels ok")
PY
