#!/usr/bin/env python3
"""The requirement tables of docs/spec.md, section 1, for the build and for a check.

docs/spec.md is the one place where the requirements are written. Its section 1 holds two
Markdown tables whose rows are `| ID | wording | source |`: ids `PJ-...` (v2.1) and `PV-...`
(later versions). This script reads them (Python 3, standard library only):

  spec_requirements.py c SPEC OUTDIR
      writes OUTDIR/spec_v21.inc and OUTDIR/spec_later.inc, the rows as C initializers
      `{"ID", "wording"},` that reports/requirements.c includes (the build runs this);
  spec_requirements.py check SPEC CASES
      checks that every id a `covers` line of a case file under CASES names is in SPEC, and
      that every id of SPEC is covered by some case file; prints one line per problem
      (`file:line: ...`) and exits 1 when there is one (the ctest spec.requirements);
  spec_requirements.py list SPEC
      prints the ids, one a line, in the page's order.

A malformed page gives `SPEC:LINE: what was expected` and exit 2.
"""

import os
import re
import sys

ID_RE = re.compile(r"^P[JV]-[A-Z0-9]+(?:-[A-Z0-9]+)*$")
SECTION_RE = re.compile(r"^## 1\. ")


class SpecError(Exception):
    pass


def split_row(line):
    """The cells of a Markdown table row; `\\|` is a | inside a cell."""
    body = line.strip()
    if not (body.startswith("|") and body.endswith("|")):
        return None
    cells, cell, i = [], [], 1
    while i < len(body) - 1:
        ch = body[i]
        if ch == "\\" and body[i + 1] == "|":
            cell.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(ch)
        i += 1
    cells.append("".join(cell).strip())
    return cells


def read_spec(path):
    """[(id, wording, line)] of section 1, in the page's order."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise SpecError("%s: cannot open: %s" % (path, e.strerror))
    except UnicodeDecodeError:
        raise SpecError("%s: expected UTF-8 text" % path)
    rows, seen, inside = [], {}, False
    for n, line in enumerate(lines, 1):
        if line.startswith("## "):
            inside = bool(SECTION_RE.match(line))
            continue
        if not inside:
            continue
        cells = split_row(line)
        if not cells or not cells[0].startswith(("PJ-", "PV-")):
            continue
        ident = cells[0]
        if not ID_RE.match(ident):
            raise SpecError("%s:%d: expected a requirement id such as PJ-STATES, got '%s'"
                            % (path, n, ident))
        if len(cells) != 3 or not cells[1] or not cells[2]:
            raise SpecError("%s:%d: expected | id | requirement | source | for %s"
                            % (path, n, ident))
        if ident in seen:
            raise SpecError("%s:%d: %s is already listed at line %d"
                            % (path, n, ident, seen[ident]))
        seen[ident] = n
        rows.append((ident, cells[1], n))
    if not any(r[0].startswith("PJ-") for r in rows):
        raise SpecError("%s: expected the requirement table (rows | PJ-… | … | … |) in "
                        "section 1 ('## 1. …')" % path)
    return rows


def c_string(text):
    """text as a C string literal (UTF-8 bytes kept as they are)."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def write_if_changed(path, text):
    """Writes text to path unless it is there already (make then rebuilds nothing)."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def cmd_c(spec, outdir):
    rows = read_spec(spec)
    os.makedirs(outdir, exist_ok=True)
    for name, prefix in (("spec_v21.inc", "PJ-"), ("spec_later.inc", "PV-")):
        text = ["/* Generated from docs/spec.md, section 1, by scripts/spec_requirements.py:"
                " edit the page, not this file. */\n"]
        for ident, wording, _ in rows:
            if ident.startswith(prefix):
                text.append("{%s, %s},\n" % (c_string(ident), c_string(wording)))
        write_if_changed(os.path.join(outdir, name), "".join(text))
    return 0


def case_files(root):
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".test"):
                yield os.path.join(folder, name)


def cmd_check(spec, cases):
    rows = read_spec(spec)
    known = {r[0]: r[2] for r in rows}
    covered, problems, nfiles = set(), [], 0
    for path in case_files(cases):
        nfiles += 1
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                words = line.split()
                if not words or words[0] != "covers":
                    continue
                for ident in words[1:]:
                    covered.add(ident)
                    if ident not in known:
                        problems.append("%s:%d: covers %s, which %s does not list"
                                        % (path, n, ident, spec))
    if nfiles == 0:
        problems.append("%s: no case files (*.test)" % cases)
    for ident, _, n in rows:
        if ident not in covered:
            problems.append("%s:%d: %s is covered by no case file under %s"
                            % (spec, n, ident, cases))
    for p in problems:
        print(p)
    print("spec requirements: %d ids, %d case files, %d problem(s)"
          % (len(rows), nfiles, len(problems)))
    return 1 if problems else 0


def main(argv):
    usage = ("usage: spec_requirements.py c SPEC OUTDIR | check SPEC CASES | list SPEC")
    try:
        if len(argv) == 4 and argv[1] == "c":
            return cmd_c(argv[2], argv[3])
        if len(argv) == 4 and argv[1] == "check":
            return cmd_check(argv[2], argv[3])
        if len(argv) == 3 and argv[1] == "list":
            for ident, _, _ in read_spec(argv[2]):
                print(ident)
            return 0
    except SpecError as e:
        print(e, file=sys.stderr)
        return 2
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
