#!/usr/bin/env bash
# Sourced by ./grounded and bench/run: find_jdk prints the home of a JDK >= 21 (JAVA_HOME first, else the newest found).

java_major() { # prints the major version of the java binary $1, or 0
  local v
  v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}') || true
  v=${v#1.}
  echo "${v%%[.+-]*}" | grep -E '^[0-9]+$' || echo 0
}

find_jdk() {
  local best="" best_v=0 home v
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.jdks/*; do
    [[ -n "$home" && -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    v=$(java_major "$home/bin/java")
    if (( v >= 21 && v > best_v )); then best="$home"; best_v=$v; fi
    # JAVA_HOME wins when it is recent enough
    if [[ "$home" == "${JAVA_HOME:-}" ]] && (( v >= 21 )); then echo "$home"; return; fi
  done
  [[ -n "$best" ]] && echo "$best"
}
