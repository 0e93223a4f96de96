#!/usr/bin/env bash
# Create .venv (if missing) and install the core with every extra plus the three adapters,
# editable. torch is pinned to the CPU wheel first so no extra pulls a CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q "torch==2.13.0"
python -m pip install -q -e ".[all]" \
    -e "adapters/mem0[test]" \
    -e "adapters/langchain[langgraph,test]" \
    -e "adapters/llama-index[test]"
