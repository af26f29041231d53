#!/usr/bin/env python3
"""Function length: no function under libfootprint/ is longer than 150 lines.

A function that needs section comments to be read wants to be several
functions (the house style; issue 12 asks for none over 150 lines). This check measures every
function body in libfootprint/include and libfootprint/src and fails naming
file:line, the function and its length when one is over the limit.

A function's length is counted from the line of its name to the line of its
closing brace, both included, blank and comment lines too (what a reader
scrolls through). Lambdas and local classes belong to the function around them;
a lambda bound to a variable at namespace or class scope counts as a function of
that name. Comments, string and character literals (raw strings too) and
preprocessor lines are blanked before braces are matched.

    function_length.py LIBFOOTPRINT_DIR   scan the tree, exit 1 naming every offender
    function_length.py --self-test        only the check of the checker
    function_length.py --list DIR         print every function's length, longest first

Known offenders that others are splitting now are listed, each with its owner's
reason, in function_length_allow.txt next to this script (one
`path-relative-to-libfootprint  function-name  # reason` a line). An entry that
no longer matches a long function is itself an error, so the list can only
shrink. Every run first checks the checker on fabricated sources, so a broken
scan cannot pass silently.
"""
import os
import re
import sys

LIMIT = 150
SUFFIXES = (".hpp", ".cpp", ".h", ".hpp.in")
ALLOW_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "function_length_allow.txt")


def blank_non_code(text):
    """The text with comments, literals and preprocessor lines replaced by spaces; newlines kept."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            i += 1
            at_line_start = True
            continue
        if at_line_start and c in " \t":
            out.append(c)
            i += 1
            continue
        if at_line_start and c == "#":  # preprocessor line, with its continuations
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append("  \n")
                    i += 2
                    continue
                out.append(" ")
                i += 1
            continue
        at_line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
            continue
        m = re.compile(r'(?:u8|u|U|L)?R"([^(\s]{0,16})\(').match(text, i)
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find(")" + m.group(1) + '"', m.end())
            end = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
            continue
        if c in "\"'":
            # A ' between digits is a digit separator (1'000), not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (min(j + 1, n) - i))
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def strip_templates(header):
    """header without `template <...>` heads (their `=` defaults are not initialisers)."""
    out, i = [], 0
    for m in re.finditer(r"\btemplate\s*<", header):
        if m.start() < i:
            continue
        out.append(header[i:m.start()])
        depth, j = 1, m.end()
        while j < len(header) and depth:
            depth += {"<": 1, ">": -1}.get(header[j], 0)
            j += 1
        i = j
    out.append(header[i:])
    return "".join(out)


def paren_depth_zero(header):
    """header with everything inside (...) and [...] removed."""
    out, depth = [], 0
    for ch in header:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


NAME_BEFORE_PAREN = re.compile(
    r"((?:[A-Za-z_]\w*\s*(?:<[^()]*>)?\s*::\s*)*(?:operator\s*(?:\(\)|[^\s(]+|\s\w[\w:<> ]*)|~?[A-Za-z_]\w*))\s*\($")


def function_name(header):
    """The name of the function whose body a `{` after header opens, or None for any other block."""
    h = strip_templates(header)
    # An operator's symbol would confuse the scan (`operator()`, `operator<`): parse it as
    # `operator_` and put the symbol back in the name.
    op = re.search(r"\boperator\s*(\(\)|[^\s(\w]+)", h)
    h = re.sub(r"\boperator\s*(\(\)|[^\s(\w]+)", "operator_", h)
    top = paren_depth_zero(h)
    if re.match(r"\s*(?:inline\s+)?namespace\b", top) or re.match(r'\s*extern\s*$', top):
        return None
    if "=" in top:
        # A lambda bound to a name at namespace or class scope: `auto f = [](...) {`.
        m = re.search(r"([A-Za-z_]\w*)\s*=\s*\[[^\]]*\]\s*(?:\([^)]*\))?[^=]*$", h)
        if m and re.search(r"\[[^\]]*\]\s*(?:\(.*\))?\s*(?:mutable|constexpr|noexcept|->[^{]*)*\s*$", h):
            return m.group(1) + " (lambda)"
        return None
    if re.search(r"\b(class|struct|union|enum)\b", top) and "(" not in h.split("{")[0].split(":")[0]:
        return None
    if "(" not in h:
        return None
    # The name is the identifier just before the first parenthesis at depth zero.
    depth = 0
    for k, ch in enumerate(h):
        if ch == "(":
            if depth == 0:
                m = NAME_BEFORE_PAREN.search(h[:k + 1])
                if m:
                    name = re.sub(r"\s+", "", m.group(1))
                    return name.replace("operator_", "operator" + op.group(1)) if op else name
                return None
            depth += 1
        elif ch == ")":
            depth -= 1
    return None


def functions(text):
    """[(name, first line, last line)] of every function body in a C++ source text."""
    code = blank_non_code(text)
    found = []
    # Each open block: (kind, name, first line). kind: 'scope' (namespace, class, extern "C"),
    # 'function', 'init' (a brace initialiser in a constructor's member list), 'other'.
    stack = []
    header, header_start = "", 0
    header_braces = 0
    line = 1
    for pos, ch in enumerate(code):
        if ch == "\n":
            line += 1
        in_function = any(kind == "function" for kind, _, _ in stack)
        if in_function:
            if ch == "{":
                stack.append(("other", None, line))
            elif ch == "}" and stack:
                kind, name, first = stack.pop()
                if kind == "function":
                    found.append((name, first, line))
                    header, header_start = "", pos + 1
            continue
        if ch == "{" and header.count("(") > header.count(")"):
            # A brace inside a parameter list (a default argument `= {}`) belongs to the header.
            header_braces += 1
            header += ch
            continue
        if ch == "}" and header_braces:
            header_braces -= 1
            header += ch
            continue
        if ch == "{":
            stripped = header.rstrip()
            is_member_init = (re.search(r"\)\s*(?:noexcept\s*)?:\s*(?!:)", paren_depth_zero_keep(stripped))
                              and re.search(r"[\w>]$", stripped)
                              and not re.search(r"\b(?:const|noexcept|override|final|mutable)$", stripped))
            if is_member_init:
                stack.append(("init", None, line))
                header += ch
                continue
            name = function_name(header)
            if name:
                first = line_of_name(code, header_start, pos, name)
                stack.append(("function", name, first))
            elif re.search(r"\b(namespace|class|struct|union|extern)\b", paren_depth_zero(strip_templates(header))) \
                    and "=" not in paren_depth_zero(strip_templates(header)):
                stack.append(("scope", None, line))
            else:
                stack.append(("other", None, line))
            header, header_start = "", pos + 1
        elif ch == "}":
            kind = stack.pop()[0] if stack else "scope"
            if kind == "init":
                header += ch
                continue
            header, header_start = "", pos + 1
        elif ch == ";" and not (stack and stack[-1][0] == "init"):
            header, header_start = "", pos + 1
        else:
            header += ch
    return found


def paren_depth_zero_keep(header):
    """header with the insides of parentheses blanked but the parentheses kept."""
    out, depth = [], 0
    for ch in header:
        if ch == "(":
            if depth == 0:
                out.append(ch)
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0:
                out.append(ch)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def line_of_name(code, start, end, name):
    """Line number of the function's name within code[start:end] (where its declaration starts)."""
    bare = re.split(r"::", name.replace(" (lambda)", ""))[-1]
    key = "operator" if bare.startswith("operator") else bare
    k = code.rfind(key, start, end)
    k = start if k < 0 else k
    # Skip leading whitespace of the header.
    return code.count("\n", 0, k) + 1


def check(files, allow):
    """files: {rel path: text}; allow: {(rel path, name): reason}.

    Returns (problems, long functions allowed)."""
    problems, allowed_seen = [], set()
    for rel in sorted(files):
        for name, first, last in functions(files[rel]):
            length = last - first + 1
            if length <= LIMIT:
                continue
            if (rel, name) in allow:
                allowed_seen.add((rel, name))
                continue
            problems.append(f"{rel}:{first}: {name} is {length} lines (limit {LIMIT}); split it into "
                            f"one function per concern")
    for rel, name in sorted(set(allow) - allowed_seen):
        problems.append(f"{os.path.basename(ALLOW_FILE)}: '{rel} {name}' is no longer over {LIMIT} lines "
                        f"(or no longer exists); remove it from the allow-list")
    return problems, sorted(allowed_seen)


def read_allow(path):
    allow = {}
    if not os.path.exists(path):
        return allow
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            body, _, reason = raw.partition("#")
            fields = body.split()
            if not fields:
                continue
            if len(fields) != 2 or not reason.strip():
                raise SystemExit(f"{path}:{number}: expected `path function  # reason`")
            allow[(fields[0], fields[1])] = reason.strip()
    return allow


def self_test():
    long_body = "\n".join(f"    x += {i};" for i in range(LIMIT))
    fabricated = {
        "src/a.cpp": (
            '#include <string>\n'
            'namespace footprint {\n'
            'namespace {\n'
            'int short_one(int x) {\n    return x + 1;\n}\n'
            '}  // namespace\n'
            # 2 + LIMIT lines: the signature line, the body, the closing brace. Braces in
            # comments and literals must not confuse the count.
            'int too_long(int x) {  // { not a brace\n' + long_body + '\n'
            '    const char* s = "}}}"; char c = \'}\'; auto r = R"x(}})x";\n'
            '    auto l = [&](int y) { return y; };\n'
            '    return x;\n}\n'
            'struct holder {\n'
            '    holder(int a) : a_(a), b_{a} {\n' + long_body + '\n    }\n'
            '    int a_, b_;\n'
            '};\n'
            'int exactly_limit(int x) {\n' + "\n".join(f"    x += {i};" for i in range(LIMIT - 2)) + '\n}\n'
            'template <typename T, typename = void>\n'
            'auto shape::area() const -> double {\n' + long_body + '\n}\n'
            'const auto table = std::array{1, 2, 3};\n'
            'int with_default(const std::string& s = {}, int n = int{1}) {\n' + long_body + '\n}\n'
            'bool holder::operator<(const holder& o) const { return a_ < o.a_; }\n'
            '}  // namespace footprint\n'),
        "src/b.cpp": 'void allowed_long() {\n' + long_body + '\n}\n',
    }
    allow = {("src/b.cpp", "allowed_long"): "fabricated", ("src/b.cpp", "gone"): "fabricated"}
    got, seen = check(fabricated, allow)
    want = [
        f"src/a.cpp:8: too_long is {LIMIT + 5} lines (limit {LIMIT}); split it into one function per concern",
        f"src/a.cpp:{LIMIT + 14}: holder is {LIMIT + 2} lines (limit {LIMIT}); split it into one function per concern",
        f"src/a.cpp:{3 * LIMIT + 19}: shape::area is {LIMIT + 2} lines (limit {LIMIT}); split it into one function "
        f"per concern",
        f"src/a.cpp:{4 * LIMIT + 22}: with_default is {LIMIT + 2} lines (limit {LIMIT}); split it into one "
        f"function per concern",
        f"function_length_allow.txt: 'src/b.cpp gone' is no longer over {LIMIT} lines (or no longer exists); "
        f"remove it from the allow-list",
    ]
    lengths = {name: last - first + 1 for name, first, last in functions(fabricated["src/a.cpp"])}
    want_lengths = {"short_one": 3, "too_long": LIMIT + 5, "holder": LIMIT + 2, "exactly_limit": LIMIT,
                    "shape::area": LIMIT + 2, "with_default": LIMIT + 2,
                    "holder::operator<": 1}
    if got != want or seen != [("src/b.cpp", "allowed_long")] or lengths != want_lengths:
        print("function_length: SELF-TEST FAILED\nexpected:\n  " + "\n  ".join(want) +
              "\ngot:\n  " + "\n  ".join(got) + f"\nlengths: {lengths}\nwant:    {want_lengths}")
        return False
    return True


def read_tree(root):
    files = {}
    for folder in ("include", "src"):
        for dirpath, _, names in os.walk(os.path.join(root, folder)):
            for name in names:
                if name.endswith(SUFFIXES):
                    path = os.path.join(dirpath, name)
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    with open(path, encoding="utf-8") as f:
                        files[rel] = f.read()
    return files


def main(argv):
    if not self_test():
        return 2
    if argv[1:] == ["--self-test"]:
        print("function_length: self-test ok")
        return 0
    if len(argv) == 3 and argv[1] == "--list":
        rows = [(last - first + 1, f"{rel}:{first}", name)
                for rel, text in read_tree(argv[2]).items() for name, first, last in functions(text)]
        for length, where, name in sorted(rows, reverse=True):
            print(f"{length:5}  {where}  {name}")
        return 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    files = read_tree(argv[1])
    if not files:
        print(f"function_length: no sources under {argv[1]}")
        return 2
    allow = read_allow(ALLOW_FILE)
    problems, seen = check(files, allow)
    for p in problems:
        print(p if p.startswith("function_length_allow") else os.path.join(argv[1], p))
    for rel, name in seen:
        print(f"function_length: allowed for now: {rel} {name}  # {allow[(rel, name)]}")
    if problems:
        print(f"function_length: {len(problems)} problem(s); no function under libfootprint/ may exceed "
              f"{LIMIT} lines")
        return 1
    count = sum(len(functions(t)) for t in files.values())
    print(f"function_length: ok, {count} functions in {len(files)} files, none over {LIMIT} lines"
          + (f" ({len(seen)} allowed for now)" if seen else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
