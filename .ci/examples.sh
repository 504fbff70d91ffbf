#!/usr/bin/env bash
# Every example runs to completion on the mock org it starts itself (clippy --all-targets has
# already compiled them); test_against_mock's tests run in `cargo test --workspace`.
set -euo pipefail
cd "$(dirname "$0")/.."

for example in list_and_update_users stream_with_progress errors_and_rate_limits test_against_mock; do
  echo "-- cargo run -p okta-mock --example $example"
  timeout 300 cargo run --quiet -p okta-mock --example "$example"
done
