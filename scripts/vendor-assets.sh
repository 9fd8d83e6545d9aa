#!/bin/sh
# Refresh the vendored browser assets in static/vendor/ from the npm registry (see static/vendor/README.md).
set -eu
HTMX_VERSION=2.0.11
ECHARTS_VERSION=6.1.0
TOM_SELECT_VERSION=2.6.2
cd "$(dirname "$0")/.."
DEST="$PWD/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "htmx.org@$HTMX_VERSION" "echarts@$ECHARTS_VERSION" "tom-select@$TOM_SELECT_VERSION" >/dev/null
mkdir h e t
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C h
tar xzf "echarts-$ECHARTS_VERSION.tgz" -C e
tar xzf "tom-select-$TOM_SELECT_VERSION.tgz" -C t
mkdir -p "$DEST/htmx" "$DEST/echarts/licenses"
cp h/package/dist/htmx.min.js h/package/LICENSE "$DEST/htmx/"
cp e/package/dist/echarts.common.min.js e/package/LICENSE e/package/NOTICE "$DEST/echarts/"
cp e/package/licenses/* "$DEST/echarts/licenses/"
mkdir -p "$DEST/tom-select"
cp t/package/dist/js/tom-select.complete.min.js t/package/dist/css/tom-select.css t/package/LICENSE "$DEST/tom-select/"
echo "$TOM_SELECT_VERSION" > "$DEST/tom-select/VERSION"
echo "已更新 static/vendor/（htmx $HTMX_VERSION，ECharts $ECHARTS_VERSION，Tom Select $TOM_SELECT_VERSION）"
