#!/usr/bin/env bash
# Regenerates crates/dateline_server/assets/countries-110m.json, the world map
# the web page draws, from the npm package world-atlas (pinned; ISC licence).
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.0.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@$version" >/dev/null && tar xzf "world-atlas-$version.tgz")
cp "$work/package/countries-110m.json" crates/dateline_server/assets/countries-110m.json
cp "$work/package/LICENSE" crates/dateline_server/assets/world-atlas.LICENSE
echo "vendored world-atlas@$version countries-110m.json"
