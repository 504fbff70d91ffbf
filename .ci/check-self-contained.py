#!/usr/bin/env python3
"""Fails when a tracked file reads from outside the repository.

A fresh clone has nothing beside it, so the build, the tests and the scripts may only read files
inside the clone. This check looks at every quoted path in tracked Rust, shell, Python, JavaScript
and TOML files (include_str!/include_bytes!, fs reads, `Path::join`, `cd`, `source`...):

- a path that names the reference folder `shared/` that sits beside a developer's checkout, or
  an absolute path into /work, fails;
- a relative path with `..` fails when it climbs above the repository root, resolved from the
  file's own folder for include_str!/include_bytes!/#[path] and scripts, and from the crate's
  folder for any other Rust string (paths joined to CARGO_MANIFEST_DIR, or read relative to the
  working directory, which cargo sets to the crate's folder for tests).

Usage: python3 .ci/check-self-contained.py   (from anywhere inside the clone)
       python3 .ci/check-self-contained.py --self-test   (the check finds what it must find)
Exit status: 0 when every path stays inside, 1 with one line per offending path otherwise.
"""

import os
import re
import subprocess
import sys

SUFFIXES = (".rs", ".sh", ".py", ".js", ".mjs", ".toml")
# Files without a suffix that are scripts.
SCRIPTS = {".ci/run"}
QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\'')
OUTSIDE_NAMES = re.compile(r"(^|[^A-Za-z0-9_])(\.\./)+shared(/|$)|^/work/|[\"']/work/")
THIS_FILE = ".ci/check-self-contained.py"


def repo_root():
    out = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
    )
    return os.path.realpath(out.stdout.strip())


def tracked_files(root):
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True, check=True
    )
    for path in out.stdout.split("\0"):
        if path and (path.endswith(SUFFIXES) or path in SCRIPTS) and path != THIS_FILE:
            yield path


def crate_dir(root, rel_dir):
    """The nearest folder at or above rel_dir holding a Cargo.toml (the crate's folder)."""
    d = rel_dir
    while True:
        if os.path.isfile(os.path.join(root, d, "Cargo.toml")):
            return d
        if d in ("", "."):
            return ""
        d = os.path.dirname(d)


def climbs_out(root, base_rel, path):
    """True when `path` (relative, maybe starting with '/') resolved from base_rel leaves root."""
    path = path.lstrip("/")  # concat!(env!("CARGO_MANIFEST_DIR"), "/../x") starts with '/'
    resolved = os.path.normpath(os.path.join(root, base_rel, path))
    return not (resolved == root or resolved.startswith(root + os.sep))


def problems(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    here = os.path.dirname(rel)
    for number, line in enumerate(lines, 1):
        bases = {here}
        if rel.endswith(".rs") and "include_" not in line and "#[path" not in line:
            # Not resolved by the compiler from this file: joined to CARGO_MANIFEST_DIR, or
            # read relative to the working directory, which cargo sets to the crate's folder.
            bases = {crate_dir(root, here)}
        texts = [m.group(1) if m.group(1) is not None else m.group(2) for m in QUOTED.finditer(line)]
        if rel.endswith(".sh") or rel in SCRIPTS:
            texts.append(line)  # scripts name paths unquoted too: `cat ../x`
        for text in texts:
            if OUTSIDE_NAMES.search(text):
                yield f"{rel}:{number}: names a folder outside the repository: {text}"
                continue
            for piece in re.split(r"[\s\"'()$]+", text):
                if ".." not in piece.split("/"):
                    continue
                if any(climbs_out(root, base, piece) for base in bases):
                    yield f"{rel}:{number}: climbs above the repository root: {piece}"


def self_test():
    """Runs the check on a throw-away repository: each bad read is found, each good one is not."""
    import tempfile

    files = {
        "Cargo.toml": "[workspace]\n",
        "a/Cargo.toml": "[package]\n",
        "a/src/lib.rs": 'const S: &str = include_str!("../../shared/okta/spec.yaml");\n'
        'const OK: &str = include_str!("../../b/ok.json");\n',
        "a/src/io.rs": 'fn f() { std::fs::read("../../outside.txt"); }\n'
        'fn g() { std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../b/ok.json")); }\n',
        "a/tests/t.rs": 'const X: &str = include_str!("../../../x.txt");\n',
        "b/ok.json": "{}\n",
        "run.sh": 'cd "$(dirname "$0")"\ncat ../neighbour/file\n',
    }
    want = {
        "a/src/lib.rs:1",
        "a/src/io.rs:1",
        "a/tests/t.rs:1",
        "run.sh:2",
    }
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in files.items():
            os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(tmp, rel), "w", encoding="utf-8") as f:
                f.write(text)
        subprocess.run(["git", "init", "-q", tmp], check=True)
        subprocess.run(["git", "-C", tmp, "add", "-A"], check=True)
        root = os.path.realpath(tmp)
        found = {p.split(": ")[0] for rel in tracked_files(root) for p in problems(root, rel)}
    if found != want:
        print(f"self-test failed: found {sorted(found)}, wanted {sorted(want)}", file=sys.stderr)
        return 1
    print("self-test: every read from outside was found, and no read from inside")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = repo_root()
    found = list(dict.fromkeys(p for rel in tracked_files(root) for p in problems(root, rel)))
    for p in found:
        print(p)
    if found:
        print(
            f"{len(found)} read(s) from outside the repository: vendor the file into the "
            "repository (see okta-client/spec/NOTICE for how the Okta spec is kept) and read it "
            "from there.",
            file=sys.stderr,
        )
        return 1
    print("self-contained: no tracked file reads from outside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
