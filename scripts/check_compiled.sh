#!/usr/bin/env bash
# The opt-in mypyc build of the rules (pyproject.toml, [tool.hatch.build.targets.wheel.hooks.mypyc];
# docs/rules.md, "Speed"). Builds the compiled wheel, installs it with the bench and dev extras
# in a fresh venv, then fails unless:
#   - every rules module but _mypyc.py and the __init__ files is an extension module;
#   - a compiled editable install is refused, and the build left no compiled file in this checkout;
#   - its predictions on the snapshot corpus equal the pure build's (scripts/rules_snapshot.py);
#   - bad input raises the same errors, with the same messages, as in the pure build;
#   - the detector, eval and core tests pass against the installed compiled package.
#
#   bash scripts/check_compiled.sh
#
# The pure build is .venv, the editable install of this checkout that scripts/setup.sh makes
# (PURE_PYTHON=... overrides). Skips, saying so, only when there is no C compiler. About
# 5 minutes, 2-3 of them mypy + gcc; needs the package registry.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pure=${PURE_PYTHON:-$root/.venv/bin/python}
[ -x "$pure" ] || { echo "check_compiled: no pure build at $pure (run scripts/setup.sh)" >&2; exit 1; }

compiler=$("$pure" -c 'import os, shlex, sysconfig
print(shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")[0])')
if ! command -v "$compiler" >/dev/null 2>&1; then
    echo "check_compiled: SKIPPED, no C compiler ('$compiler' not found): the mypyc build was not built or checked" >&2
    exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
native_in_tree() {  # what hatch-mypyc's build_ext --inplace writes (hatch_build.py removes it)
    find "$root/memprivacy_plugins" -name '*.so' -o -name '*.pyd'
    find "$root" -maxdepth 1 -name '*__mypyc*'
}

# The pure build must be this checkout's source, with no compiled module in it.
(cd "$out" && "$pure" - "$root" <<'PY'
import sys
import memprivacy_plugins.detectors.rules.base as base
assert base.__file__ == f"{sys.argv[1]}/memprivacy_plugins/detectors/rules/base.py", base.__file__
print("pure build:", base.__file__)
PY
)
[ -z "$(native_in_tree)" ] || { echo "check_compiled: compiled files in the checkout:" >&2; native_in_tree >&2; exit 1; }

# sdist, then the wheel from the unpacked sdist: the compiler never writes into this checkout.
start=$SECONDS
if ! HATCH_BUILD_HOOK_ENABLE_MYPYC=true "$pure" -m build --outdir "$out/dist" . >"$out/build.log" 2>&1; then
    tail -n 60 "$out/build.log" >&2
    echo "check_compiled: the compiled build failed" >&2
    exit 1
fi
wheel=$(ls "$out"/dist/*.whl)
echo "compiled wheel built in $((SECONDS - start)) s: $(basename "$wheel")"
case "$wheel" in *-none-any.whl) echo "check_compiled: the wheel is pure Python" >&2; exit 1 ;; esac

"$pure" -m venv "$out/venv"
vpy="$out/venv/bin/python"
"$vpy" -m pip install -q --upgrade pip
"$vpy" -m pip install -q "$wheel[bench,dev]"

cd "$out"   # import the installed package, never this checkout
"$vpy" - "$root" <<'PY'
import importlib, importlib.machinery, sys
from pathlib import Path

root = Path(sys.argv[1])
native_suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
interpreted = {"_mypyc.py", "__init__.py"}
wrong, compiled = [], []
for py in sorted((root / "memprivacy_plugins/detectors/rules").rglob("*.py")):
    parts = py.relative_to(root).with_suffix("").parts
    name = ".".join(parts[:-1] if py.name == "__init__.py" else parts)
    module = importlib.import_module(name)
    assert "site-packages" in module.__file__, module.__file__
    native = module.__file__.endswith(native_suffixes)
    if native != (py.name not in interpreted):
        wrong.append(f"{name}: {module.__file__}")
    elif native:
        compiled.append(name)
if wrong:
    sys.exit("check_compiled: modules compiled or not as they should not be:\n  " + "\n  ".join(wrong))
print(f"{len(compiled)} rules modules compiled, e.g. {importlib.import_module(compiled[0]).__file__}")
PY

# A compiled editable install would leave modules that shadow edited .py files: refused.
if HATCH_BUILD_HOOK_ENABLE_MYPYC=true "$vpy" -m pip install -q --no-deps -e "$root" >"$out/editable.log" 2>&1; then
    echo "check_compiled: a compiled editable install was not refused" >&2
    exit 1
fi
grep -q "makes wheels only" "$out/editable.log" || { cat "$out/editable.log" >&2; exit 1; }
echo "compiled editable install refused"
[ -z "$(native_in_tree)" ] || { echo "check_compiled: compiled files in the checkout:" >&2; native_in_tree >&2; exit 1; }

# Same predictions as the pure build on the snapshot corpus (offsets and types, no values).
"$pure" "$root/scripts/rules_snapshot.py" save "$out/pure.snap"
"$vpy" "$root/scripts/rules_snapshot.py" check "$out/pure.snap"

# Bad input: the same exceptions and messages as the pure build (mypyc's own argument checks
# would raise TypeError where the detector raises InvalidTextError).
cat >"$out/bad_input.py" <<'PY'
from memprivacy_plugins.detectors.rules import RulesDetector

d = RulesDetector()
calls = {
    "user_name=5": lambda: d.detect(["x"], user_name=5),
    "user_name=bytes": lambda: d.detect(["x"], user_name=b"x"),
    "texts=str": lambda: d.detect("abc"),
    "item bytes": lambda: d.detect(["ok", b"x"]),
    "item None": lambda: d.detect([None]),
    "texts=5": lambda: d.detect(5),
    "texts=generator": lambda: d.detect(t for t in ["a@b.example"]),
    "extra_rules=[5]": lambda: RulesDetector(extra_rules=[5]),
    "rules=[object()]": lambda: RulesDetector(rules=[object()]),
    "subclass": lambda: type("Sub", (RulesDetector,), {})().detect(["x"]),
}
for name, call in calls.items():
    try:
        print(name, "returns", type(call()).__name__)
    except Exception as e:
        print(name, "raises", f"{type(e).__module__}.{type(e).__qualname__}: {e}")
PY
"$pure" "$out/bad_input.py" >"$out/bad_input.pure"
"$vpy" "$out/bad_input.py" >"$out/bad_input.compiled"
diff "$out/bad_input.pure" "$out/bad_input.compiled" || { echo "check_compiled: bad input is handled differently" >&2; exit 1; }
echo "bad input: the same $(wc -l <"$out/bad_input.pure") outcomes as the pure build"

# The tests, against the installed compiled package; the plugin fails the run otherwise.
mkdir "$out/plugin"
cat >"$out/plugin/compiled_only.py" <<'PY'
import importlib.machinery

import pytest


def pytest_collection_finish(session: pytest.Session) -> None:
    import memprivacy_plugins.detectors.rules.detector as detector

    if not detector.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
        raise pytest.UsageError(f"tests would run the pure build: {detector.__file__}")
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    reporter.write_line(f"testing the compiled build: {detector.__file__}")
PY
PYTHONPATH="$out/plugin" "$out/venv/bin/pytest" -q --import-mode=importlib -p no:cacheprovider \
    --rootdir "$root" -c "$root/pyproject.toml" -p compiled_only -p memprivacy_plugins.testing.leak_check \
    "$root/tests/detectors" "$root/tests/eval" "$root/tests/core"
echo "check_compiled: ok"
