#!/usr/bin/env python3
"""Fails when the Rust core's modules import each other in a cycle.

Two levels are checked: files (a `use` of `super::x` or `crate::a::b` is an edge to the file
that defines it, following `pub use` re-exports of a folder's mod.rs to the child that
defines the name) and top-level modules (the same edges, folded to their first segment).
`mod` declarations and the re-exports themselves are not edges. Test modules are skipped.
Usage: module-cycles.py [SRC_DIR] (default: src-tauri/core/src).
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "src-tauri/core/src"


def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return tuple(rel)


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    # Unit tests may use anything of the module they test.
    cut = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)
    return text[: cut.start()] if cut else text


def expand(tree):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]."""
    tree = re.sub(r"\s+", "", tree)
    i = tree.find("{")
    if i < 0:
        return [re.sub(r"\bas\w+$", "", tree.split(" as ")[0])]
    prefix, inner = tree[:i], tree[i + 1 : tree.rfind("}")]
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    return [p for part in parts if part for p in expand(prefix + part)]


files = {}
for root, _, names in os.walk(SRC):
    for name in names:
        if name.endswith(".rs") and "bin" not in os.path.relpath(root, SRC).split(os.sep):
            path = os.path.join(root, name)
            files[module_of(path)] = strip(open(path, encoding="utf-8").read())

USE = re.compile(r"(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);")
INLINE = re.compile(r"\b(?:crate|super)(?:::\w+)+")

reexports = {}  # (module, name) -> full path it re-exports
for module, text in files.items():
    for m in USE.finditer(text):
        if m.group(1):
            for path in expand(m.group(2)):
                name = path.split("::")[-1]
                reexports[(module, name)] = path


def absolute(module, path):
    segs = path.split("::")
    if segs[0] == "crate":
        base, segs = (), segs[1:]
    elif segs[0] in ("super", "self"):
        base = module
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    else:
        return None
    return base, segs


def resolve(module, path, seen=0):
    found = absolute(module, path)
    if found is None or seen > 8:
        return None
    target, segs = found
    for seg in segs:
        if target + (seg,) in files:
            target = target + (seg,)
        else:
            again = reexports.get((target, seg))
            if again and again != path:
                deeper = resolve(target, again, seen + 1)
                if deeper:
                    return deeper
            break
    return target


edges = {m: set() for m in files}
for module, text in files.items():
    uses = []
    for m in USE.finditer(text):
        if not m.group(1):
            uses.extend(expand(m.group(2)))
    body = USE.sub("", text)
    uses.extend(INLINE.findall(body))
    for path in uses:
        target = resolve(module, path)
        if target is not None and target in files and target != module:
            # A module's own ancestors (its mod.rs chain) are where it was declared.
            if module[: len(target)] != target:
                edges[module].add(target)


def cycles(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def name(m):
    return "::".join(m) or "crate"


top = {}
for a, targets in edges.items():
    for b in targets:
        if a[:1] != b[:1] and a and b:
            top.setdefault(a[:1], set()).add(b[:1])

problems = []
for comp in cycles(edges):
    problems.append("files: " + " <-> ".join(sorted(name(m) for m in comp)))
for comp in cycles(top):
    why = []
    for a in comp:
        for (src, dst) in ((s, d) for s in edges for d in edges[s] if s[:1] == a):
            if dst[:1] in comp and dst[:1] != a:
                why.append(f"{name(src)} -> {name(dst)}")
    problems.append(
        "modules: " + " <-> ".join(sorted(name(m) for m in comp)) + "\n    " + "\n    ".join(sorted(why))
    )
if problems:
    print("Import cycles in " + SRC + ":\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"No import cycles among {len(files)} files of {SRC}.")
