#!/bin/sh
# Refresh the vendored browser assets in static/vendor/ from the npm registry (see static/vendor/README.md).
set -eu
HTMX_VERSION=2.0.11
ECHARTS_VERSION=6.1.0
cd "$(dirname "$0")/.."
DEST="$PWD/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "htmx.org@$HTMX_VERSION" "echarts@$ECHARTS_VERSION" >/dev/null
mkdir h e
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C h
tar xzf "echarts-$ECHARTS_VERSION.tgz" -C e
mkdir -p "$DEST/htmx" "$DEST/echarts/licenses"
cp h/package/dist/htmx.min.js h/package/LICENSE "$DEST/htmx/"
cp e/package/dist/echarts.common.min.js e/package/LICENSE e/package/NOTICE "$DEST/echarts/"
cp e/package/licenses/* "$DEST/echarts/licenses/"
echo "已更新 static/vendor/（htmx $HTMX_VERSION，ECharts $ECHARTS_VERSION）"
