#!/usr/bin/env python3
"""The notebooks' editions: the student edition made from the solved notebooks, and the checks that tie them.

    python3 notebooks/editions.py student OUT_DIR NOTEBOOK.ipynb...   write student editions into OUT_DIR
    python3 notebooks/editions.py failing EXECUTED.ipynb...           a student edition, executed with errors
                                                                      allowed: each exercise check failed on
                                                                      its assertion, and nothing else failed
    python3 notebooks/editions.py same-code EN_DIR KO_DIR             ko notebooks: cell for cell the English
                                                                      ones, code cells identical
    python3 notebooks/editions.py sizes NOTEBOOK.ipynb...             each notebook has 10-25 cells (issue 19:
                                                                      short enough to read in one sitting)

An exercise lives in a code cell as a solution region:

    // BEGIN SOLUTION
    ...the solution...
    // STUB: return Nd4j.zeros(x.size(0), Wh.size(1));
    // END SOLUTION

The student edition keeps the lines outside the region, and of the region only the STUB lines, uncommented,
under a "your code here" line. A stub must compile and return a wrong answer of the right shape, so that the
exercise's check cell (its first line starts with "// CHECK") fails on the check's own assertion, not on a
missing method. Standard library only: this runs wherever Jupyter does.
"""
import json
import os
import sys

BEGIN, STUB, END, CHECK = "// BEGIN SOLUTION", "// STUB:", "// END SOLUTION", "// CHECK"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def is_check(cell):
    return cell["cell_type"] == "code" and source(cell).lstrip().startswith(CHECK)


def fail(message):
    print("editions: " + message, file=sys.stderr)
    sys.exit(1)


def student_source(text, where):
    out, inside, stubs = [], False, 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            if inside:
                fail(f"{where}, line {number}: a solution region opens inside another")
            inside, stubs = True, 0
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "// YOUR CODE HERE: replace the line(s) below")
        elif stripped.startswith(END):
            if not inside:
                fail(f"{where}, line {number}: {END} without {BEGIN}")
            if stubs == 0:
                fail(f"{where}, line {number}: a solution region without a {STUB} line")
            inside = False
        elif inside:
            if stripped.startswith(STUB):
                indent = line[: len(line) - len(line.lstrip())]
                out.append(indent + stripped[len(STUB):].strip())
                stubs += 1
        else:
            out.append(line)
    if inside:
        fail(f"{where}: a solution region is not closed")
    return "\n".join(out)


def student(out_dir, notebooks):
    os.makedirs(out_dir, exist_ok=True)
    for path in notebooks:
        nb = load(path)
        regions = checks = 0
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            text = source(cell)
            regions += text.count(BEGIN)
            checks += is_check(cell)
            new = student_source(text, f"{os.path.basename(path)}, cell {index + 1}")
            cell["source"] = new.splitlines(keepends=True)
            cell["outputs"], cell["execution_count"] = [], None
        if regions == 0 or checks == 0:
            fail(f"{path}: no exercise (solution region) or no check cell")
        with open(os.path.join(out_dir, os.path.basename(path)), "w", encoding="utf-8") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"editions: student edition of {os.path.basename(path)}: {regions} solution regions, {checks} checks")


def error_text(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return " ".join([output.get("ename", ""), output.get("evalue", "")] + output.get("traceback", []))
    return None


def failing(executed):
    bad = []
    for path in executed:
        nb = load(path)
        failed_checks = 0
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            error = error_text(cell)
            where = f"{os.path.basename(path)}, cell {index + 1}"
            if is_check(cell):
                if error is None:
                    bad.append(f"{where}: the check PASSED on the student's stub (it checks nothing)")
                elif "java.lang.AssertionError" not in error:
                    bad.append(f"{where}: the check failed, but not on its assertion: {error[:200]}")
                else:
                    failed_checks += 1
            elif error is not None:
                bad.append(f"{where}: a cell that is not a check failed: {error[:200]}")
        print(f"editions: {os.path.basename(path)} (student edition): {failed_checks} checks fail on the stubs, as they must")
    if bad:
        fail("\n  ".join(["the student edition is wrong:"] + bad))


def same_code(en_dir, ko_dir):
    bad, compared = [], 0
    for name in sorted(os.listdir(ko_dir)):
        if not name.endswith(".ipynb"):
            continue
        en_path = os.path.join(en_dir, name)
        if not os.path.exists(en_path):
            bad.append(f"ko/{name}: no English notebook of that name")
            continue
        en, ko = load(en_path)["cells"], load(os.path.join(ko_dir, name))["cells"]
        if [c["cell_type"] for c in en] != [c["cell_type"] for c in ko]:
            bad.append(f"ko/{name}: the cells are not the English ones' kinds in the same order")
            continue
        for index, (e, k) in enumerate(zip(en, ko)):
            if e["cell_type"] == "code" and source(e) != source(k):
                bad.append(f"ko/{name}, cell {index + 1}: the code differs from the English notebook's")
            if e["cell_type"] == "markdown" and source(e) == source(k) and source(e).strip():
                bad.append(f"ko/{name}, cell {index + 1}: the prose is the English text, not translated")
        compared += 1
    missing = sorted(n for n in os.listdir(en_dir) if n.endswith(".ipynb") and not os.path.exists(os.path.join(ko_dir, n)))
    if missing:
        print("editions: no Korean edition yet: " + ", ".join(missing))
    if bad:
        fail("\n  ".join(["the Korean edition does not match:"] + bad))
    print(f"editions: {compared} Korean notebooks match their English code cell for cell")


def sizes(notebooks, low=10, high=25):
    bad = []
    for path in notebooks:
        count = len(load(path)["cells"])
        if not low <= count <= high:
            bad.append(f"{os.path.basename(path)}: {count} cells")
    if bad:
        fail("\n  ".join([f"notebooks outside {low}-{high} cells (split or tighten them):"] + bad))
    print(f"editions: {len(notebooks)} notebooks of {low}-{high} cells each")


def main(args):
    if len(args) >= 3 and args[0] == "student":
        student(args[1], args[2:])
    elif len(args) >= 2 and args[0] == "failing":
        failing(args[1:])
    elif len(args) == 3 and args[0] == "same-code":
        same_code(args[1], args[2])
    elif len(args) >= 2 and args[0] == "sizes":
        sizes(args[1:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
