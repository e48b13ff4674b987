#!/usr/bin/env bash
# Regenerates .ml-metaopt-example/ at the repository root: the directory a finished quickstart
# campaign leaves behind. Runs the quickstart in a scratch copy (nothing here is modified) and
# keeps everything except per-trial logs, the HTML reports (1 MB each) and the lock file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ -f "$root/target/metaopt.jar" ] || (cd "$root" && mvn -B -ntp -q package -DskipTests)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$root"/examples/quickstart/{Train.java,build.sh,ml_metaopt_campaign.yaml} "$scratch/"
"$root/bin/metaopt" preflight "$scratch/ml_metaopt_campaign.yaml"
"$root/bin/metaopt" run -q "$scratch/ml_metaopt_campaign.yaml"
rm -rf "$root/.ml-metaopt-example"
cp -r "$scratch/.ml-metaopt" "$root/.ml-metaopt-example"
rm -f "$root/.ml-metaopt-example/lock"
rm -f "$root"/.ml-metaopt-example/*.html "$root"/.ml-metaopt-example/reports/*.html  # 1 MB each (ECharts inlined)
find "$root/.ml-metaopt-example/local-sweeps" -mindepth 2 -maxdepth 2 -name trials -exec rm -rf {} +
echo "wrote $root/.ml-metaopt-example"
