#!/usr/bin/env bash
# Instructions per message of RulesDetector.detect over the dev set, counted by valgrind:
# identical between back-to-back runs (fixed hash seed; across hours the same code moved by up to 3 %,
# so compare revisions back to back) where wall-clock times on a shared machine move by 30 %.
#   bash scripts/count_instructions.sh [PACKAGE_PARENT_DIR]   (default: the repository)
# Needs valgrind (apt-get install valgrind). About a minute.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkg=${1:-$root}
py=${PYTHON:-python}
prog='
import json, sys
from memprivacy_plugins.detectors.rules import RulesDetector
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
d = RulesDetector()
for r in rows: d.detect([r["text"]], user_name=r["user_name"])  # warm up
for _ in range(int(sys.argv[2])):
    for r in rows: d.detect([r["text"]], user_name=r["user_name"])
'
export PYTHONHASHSEED=0  # set and dict orders (and so the work done) vary with the seed: +-3 %
count() {
  (cd /tmp && PYTHONPATH="$pkg" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$py" -c "$prog" "$root/data/dev/dev.jsonl" "$1" 2>&1 | grep -o "Collected : [0-9]*" | grep -o "[0-9]*")
}
zero=$(count 0 || true); two=$(count 2 || true)
if [ -z "$zero" ] || [ -z "$two" ]; then
  echo "count_instructions: the run failed (is valgrind installed, and \$PYTHON a Python with the package's dependencies?)" >&2
  exit 1
fi
n=$(wc -l < "$root/data/dev/dev.jsonl")
echo "$pkg: $(( (two - zero) / 2 / n )) instructions per message"
