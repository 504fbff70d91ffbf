#!/usr/bin/env bash
# The three published crates package and build from their own package contents, as crates.io
# and docs.rs would see them: `cargo package` copies each crate's files into
# target/package/NAME-VERSION/ and builds it there. `--workspace` packages them together, so
# okta-scenarios is verified against the okta-mock and okta-client just packaged (through a
# temporary local registry), not against crates.io versions that do not exist yet.
# Also checks that each package carries its README and LICENSE and nothing that must not ship.
set -euo pipefail
cd "$(dirname "$0")/.."

crates=(okta-client okta-mock okta-scenarios)
selection=()
for c in "${crates[@]}"; do selection+=(-p "$c"); done

# The verification build uses the workspace's dev profile (no debug info for dependencies), so
# that it does not fill the disk with a second, full-debug copy of every dependency.
profile=(--config 'profile.dev.debug="line-tables-only"' --config 'profile.dev.package."*".debug=false')

echo "== package contents"
for c in "${crates[@]}"; do
  list="$(cargo package -p "$c" --list --allow-dirty)"
  for required in Cargo.toml README.md LICENSE src/lib.rs; do
    grep -qx "$required" <<<"$list" || { echo "package $c lacks $required"; exit 1; }
  done
  # Never: build output, CI scripts, editor or VCS leftovers.
  if grep -E '^(target/|\.ci/|\.git|.*~$)' <<<"$list"; then
    echo "package $c ships the files above, which must not ship"; exit 1
  fi
  echo "$c: $(wc -l <<<"$list") files"
done
cargo package -p okta-mock --list --allow-dirty | grep -qx 'scenarios/default.json' \
  || { echo "okta-mock must ship scenarios/default.json (include_str!)"; exit 1; }

echo "== cargo package (build each crate from its package contents)"
# Cargo unpacks the just-packaged crates from its temporary local registry into
# $CARGO_HOME/registry/src/-HASH/ (the hash of that registry's path, the same on every run) and
# reuses an earlier unpacking of the same version: okta-mock would then be verified against an
# older okta-client. Remove earlier unpackings of our crates first (crates.io's are untouched).
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/{okta-client,okta-mock,okta-scenarios}-[0-9]*
cargo package "${selection[@]}" "${profile[@]}" --allow-dirty
ls -l "${CARGO_TARGET_DIR:-target}"/package/*.crate
