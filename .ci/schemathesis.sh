#!/usr/bin/env bash
# Runs schemathesis (pinned in .ci/schemathesis/requirements.txt, from PyPI) against okta-mock on
# every operation of the trimmed spec, stateless and stateful phases. Passes only with zero 5xx,
# zero undocumented status codes and zero response-schema failures; the documented departures
# of real Okta from its spec (.ci/schemathesis/departures.yaml, explained in
# okta-mock/SPEC-DEPARTURES.md) are applied to a copy of the spec first.
#
# A fixed seed and example count keep the run reproducible and to a couple of minutes.
# Environment: OKTA_SPEC (the trimmed spec; default okta-client/spec/…), ST_EXAMPLES, ST_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."

here=.ci/schemathesis
venv="$here/.venv" # ignored by .gitignore's `.venv/`
spec="${OKTA_SPEC:-okta-client/spec/management-trimmed-users-groups-apps.yaml}"
examples="${ST_EXAMPLES:-25}"
seed="${ST_SEED:-20261130}"
token="schemathesis-token"

if [[ ! -f "$spec" ]]; then
  echo "schemathesis: the trimmed spec is missing at $spec (set OKTA_SPEC)" >&2
  exit 1
fi

stamp="$venv/.installed-requirements"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/schemathesis" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$here/requirements.txt"
  echo "$want" >"$stamp"
fi

cargo build --quiet -p okta-mock --bin okta-mock
port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
"${CARGO_TARGET_DIR:-target}/debug/okta-mock" --addr "127.0.0.1:$port" --token "$token" >"$work/mock.log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
  if "$venv/bin/python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

"$venv/bin/python" "$here/apply_departures.py" "$spec" "$here/departures.yaml" "$work/spec.yaml"

# Run from the scratch directory: schemathesis keeps a cache (.schemathesis/) in its working
# directory, which must not land in the repository.
st="$PWD/$venv/bin/schemathesis"
cd "$work"
"$st" run "$work/spec.yaml" \
  --url "http://127.0.0.1:$port" \
  --header "Authorization: SSWS $token" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$examples" \
  --seed "$seed" \
  --no-shrink \
  --workers 2 \
  --warnings off
