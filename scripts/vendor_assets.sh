#!/usr/bin/env bash
# Refresh the dashboard's bundled front-end files from the npm registry (no CDN at run time).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
cd "$work"
npm init -y >/dev/null
npm install --silent chart.js@4.5.1 topojson-client@3.1.0 world-atlas@2.0.2
dest="$here/src/communique/api/static/vendor"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/topojson-client/dist/topojson-client.min.js \
   node_modules/world-atlas/countries-110m.json "$dest/"
echo "copied into $dest"
