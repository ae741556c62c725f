"""Loads the generated `kith` module from target/bindings/python (bindings/generate.sh puts the
host-built libkith_ffi.so next to it)."""

import os
import sys

BINDINGS = os.environ.get(
    "KITH_PY_BINDINGS",
    os.path.join(os.path.dirname(__file__), "..", "..", "..", "target", "bindings", "python"),
)
sys.path.insert(0, os.path.abspath(BINDINGS))
