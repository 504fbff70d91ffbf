#!/usr/bin/env bash
# Runs the okta-rs benchmarks and writes BENCHMARKS.md.
#
#   bench/run.sh           full sizes; installs what is missing (wrk, the official Python and
#                          Node SDKs), builds in release, writes BENCHMARKS.md
#   bench/run.sh --tiny    every suite on tiny sizes (CI smoke run, well under 2 minutes);
#                          installs nothing, skips rows whose tool is missing, and writes to a
#                          temporary file, never to BENCHMARKS.md
#
# Any other argument is passed to `okta-bench all` (e.g. `--users 50000`).
set -euo pipefail
cd "$(dirname "$0")/.."

tiny=0
extra=()
for arg in "$@"; do
  case "$arg" in
    --tiny) tiny=1 ;;
    *) extra+=("$arg") ;;
  esac
done

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

install_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "wrk missing and no apt-get: suite 1 will be skipped"; return 0; }
  echo "== installing wrk"
  as_root apt-get install -y wrk >/dev/null 2>&1 ||
    { as_root apt-get update >/dev/null && as_root apt-get install -y wrk >/dev/null; } ||
    echo "could not install wrk: suite 1 will be skipped"
}

install_sdks() {
  if [[ -x .ci/install-compat-deps.sh ]]; then
    echo "== installing the official SDKs (.ci/install-compat-deps.sh)"
    bash .ci/install-compat-deps.sh || echo "SDK install failed: their rows will be skipped"
    return 0
  fi
  echo "== installing the official SDKs (pip/npm)"
  local py=tests/compat/python/.venv
  if [[ ! -x $py/bin/python ]]; then
    python3 -m venv "$py" || true
  fi
  "$py/bin/python" -m pip install --quiet okta==3.4.6 || echo "Python SDK install failed: its row will be skipped"
  mkdir -p tests/compat/node
  npm install --prefix tests/compat/node --no-audit --no-fund --loglevel=error @okta/okta-sdk-nodejs@8.1.0 ||
    echo "Node SDK install failed: its row will be skipped"
}

if [[ $tiny -eq 0 ]]; then
  install_wrk
  install_sdks
fi

cmdline="bench/run.sh${*:+ $*}"
target_dir="${CARGO_TARGET_DIR:-target}"
if [[ $tiny -eq 1 ]]; then
  # The smoke run only checks that every suite runs: it reuses the debug build that the tests
  # made instead of compiling the workspace a second time in release.
  echo "== building okta-bench (debug)"
  cargo build -p okta-bench
  bin="$target_dir/debug/okta-bench"
else
  echo "== building okta-bench (release)"
  cargo build --release -p okta-bench
  bin="$target_dir/release/okta-bench"
fi

if [[ $tiny -eq 1 ]]; then
  out="$(mktemp "${TMPDIR:-/tmp}/okta-bench-tiny.XXXXXX.md")"
  "$bin" all --tiny --out "$out" --command-line "$cmdline" ${extra[@]+"${extra[@]}"}
else
  out=BENCHMARKS.md
  "$bin" all --out "$out" --command-line "$cmdline" ${extra[@]+"${extra[@]}"}
fi
echo "== report: $out"
