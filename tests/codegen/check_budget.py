#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The codegen check of one compiler and path: instructions per element of every entry point
against tests/codegen/budget.txt, and no kernel helper left out of line.

1. Runs activ_codegen (codegen_counts.cpp) under valgrind --tool=callgrind with ACTIV_ISA=<path>:
   each entry point is dumped at a size and twice that size, and (I(2n) - I(n)) / n is its
   instructions per element, the call's fixed cost cancelled. Instruction counts are the same
   on every run of the same binary, whatever the machine is doing.
2. Fails when a count exceeds its budget by more than 3%, or an entry point has no budget line;
   prints a note where one fell by more than 3% (update the budget to keep the gain).
3. Disassembles the program (objdump; for --path avx512 only this) and fails when a function of the path's kernel namespace
   is out of line and is not one of the kernels' own entry points or per-row functions (a
   vector type's constructor, an operator, a lambda, std::array::operator[] ...), or when one of
   those calls anything else: the defect that made Linear 14x slower under GCC.

ACTIV_CODEGEN_UPDATE=1 rewrites this compiler's and path's lines of the budget with today's
counts (say why in the commit message). With no line at all for the compiler, the check is
skipped (exit 77), unless ACTIV_CODEGEN_REQUIRED=1 (CI).
"""
import argparse
import fcntl
import os
import re
import subprocess
import sys
import tempfile

TOLERANCE = 0.03

# Out-of-line functions a kernel namespace may hold: the entry points of dispatch.hpp, and the
# per-row, per-block and rare-case functions they call (one call per row or block, never one
# per vector).
ALLOWED_KERNEL_FUNCTIONS = {
    "forward_n", "derivative_n", "backward_n",
    "channel_prelu_forward", "channel_prelu_backward", "channel_prelu_weight_gradient",
    "softmax_rows", "log_softmax_rows", "softmax_backward_rows", "log_softmax_backward_rows",
    "softmax_row", "log_softmax_row", "softmax_backward_row", "log_softmax_backward_row",
    "softmax_fibres", "log_softmax_fibres", "softmax_backward_fibres",
    "log_softmax_backward_fibres", "row_max", "exp_sum", "dot", "sum",
    "linear_forward", "linear_backward_input", "linear_backward_params",
    "outer_product", "outer_product_packed", "outer_product_any", "outer_block",
    "fma_scaled",  # SSE2's emulated double fma, its rare scaled case (noinline by design)
}
# Calls out of the kernels that are allowed: libm's fma where the scalar path has no fma
# instruction (the base x86-64 ABI), memset and memcpy where the compiler turns a zero-fill or copy
# loop into one, and the stack protector's failure handler.
ALLOWED_EXTERNAL_CALLS = {"fma", "fmaf", "memset", "memcpy", "memmove", "__stack_chk_fail"}

NAMESPACES = {"scalar": "scalar", "sse2": "sse2", "avx2": "avx2", "avx512": "avx512"}
# Paths valgrind can run; the others (AVX-512) get the disassembly check only.
COUNTED_PATHS = {"scalar", "sse2", "avx2"}


def run_callgrind(args):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, ACTIV_ISA=args.path)
        cmd = [args.valgrind, "--tool=callgrind", "--callgrind-out-file=" + out,
               "--combine-dumps=yes", "--dump-instr=no", "--compress-strings=no", args.program]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"codegen: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        if f"ran on {args.path}" not in proc.stdout:
            sys.exit(f"codegen: the program did not run on {args.path}: {proc.stdout.strip()}")
        totals, name = {}, None
        with open(out) as f:
            for line in f:
                prefix = "desc: Trigger: Client Request: "
                if line.startswith(prefix):
                    name = line[len(prefix):].strip()
                elif line.startswith("totals:") and name:
                    totals[name] = int(line.split()[1])
                    name = None
    counts = {}
    for tag, total in totals.items():
        entry, size = tag.rsplit("@", 1)
        counts.setdefault(entry, {})[int(size)] = total
    per_element = {}
    for entry, by_size in counts.items():
        (n, a), (n2, b) = sorted(by_size.items())
        if n2 != 2 * n:
            sys.exit(f"codegen: {entry}: sizes {n} and {n2}, not n and 2n")
        per_element[entry] = (b - a) / n
    return per_element


def base_name(symbol):
    """activ::v0_base::detail::avx2::forward_n<...>(...) [clone .constprop.0] -> forward_n"""
    symbol = re.sub(r" \[clone [^\]]*\]", "", symbol)
    depth, cut = 0, len(symbol)
    for i, ch in enumerate(symbol):  # the name ends at the first '(' outside template brackets
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "(" and depth == 0:
            cut = i
            break
    name, depth, out = symbol[:cut], 0, []
    for ch in name:  # drop template arguments
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out).split(" ")[-1]


def check_disassembly(args):
    """Returns a list of problems: out-of-line helpers in the path's kernels, foreign calls."""
    ns = re.compile(r"activ::v0_[a-z0-9]+::detail::" + NAMESPACES[args.path] + r"::")
    dis = subprocess.run([args.objdump, "-d", "-C", "--no-show-raw-insn", args.program],
                         capture_output=True, text=True, check=True).stdout
    problems, current, in_kernels = [], None, False
    for line in dis.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            current = m.group(1)
            in_kernels = bool(ns.search(current.split("(")[0]))
            if in_kernels:
                name = base_name(current).split("::")[-1]
                if name not in ALLOWED_KERNEL_FUNCTIONS:
                    problems.append(f"out of line: {current}")
            continue
        if not in_kernels or "\tcall" not in line:
            continue
        target = re.search(r"<(.*)>", line)
        if not target:
            problems.append(f"indirect call in {base_name(current)}: {line.strip()}")
            continue
        callee = re.sub(r"@plt$", "", target.group(1))
        callee_name = base_name(callee).split("::")[-1]
        if ns.search(callee.split("(")[0]):
            ok = callee_name in ALLOWED_KERNEL_FUNCTIONS
        else:
            ok = callee_name in ALLOWED_EXTERNAL_CALLS
        if not ok:
            problems.append(f"{base_name(current)} calls {callee}")
    return sorted(set(problems))


def read_budget(path):
    with open(path) as f:
        lines = f.read().splitlines()
    header = [l for l in lines if l.startswith("#") or not l.strip()]
    rows = {}
    for l in lines:
        if l.startswith("#") or not l.strip():
            continue
        compiler, isa, entry, count = l.split()
        rows[(compiler, isa, entry)] = float(count)
    return header, rows


def write_budget(path, header, rows):
    width = max(len(e) for (_, _, e) in rows) if rows else 10
    with open(path, "w") as f:
        f.write("\n".join(header).rstrip("\n") + "\n")
        for (compiler, isa, entry), count in sorted(rows.items()):
            f.write(f"{compiler:<8} {isa:<7} {entry:<{width}} {count:10.3f}\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--program", required=True)
    p.add_argument("--path", required=True, choices=sorted(NAMESPACES))
    p.add_argument("--compiler", required=True, help="e.g. gcc12, clang14")
    p.add_argument("--budget", required=True)
    p.add_argument("--valgrind", default="valgrind")
    p.add_argument("--objdump", default="objdump")
    args = p.parse_args()

    update = os.environ.get("ACTIV_CODEGEN_UPDATE") == "1"
    problems = check_disassembly(args)
    for problem in problems:
        print(f"FAIL codegen {args.compiler} {args.path}: {problem}")
    if args.path not in COUNTED_PATHS:
        print(f"codegen {args.compiler} {args.path}: disassembly only (valgrind cannot run it), "
              f"{len(problems)} out-of-line helpers or calls")
        return 1 if problems else 0

    counts = run_callgrind(args)
    # Several paths run at once under ctest -j: the budget is read and rewritten under a lock.
    with open(args.budget, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        header, rows = read_budget(args.budget)
        if update:
            for key in [k for k in rows if k[0] == args.compiler and k[1] == args.path]:
                del rows[key]
            for entry, count in counts.items():
                rows[(args.compiler, args.path, entry)] = round(count, 3)
            write_budget(args.budget, header, rows)
            print(f"codegen: wrote {len(counts)} budget lines for {args.compiler} {args.path}")
            return 1 if problems else 0

    if not any(k[0] == args.compiler for k in rows):
        print(f"codegen: budget.txt has no line for {args.compiler}; "
              "ACTIV_CODEGEN_UPDATE=1 ctest -L codegen writes them")
        if os.environ.get("ACTIV_CODEGEN_REQUIRED") == "1":
            return 1
        return 77

    failures = len(problems)
    print(f"{'entry point':<52} {'budget':>9} {'today':>9} {'change':>8}   "
          f"({args.compiler}, {args.path}, instructions per element)")
    for entry in sorted(counts):
        count = counts[entry]
        budget = rows.get((args.compiler, args.path, entry))
        if budget is None:
            print(f"FAIL {entry:<47} {'none':>9} {count:9.3f}   (no budget line)")
            failures += 1
            continue
        change = (count - budget) / budget if budget else (0.0 if count == 0 else float("inf"))
        verdict = "FAIL" if change > TOLERANCE else ("less" if change < -TOLERANCE else "  ok")
        if verdict == "FAIL":
            failures += 1
        print(f"{verdict} {entry:<47} {budget:9.3f} {count:9.3f} {change:+8.1%}")
    stale = [k[2] for k in rows if k[0] == args.compiler and k[1] == args.path and k[2] not in counts]
    for entry in stale:
        print(f"note: budget line {entry} matches no entry point (update the budget)")
    print(f"codegen {args.compiler} {args.path}: {len(counts)} entry points, "
          f"{failures} failing (growth above {TOLERANCE:.0%}, missing budget, out-of-line code)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
