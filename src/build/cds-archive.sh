#!/usr/bin/env bash
# Builds target/metaopt.jsa, the AppCDS archive bin/metaopt uses for a cheap start-up: every class,
# the JDK's and metaopt.jar's, that `metaopt status` loads in a training run on the example
# campaign (which covers `metaopt --version`). Run by `mvn package` right after the jar is shaded.
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
if ! "$java" "${flags[@]}" -Xshare:off -XX:DumpLoadedClassList="$training/classes.lst" \
    -jar "$target/metaopt.jar" status -C "$training" >/dev/null 2>"$training/training.err" \
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
