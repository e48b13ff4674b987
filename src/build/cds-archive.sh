#!/usr/bin/env bash
# Builds target/metaopt.jsa, the AppCDS archive bin/metaopt uses for a cheap start-up: every class,
# the JDK's and metaopt.jar's, that `metaopt status` and `metaopt status --json` load in training
# runs on the example campaign, and `metaopt --version`. Each one: --json writes JSON where the
# human form prints lines, --version reads the version resource, and a class left out of the
# archive costs more to load from the jar than it did before there was an archive. Run by
# `mvn package` right after the jar is shaded.
# The JVM that later reads the archive checks it against itself and the jar (version, flags, jar
# size and time) and ignores it when they differ, so a stale or foreign archive only costs the
# speed-up. A failure here warns and leaves no archive: metaopt runs without one.
# usage: cds-archive.sh JAVA TARGET_DIR PROJECT_DIR (writes TARGET_DIR/metaopt.jsa{,.classpath})
set -uo pipefail
java="$1"
target="$(cd "$2" && pwd)"
example="$3/.ml-metaopt-example"
archive="$target/metaopt.jsa"
training="$target/cds-training"
rm -f "$archive" "$archive.classpath"
rm -rf "$training"
mkdir -p "$training" && cp -R "$example" "$training/.ml-metaopt" || {
  echo "[WARNING] cds-archive: cannot copy $example; no AppCDS archive" >&2
  exit 0
}
# The same flags as bin/metaopt (but the JIT thresholds it picks per command, which the archive
# does not depend on): the archive is only used by a JVM started like the one that made
# it. A static archive (class list, then -Xshare:dump) rather than -XX:ArchiveClassesAtExit: JDK 17
# keeps picocli's Java 5 class files out of a dynamic archive, and they are most of what a short
# command loads.
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
# One class list per run, merged: each class once (numbered anew), each @lambda line once.
train() { # train LIST METAOPT-ARGUMENTS...
  local list="$1"
  shift
  "$java" "${flags[@]}" -Xshare:off -XX:DumpLoadedClassList="$training/$list" \
    -jar "$target/metaopt.jar" "$@" >/dev/null 2>>"$training/training.err"
}
merge() {
  awk '/^#/ { next }
    /^@/ { if (!seen[$0]++) print; next }
    !seen[$1]++ { if ($2 == "id:") $3 = id++; print }' \
    "$training/human.lst" "$training/json.lst" "$training/version.lst" >"$training/classes.lst"
}
if ! train human.lst status -C "$training" || ! train json.lst status --json -C "$training" \
  || ! train version.lst --version || ! merge \
  || ! "$java" "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$training/classes.lst" \
    -XX:SharedArchiveFile="$archive" -cp "$target/metaopt.jar" \
    >"$training/dump.log" 2>&1; then
  echo "[WARNING] cds-archive: training or dump failed (see $training); no AppCDS archive" >&2
  rm -f "$archive"
else
  echo "$target/metaopt.jar" >"$archive.classpath" # the one jar path the archive serves
fi
rm -rf "$training/.ml-metaopt"
exit 0
