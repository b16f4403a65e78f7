#!/usr/bin/env bash
# Whole-program benchmarks: builds the release binary, makes sure sqlite3, tmux and less
# are there, and prints the tables for BENCHMARKS.md (then the server's writes beside the
# sqlite3 peer the script prints). SIZES="1000 10000" and RUNS=5 narrow it.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in sqlite3 tmux less; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null
  fi
done
cargo build --release --quiet
python3 bench/run.py
echo
cargo bench --quiet --bench server 2>/dev/null
