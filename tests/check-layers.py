#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every #include in src/ follows the layers src/core/meson.build declares.

usage: check-layers.py SRCDIR LAYER=USES,... ... --vision=LAYER,... --draw=LAYER,...

A file of src/core/LAYER includes its own folder's headers unqualified and
another layer's as "OTHER/sl-….h", only when LAYER declares OTHER; vision.h
only from the layers given to --vision.  src/app and src/cli include core
headers qualified, never vision.h; src/draw (cairo and pango, no GTK) only
the layers given to --draw.  A subfolder of src/app or src/draw sees its
top folder's headers unqualified, and src/app's subfolders are named by
folder ("calibration/sl-….h").  Nothing but src/app includes GTK.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
GTK = re.compile(r'^\s*#\s*include\s+<(gtk|adwaita|gdk)/', re.M)


def main(argv):
    srcdir = argv[1]
    uses, vision, draw = {}, set(), set()
    for arg in argv[2:]:
        if arg.startswith("--vision="):
            vision = set(filter(None, arg[len("--vision="):].split(",")))
        elif arg.startswith("--draw="):
            draw = set(filter(None, arg[len("--draw="):].split(",")))
        else:
            name, _, deps = arg.partition("=")
            uses[name] = set(filter(None, deps.split(",")))
    problems = []
    for top in ("core", "draw", "app", "cli"):
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
                where = os.path.relpath(path, srcdir)
                if top != "app" and GTK.search(text):
                    problems.append(f"{where}: includes GTK; only src/app may")
                for header in INCLUDE.findall(text):
                    if header == "config.h":
                        continue
                    if header == "vision.h":
                        if layer not in vision:
                            problems.append(f"{where}: includes vision.h; only {', '.join(sorted(vision))} may")
                        continue
                    if "/" not in header:
                        # Within draw and app, a folder's files also see their top folder's.
                        local = [root] + ([os.path.join(srcdir, top)] if top in ("draw", "app") else [])
                        if not any(os.path.exists(os.path.join(d, header)) for d in local):
                            problems.append(f"{where}: \"{header}\" is not in its folder: qualify it by its layer")
                        continue
                    other = header.split("/", 1)[0]
                    if top == "app" and os.path.isdir(os.path.join(srcdir, "app", other)):
                        if not os.path.exists(os.path.join(srcdir, "app", header)):
                            problems.append(f"{where}: \"{header}\" does not exist")
                        continue
                    if other == "draw" and top in ("app", "cli"):
                        if not os.path.exists(os.path.join(srcdir, header)):
                            problems.append(f"{where}: \"{header}\" does not exist")
                        continue
                    if other not in uses:
                        problems.append(f"{where}: \"{header}\": {other} is not a core layer")
                    elif layer is not None and other == layer:
                        problems.append(f"{where}: \"{header}\": its own layer's headers are included unqualified")
                    elif top == "draw" and other not in draw:
                        problems.append(f"{where}: \"{header}\": src/draw does not declare {other} "
                                        "(src/draw/meson.build)")
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
