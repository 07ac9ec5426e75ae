#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# activ benchmark report: one Markdown table (median el/ns, activ / peer, activ / memcpy) and an SVG chart.
"""Summarise an activ_peers_bench (or activ_bench) run: a Markdown table and an SVG chart.

Usage:
  python3 bench/report.py BINARY [--svg FILE] [--json-out FILE] [--min-time S] [--filter REGEX]
                                 [--repetitions N] [-- EXTRA BENCHMARK ARGS...]
      runs BINARY --benchmark_repetitions=N --benchmark_report_aggregates_only=true
      --benchmark_format=json (N = 3, min time 0.1 s by default) and keeps its JSON with --json-out;
  python3 bench/report.py RESULTS.json [--svg FILE]
      reads such a run's output instead (--benchmark_format=json, or --benchmark_out=FILE
      --benchmark_out_format=json); repetitions without aggregates are reduced to their median.

Prints ONE Markdown table to stdout: per function (kind/op/dtype), size (n=..., shape=RxC,
shape=OxNxI along the middle dimension, or in=I,out=O,batch=B for activ_linear_bench, whose el/ns
counts multiply-adds) and
library, the median el/ns (elements per nanosecond; higher is faster), `activ ÷ this` (activ's el/ns
over this row's: above 1, activ is faster), `activ ÷ memcpy` (on activ's row: its bytes moved
per second, every stream read or written, over a copy's of the same n and dtype) and the largest difference from activ's output
(peer rows: counters max_ulp_vs_activ, and max_rel_vs_activ for softmax; max_rel_vs_activ alone
for the linear layer). activ's row is
library `activ`, or for activ_bench's output `activ-<isa>` with the isa the library picks itself.

Writes an SVG (default report.svg beside the JSON or in the current directory): one small chart per
function, el/ns against n (log2 x axis), one polyline per library, memcpy dashed; softmax against
the row length (cols); none for the linear layer's three-number sizes. Written as SVG text, with the standard library only.

Examples:
  python3 bench/report.py /tmp/peers-build/bench/activ_peers_bench --min-time 0.1 --svg peers.svg
  python3 bench/report.py peers.json --svg peers.svg > peers.md
"""

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys


def run_benchmark(binary, args):
    cmd = [binary, f"--benchmark_repetitions={args.repetitions}",
           "--benchmark_report_aggregates_only=true", "--benchmark_format=json",
           f"--benchmark_min_time={args.min_time}"]
    if args.filter:
        cmd.append(f"--benchmark_filter={args.filter}")
    cmd += args.extra
    print("running: " + " ".join(cmd), file=sys.stderr)
    # stderr (the binary's warnings) passes through to ours.
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            f.write(out)
    return json.loads(out)


def parse_name(run_name):
    """(group, size, library) for a row; group is (kind, op, dtype); memcpy gives ('memcpy', dtype)."""
    parts = run_name.split("/")
    if parts[0] == "memcpy" and len(parts) == 3:
        return ("memcpy", "", parts[1]), parts[2], "memcpy"
    if len(parts) == 5:
        return (parts[0], parts[1], parts[2]), parts[3], parts[4]
    return None


def size_elements(size):
    m = re.fullmatch(r"n=(\d+)", size)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"shape=(\d+)x(\d+)(?:x(\d+))?", size)
    if m:
        return int(m.group(1)) * int(m.group(2)) * int(m.group(3) or 1)
    return None


def size_x(size):
    """The chart's x value: n, or the softmax length (cols of RxC, n of OUTERxNxINNER)."""
    m = re.fullmatch(r"n=(\d+)", size)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"shape=(\d+)x(\d+)(?:x(\d+))?", size)
    return int(m.group(2)) if m else None


def collect(data):
    """rows: {(group, size, library): {'elns': median el/ns, 'ulp': max_ulp_vs_activ or None}}."""
    samples = {}
    order = []
    have_median = any(b.get("aggregate_name") == "median" for b in data.get("benchmarks", []))
    for b in data.get("benchmarks", []):
        if b.get("error_occurred"):
            print(f"skipped (error): {b.get('name')}: {b.get('error_message')}", file=sys.stderr)
            continue
        if have_median:
            if b.get("aggregate_name") != "median":
                continue
        elif b.get("run_type") == "aggregate":
            continue
        key = parse_name(b.get("run_name", b["name"]))
        if key is None or "el/ns" not in b:
            continue
        if key not in samples:
            samples[key] = []
            order.append(key)
        samples[key].append((b["el/ns"], b.get("max_ulp_vs_activ"), b.get("max_rel_vs_activ"),
                             b.get("bytes_per_second")))
    rows = {}
    for key in order:
        vals = samples[key]
        ulps = [u for _, u, _, _ in vals if u is not None]
        rels = [r for _, _, r, _ in vals if r is not None]
        bps = [b for _, _, _, b in vals if b]
        rows[key] = {"elns": statistics.median(v for v, _, _, _ in vals),
                     "bps": statistics.median(bps) if bps else None,
                     "ulp": max(ulps) if ulps else None, "rel": max(rels) if rels else None}
    return order, rows


def reference_library(libraries, context):
    if "activ" in libraries:
        return "activ"
    isa = context.get("activ_isa")
    if isa and f"activ-{isa}" in libraries:
        return f"activ-{isa}"
    return None


def fmt(v, digits=3):
    if v is None:
        return ""
    if v == 0:
        return "0"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.{digits}g}"


def fmt_diff(row):
    u, r = row["ulp"], row["rel"]
    if u is None:
        return f"rel {r:.1e}" if r is not None else ""
    text = f"{u:.0f} ULP" if u < 1e6 else f"{u:.2e} ULP"
    if r is not None:
        text += f", rel {r:.1e}"
    return text


def markdown(order, rows, context):
    libraries = {lib for (_, _, lib) in order}
    ref = reference_library(libraries, context)
    groups = []  # (group, [sizes]) in first-appearance order
    for (group, size, _) in order:
        if group[0] == "memcpy":
            continue
        for g, sizes in groups:
            if g == group:
                if size not in sizes:
                    sizes.append(size)
                break
        else:
            groups.append((group, [size]))
    lines = ["| function | size | library | el/ns (median) | activ ÷ this | activ ÷ memcpy "
             "| max diff vs activ |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for group, sizes in groups:
        fn = "/".join(group)
        for size in sizes:
            libs = [lib for (g, s, lib) in order if g == group and s == size]
            ref_row = rows.get((group, size, ref)) if ref else None
            mem = rows.get((("memcpy", "", group[2]), size, "memcpy"))
            for lib in libs:
                row = rows[(group, size, lib)]
                ratio = ""
                if ref_row and lib != ref and row["elns"] > 0:
                    ratio = f"{ref_row['elns'] / row['elns']:.2f}"
                vs_mem = ""
                if lib == ref and mem and mem["elns"] > 0:
                    # Bytes moved per ns where both rows count them (backward moves 3 streams to
                    # memcpy's 2), else elements.
                    if row["bps"] and mem["bps"]:
                        vs_mem = f"{row['bps'] / mem['bps']:.2f}"
                    else:
                        vs_mem = f"{row['elns'] / mem['elns']:.2f}"
                name = f"**{lib}**" if lib == ref else lib
                lines.append(f"| {fn} | {size} | {name} | {fmt(row['elns'])} | {ratio} | {vs_mem} "
                             f"| {fmt_diff(row)} |")
    return "\n".join(lines)


PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f"]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_chart(order, rows, context):
    libraries = []
    for (group, _, lib) in order:
        if group[0] != "memcpy" and lib not in libraries:
            libraries.append(lib)
    ref = reference_library(set(libraries), context)
    if ref in libraries:  # activ first, in the first colour
        libraries.remove(ref)
        libraries.insert(0, ref)
    color = {lib: PALETTE[i % len(PALETTE)] for i, lib in enumerate(libraries)}
    color["memcpy"] = "#555555"

    panels = []  # (title, xlabel, {library: [(x, y)]})
    seen = []
    for (group, _, _) in order:
        if group[0] != "memcpy" and group not in seen:
            seen.append(group)
    for group in seen:
        series = {}
        sizes = []
        for (g, size, lib) in order:
            if g != group:
                continue
            x = size_x(size)
            if x is None:
                continue
            series.setdefault(lib, []).append((x, rows[(g, size, lib)]["elns"]))
            if size not in sizes:
                sizes.append(size)
        if not series:
            continue
        is_shape = sizes[0].startswith("shape=")
        if not is_shape:
            for size in sizes:
                mem = rows.get((("memcpy", "", group[2]), size, "memcpy"))
                if mem:
                    series.setdefault("memcpy", []).append((size_x(size), mem["elns"]))
        for pts in series.values():
            pts.sort()
        if not is_shape:
            xlabel = "n (elements)"
        elif sizes[0].count("x") == 2:
            xlabel = "n, outer x n x inner shapes"
        else:
            xlabel = "row length (cols), rows x cols shapes"
        panels.append(("/".join(group), xlabel, series))
    if not panels:
        return None

    cols = min(3, len(panels))
    pw, ph = 340, 240          # panel size
    ml, mr, mt, mb = 52, 12, 26, 40  # plot margins inside a panel
    legend_h = 26
    nrows = (len(panels) + cols - 1) // cols
    width, height = cols * pw, legend_h + nrows * ph
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    # legend
    lx = 10
    for lib in libraries + ["memcpy"]:
        dash = ' stroke-dasharray="4 3"' if lib == "memcpy" else ""
        out.append(f'<line x1="{lx}" y1="13" x2="{lx + 22}" y2="13" stroke="{color[lib]}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{lx + 26}" y="17" font-size="11">{esc(lib)}</text>')
        lx += 40 + 7 * len(lib)
    out.append(f'<text x="{width - 10}" y="17" text-anchor="end" font-size="11">'
               'el/ns (elements per ns), higher is faster</text>')

    for i, (title, xlabel, series) in enumerate(panels):
        ox = (i % cols) * pw
        oy = legend_h + (i // cols) * ph
        x0, x1 = ox + ml, ox + pw - mr
        y0, y1 = oy + ph - mb, oy + mt
        xs = [x for pts in series.values() for x, _ in pts]
        ys = [y for pts in series.values() for _, y in pts]
        lo, hi = math.log2(min(xs)), math.log2(max(xs))
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        ymax = max(ys) * 1.08 if max(ys) > 0 else 1.0

        def px(x, lo=lo, hi=hi, x0=x0, x1=x1):
            return x0 + (math.log2(x) - lo) / (hi - lo) * (x1 - x0)

        def py(y, ymax=ymax, y0=y0, y1=y1):
            return y0 - y / ymax * (y0 - y1)

        out.append(f'<g><text x="{ox + pw / 2:.1f}" y="{oy + 16}" text-anchor="middle" '
                   f'font-size="12" font-weight="bold">{esc(title)}</text>')
        out.append(f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="none" '
                   'stroke="#999"/>')
        # y grid: 4 steps from 0
        for k in range(5):
            yv = ymax * k / 4
            yy = py(yv)
            out.append(f'<line x1="{x0}" y1="{yy:.1f}" x2="{x1}" y2="{yy:.1f}" stroke="#eee"/>')
            out.append(f'<text x="{x0 - 4}" y="{yy + 3:.1f}" text-anchor="end">{fmt(yv, 2)}</text>')
        # x ticks: the data points' x values
        for xv in sorted(set(xs)):
            xx = px(xv)
            label = f"2^{int(math.log2(xv))}" if xv & (xv - 1) == 0 else f"{xv:g}"
            out.append(f'<line x1="{xx:.1f}" y1="{y0}" x2="{xx:.1f}" y2="{y0 + 4}" stroke="#999"/>')
            out.append(f'<text x="{xx:.1f}" y="{y0 + 14}" text-anchor="middle">{label}</text>')
        out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{y0 + 30}" text-anchor="middle" fill="#444">'
                   f'{esc(xlabel)}</text>')
        for lib in libraries + ["memcpy"]:
            pts = series.get(lib)
            if not pts:
                continue
            dash = ' stroke-dasharray="4 3"' if lib == "memcpy" else ""
            coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{color[lib]}" '
                       f'stroke-width="1.8"{dash}><title>{esc(lib)}</title></polyline>')
            for x, y in pts:
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.2" fill="{color[lib]}">'
                           f'<title>{esc(lib)} {x}: {y:.3g} el/ns</title></circle>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("source", help="benchmark binary to run, or its JSON output")
    ap.add_argument("--svg", help="SVG chart to write (default: report.svg)")
    ap.add_argument("--json-out", help="when running the binary: keep its JSON here")
    ap.add_argument("--min-time", default="0.1", help="--benchmark_min_time (seconds; default 0.1)")
    ap.add_argument("--filter", help="--benchmark_filter regex")
    ap.add_argument("--repetitions", type=int, default=3, help="--benchmark_repetitions (default 3)")
    ap.add_argument("extra", nargs="*", help="after --: more arguments for the binary")
    args = ap.parse_args()

    src = args.source
    if os.path.isfile(src) and os.access(src, os.X_OK) and not src.endswith(".json"):
        data = run_benchmark(os.path.abspath(src), args)
        svg_default = "report.svg"
    else:
        with open(src, encoding="utf-8") as f:
            data = json.load(f)
        svg_default = os.path.join(os.path.dirname(os.path.abspath(src)), "report.svg")

    context = data.get("context", {})
    order, rows = collect(data)
    if not rows:
        sys.exit("report.py: no rows with an el/ns counter in the input")
    when = context.get("date", "")
    libs = context.get("libraries", "")
    isa = context.get("activ_isa", "")
    print(f"Run {when}; {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz"
          + (f"; activ_isa {isa}" if isa else "") + (f"; {libs}" if libs else "") + ".")
    print()
    print(markdown(order, rows, context))

    svg = svg_chart(order, rows, context)
    if svg:
        path = args.svg or svg_default
        with open(path, "w", encoding="utf-8") as f:
            f.write(svg)
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
