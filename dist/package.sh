#!/usr/bin/env bash
# Builds the Debian package: the release binary, its man page and completions, then
# `cargo deb`. Prints the package's path. Needs cargo-deb (`cargo install cargo-deb`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p target/package
bin=target/release/tilskudd
# The English texts: a man page and completions are read by administrators too.
"$bin" --lang en man > target/package/tilskudd.1
"$bin" completions bash > target/package/tilskudd.bash
"$bin" completions zsh > target/package/_tilskudd
"$bin" completions fish > target/package/tilskudd.fish
cargo deb --no-build --quiet >/dev/null
ls -1 target/debian/tilskudd_*.deb | tail -n 1
