#!/usr/bin/env bash
# Front-end assets of the dashboard, offline: install the pinned npm packages
# (package-lock.json) and copy the files the page loads into the git-ignored
# src/flarewatch/web/static/vendor/. No CDN is ever used at run time.
# --ignore-scripts: no package needs a build step, and swagger-ui-dist's @scarf/scarf
# dependency would otherwise try to report the install to an outside host.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
    echo "install_frontend: npm not found; the dashboard and /docs will lack their assets" >&2
    exit 0
fi
SCARF_ANALYTICS=false npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

modules=node_modules
vendor=src/flarewatch/web/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/markercluster" "$vendor/swagger-ui" \
    "$vendor/topojson" "$vendor/world-atlas"

cp "$modules/leaflet/dist/leaflet.js" "$modules/leaflet/dist/leaflet.css" "$vendor/leaflet/"
cp "$modules/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$modules/leaflet.markercluster/dist/leaflet.markercluster.js" \
    "$modules/leaflet.markercluster/dist/MarkerCluster.css" \
    "$modules/leaflet.markercluster/dist/MarkerCluster.Default.css" "$vendor/markercluster/"
cp "$modules/topojson-client/dist/topojson-client.min.js" "$vendor/topojson/"
cp "$modules/world-atlas/countries-50m.json" "$modules/world-atlas/LICENSE" "$vendor/world-atlas/"
cp "$modules/swagger-ui-dist/swagger-ui-bundle.js" "$modules/swagger-ui-dist/swagger-ui.css" \
    "$modules/swagger-ui-dist/favicon-32x32.png" "$vendor/swagger-ui/"
echo "install_frontend: assets copied to $vendor"
