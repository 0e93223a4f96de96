# Sourced by setup.sh and demo.sh: create and activate .venv, pin torch to the CPU wheel first
# so that no later requirement pulls a CUDA build.
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q "torch==2.13.0"
