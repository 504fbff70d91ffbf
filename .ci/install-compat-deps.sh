#!/usr/bin/env bash
# Installs the official Okta SDKs that tests/tests/official_sdks.rs runs against okta-mock:
#   - Python `okta` (pinned in tests/compat/python/requirements.txt) into tests/compat/python/.venv
#   - Node `@okta/okta-sdk-nodejs` (pinned by tests/compat/node/package-lock.json) into node_modules
# Idempotent: a stamp holding the hash of the pin file skips work that is already done, so running
# it twice costs nothing. Needs python3 (with venv) and npm; reaches only PyPI and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

compat=tests/compat
python_bin="${PYTHON:-python3}"

fingerprint() {
  sha256sum "$@" | sha256sum | cut -d' ' -f1
}

install_python() {
  local dir="$compat/python"
  local venv="$dir/.venv"
  local stamp="$venv/.installed-requirements"
  local want
  want="$(fingerprint "$dir/requirements.txt")"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] &&
    "$venv/bin/python" -c 'import okta' 2>/dev/null; then
    echo "python okta SDK: already installed"
    return
  fi
  if [[ ! -x "$venv/bin/python" ]]; then
    "$python_bin" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$dir/requirements.txt"
  "$venv/bin/python" -c 'import okta' # fail here, not in the tests, if the install is broken
  echo "$want" >"$stamp"
  echo "python okta SDK: installed into $venv"
}

install_node() {
  local dir="$compat/node"
  local stamp="$dir/node_modules/.installed-lock"
  local want
  want="$(fingerprint "$dir/package.json" "$dir/package-lock.json")"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" &&
    -f "$dir/node_modules/@okta/okta-sdk-nodejs/package.json" ]]; then
    echo "node okta SDK: already installed"
    return
  fi
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
  echo "node okta SDK: installed into $dir/node_modules"
}

install_python
install_node
