#!/usr/bin/env python3
"""The declared MSRV holds: no dependency in the lock file asks for a newer rustc than the
workspace's `rust-version`, and no language feature newer than it is used.

CI has one toolchain (the newest), so the MSRV cannot be built here. Instead:
- every package in `cargo metadata` (the resolved lock file: normal, build and dev dependencies)
  that declares a `rust-version` must declare one at or below ours;
- std APIs newer than the MSRV are refused by clippy's `incompatible_msrv` lint (on by default,
  it reads `rust-version`), which CI runs with `-D warnings`;
- let chains (stable in 1.88, edition 2024) are refused when the MSRV is below 1.88, since
  neither rustc nor clippy flags them on a newer toolchain.
Packages without a `rust-version` are listed, not judged.
"""

import json
import pathlib
import re
import subprocess
import sys


def version(text):
    parts = [int(p) for p in re.findall(r"\d+", text)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    members = set(meta["workspace_members"])
    declared = {
        p["name"]: p.get("rust_version") for p in meta["packages"] if p["id"] in members
    }
    missing = [name for name, rv in declared.items() if not rv]
    if missing:
        sys.exit(f"msrv: workspace members without rust-version: {', '.join(missing)}")
    msrv = min(version(rv) for rv in declared.values())
    msrv_text = ".".join(map(str, msrv))

    too_new, unknown = [], []
    for p in meta["packages"]:
        if p["id"] in members:
            continue
        rv = p.get("rust_version")
        if not rv:
            unknown.append(f"{p['name']} {p['version']}")
        elif version(rv) > msrv:
            too_new.append(f"{p['name']} {p['version']} needs rustc {rv}")

    root = pathlib.Path(meta["workspace_root"])
    let_chains = []
    if msrv < (1, 88, 0):
        for path in root.glob("*/**/*.rs"):
            if "target" in path.parts:
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"&&\s*let\s", line) or re.search(r"\bif\s+let\b.*&&\s*let\b", line):
                    let_chains.append(f"{path.relative_to(root)}:{n}")

    print(f"msrv: declared rust-version {msrv_text}; {len(meta['packages'])} packages checked, "
          f"{len(unknown)} declare none")
    if too_new or let_chains:
        for line in too_new:
            print(f"msrv: {line}, above {msrv_text}")
        for line in let_chains:
            print(f"msrv: let chain (rustc 1.88) at {line}, above {msrv_text}")
        sys.exit(1)


if __name__ == "__main__":
    main()
