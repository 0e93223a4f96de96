#!/usr/bin/env bash
# The whole test suite, from a fresh clone: creates .venv, installs the core and every
# adapter, starts a private PostgreSQL, checks that every distribution builds a wheel that
# installs and imports in a clean venv and that the opt-in mypyc-compiled rules build agrees
# with the pure one, then runs pytest over the core, the adapters and the notebooks.
# Offline apart from the package registries.
#
#   bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
. .venv/bin/activate

export MEMPRIVACY_TEST_PG_DSN="$(bash scripts/postgres.sh start | tail -n 1)"
export MEMPRIVACY_REQUIRE_PG=1           # Postgres tests fail, never skip, when the server is gone
export MEM0_TELEMETRY=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1
export ANONYMIZED_TELEMETRY=False TOKENIZERS_PARALLELISM=false
export MEM0_DIR="${MEM0_DIR:-$(mktemp -d)}"

bash scripts/check_wheels.sh
bash scripts/check_compiled.sh   # skips only without a C compiler

python -m pytest --import-mode=importlib -p no:cacheprovider \
    tests adapters/mem0/tests adapters/langchain/tests adapters/llama-index/tests \
    --nbmake notebooks -p memprivacy_plugins.testing.leak_check "$@"
