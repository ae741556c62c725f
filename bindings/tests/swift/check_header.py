#!/usr/bin/env python3
"""The Swift tier where no Swift compiler exists: compiles the generated C header through its
modulemap with clang (what Swift's ClangImporter reads), links the static library, and checks
that the library's contract version and every API checksum equal the constants the generated
Swift file was built with, then makes one real call through the scaffolding.

    check_header.py SWIFT_DIR STATIC_LIB WORK_DIR
Prints `N passed, N failed`; exits non-zero on any failure."""

import pathlib
import re
import subprocess
import sys

swift_dir, static_lib, work = (pathlib.Path(a) for a in sys.argv[1:4])
swift = next(swift_dir.glob("*.swift")).read_text()
header = next(swift_dir.glob("*FFI.h"))
modulemap = next(swift_dir.glob("*.modulemap"))
module = re.search(r"module\s+(\w+)", modulemap.read_text()).group(1)

contract = int(re.search(r"let bindings_contract_version = (\d+)", swift).group(1))
checksums = re.findall(r"if \((uniffi_\w+_checksum_\w+)\(\) != (\d+)\)", swift)
contract_fn = re.search(r"(ffi_\w+_uniffi_contract_version)\(\)", swift).group(1)
prefix = contract_fn[: -len("uniffi_contract_version")]  # ffi_<namespace>_
namespace = prefix[len("ffi_"):]
if not checksums:
    sys.exit("no checksums found in the Swift file")

checks = "\n".join(f'    check("{name}", {name}() == {value});' for name, value in checksums)
program = f"""
#include "{header.name}" /* through the module map: -fmodules */
#include <stdio.h>
#include <string.h>

static int passed, failed;
static void check(const char *what, int ok) {{
    if (ok) passed++; else {{ failed++; fprintf(stderr, "FAILED %s\\n", what); }}
}}

int main(void) {{
    check("contract version", {contract_fn}() == {contract});
{checks}
    /* One real call: core_version() returns a RustBuffer holding UTF-8. */
    RustCallStatus status = {{0}};
    RustBuffer version = uniffi_{namespace}fn_func_core_version(&status);
    check("core_version call", status.code == 0 && version.len > 0);
    {prefix}rustbuffer_free(version, &status);
    check("rustbuffer_free", status.code == 0);
    printf("%d passed, %d failed\\n", passed, failed);
    return failed != 0;
}}
"""
work.mkdir(parents=True, exist_ok=True)
source = work / "header_check.c"
source.write_text(program)
binary = work / "header_check"
subprocess.run(
    ["clang", "-std=c11", "-fmodules", f"-fmodules-cache-path={work / 'modules'}",
     f"-fmodule-map-file={modulemap}", f"-I{swift_dir}", "-Wall", "-Werror", "-Wno-nullability-completeness",
     str(source), str(static_lib), "-lpthread", "-ldl", "-lm", "-o", str(binary)],
    check=True,
)
print(f"{len(checksums)} API checksums and the contract version ({contract}) checked against {header.name}")
sys.exit(subprocess.run([str(binary)]).returncode)
