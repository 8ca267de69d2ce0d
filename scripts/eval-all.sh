#!/usr/bin/env bash
# Score dateline on every development set in ../shared/eval (and the seeds),
# printing each scorer's one-line summary. Needs a checkout with ../shared.
#   bash scripts/eval-all.sh [path/to/dateline]   (default: target/release/dateline)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/dateline}"
shared="${SHARED:-$root/../shared}"
[ -x "$bin" ] || { echo "eval-all: $bin not found; run: cargo build --release" >&2; exit 2; }
[ -d "$shared/eval" ] || { echo "eval-all: $shared/eval not found (set SHARED=...)" >&2; exit 2; }
status=0
for set in "$shared/seeds" "$shared"/eval/ner/conll_dev "$shared"/eval/geo/* "$shared"/eval/time/* \
           "$shared/eval/ecbplus" "$shared/eval/gvdb" "$shared/eval/case21"; do
  [ -f "$set/scorer" ] || continue
  name="${set#"$shared"/}"
  if line=$(bash "$shared/eval/run.sh" "$set" "$bin" 2>/dev/null | tail -n 1); then
    printf '%-22s %s\n' "$name" "$line"
  else
    printf '%-22s FAILED\n' "$name"; status=1
  fi
done
exit $status
