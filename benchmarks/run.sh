#!/usr/bin/env bash
# Reproduces docs/performance.md: builds the agent and benchmarks jars (unless SKIP_BUILD=1), then
# runs the JMH benchmarks, the interleaved dispatch harness and the transition and replace
# harnesses, each in JVMs started with -javaagent:agent/target/jlivepatch-agent.jar. Results go to $OUT (default
# benchmarks/target/results): *.txt are the tables, *.err the engine's log and JVM noise.
# Extra JMH options may be given as arguments (they replace the defaults below).
# Takes about 5 minutes on 2 cores. Check `uptime` first: other work on the machine shows up as noise.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

out="${OUT:-benchmarks/target/results}"
mkdir -p "$out"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -DskipTests package
fi
jar=benchmarks/target/jlivepatch-benchmarks.jar
jmh_opts=("$@")
if [[ ${#jmh_opts[@]} -eq 0 ]]; then
  jmh_opts=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "uptime before: $(uptime)"
  java -version 2>&1
} > "$out/env.txt"
cat "$out/env.txt"

java -jar "$jar" jmh "${jmh_opts[@]}" -rf json -rff "$out/jmh.json" 2>"$out/jmh.err" | tee "$out/jmh.txt"
java -jar "$jar" dispatch 2>"$out/dispatch.err" | tee "$out/dispatch.txt"
java -jar "$jar" transitions 2>"$out/transitions.err" | tee "$out/transitions.txt"
java -jar "$jar" replace 2>"$out/replace.err" | tee "$out/replace.txt"
java -jar "$jar" startup 2>"$out/startup.err" | tee "$out/startup.txt"
java -jar "$jar" first 2>"$out/first.err" | tee "$out/first.txt"
java -jar "$jar" first --via cli 2>"$out/first-cli.err" | tee "$out/first-cli.txt"
echo "uptime after: $(uptime)" | tee -a "$out/env.txt"
