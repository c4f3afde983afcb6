#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every #include in src/ follows the layers src/core/meson.build declares.

usage: check-layers.py SRCDIR LAYER=USES,... ... --vision=LAYER,...

A file of src/core/LAYER includes its own folder's headers unqualified and
another layer's as "OTHER/sl-….h", only when LAYER declares OTHER; vision.h
only from the layers given to --vision.  src/app and src/cli include core
headers qualified, never vision.h.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main(argv):
    srcdir = argv[1]
    uses, vision = {}, set()
    for arg in argv[2:]:
        if arg.startswith("--vision="):
            vision = set(filter(None, arg[len("--vision="):].split(",")))
        else:
            name, _, deps = arg.partition("=")
            uses[name] = set(filter(None, deps.split(",")))
    problems = []
    for top in ("core", "app", "cli"):
        for root, _dirs, files in os.walk(os.path.join(srcdir, top)):
            rel = os.path.relpath(root, srcdir).split(os.sep)
            layer = rel[1] if top == "core" and len(rel) > 1 else None
            if top == "core" and layer is None:
                continue
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for header in INCLUDE.findall(text):
                    where = os.path.relpath(path, srcdir)
                    if header == "config.h":
                        continue
                    if header == "vision.h":
                        if layer not in vision:
                            problems.append(f"{where}: includes vision.h; only {', '.join(sorted(vision))} may")
                        continue
                    if "/" not in header:
                        if not os.path.exists(os.path.join(root, header)):
                            problems.append(f"{where}: \"{header}\" is not in its folder: qualify it by its layer")
                        continue
                    other = header.split("/", 1)[0]
                    if other not in uses:
                        problems.append(f"{where}: \"{header}\": {other} is not a core layer")
                    elif layer is not None and other == layer:
                        problems.append(f"{where}: \"{header}\": its own layer's headers are included unqualified")
                    elif layer is not None and other not in uses[layer]:
                        problems.append(f"{where}: \"{header}\": {layer} does not declare {other} "
                                        "(src/core/meson.build)")
                    elif not os.path.exists(os.path.join(srcdir, "core", header)):
                        problems.append(f"{where}: \"{header}\" does not exist")
    for p in problems:
        print(p)
    print(f"{len(problems)} include(s) across the layers" if problems else "every include follows the layers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
