#!/usr/bin/env bash
# Create .venv (if missing) and install the core with every extra plus the three adapters,
# editable. torch is pinned to the CPU wheel first so no extra pulls a CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/_venv.sh
python -m pip install -q -e ".[all]" \
    -e "adapters/mem0[test]" \
    -e "adapters/langchain[langgraph,test]" \
    -e "adapters/llama-index[test]"
