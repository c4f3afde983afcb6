#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""mutate-media.py SIGHTLINE COUNT SEED RECORDING...

Damages copies of real recordings the ways files get damaged (bytes flipped,
runs zeroed, cut short, a block repeated or dropped), then imports and
analyses each with the sightline program given (the suite's ASan build).
Every copy must end in an import, a clear refusal (exit 1 with a
"sightline:" message) or a completed or stopped analysis; a signal, an exit
above 2 or a sanitizer report is a crash.  Prints the counts; exits 1 on a
crash, keeping the damaged file for the regression corpus."""
import os
import random
import shutil
import subprocess
import sys
import tempfile


def mutate(data, rng):
    b = bytearray(data)
    kind = rng.choice(["flip", "zero", "cut", "repeat", "drop"])
    # Leave the first bytes often enough that the container still opens and
    # the decoder, not just the probe, meets the damage.
    lo = 0 if rng.random() < 0.2 else min(len(b) - 1, 4096)
    if kind == "flip":
        for _ in range(rng.randint(1, 64)):
            i = rng.randrange(lo, len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif kind == "zero":
        i = rng.randrange(lo, len(b))
        n = rng.randint(16, 65536)
        b[i:i + n] = bytes(len(b[i:i + n]))
    elif kind == "cut":
        b = b[:rng.randrange(lo, len(b))]
    elif kind == "repeat":
        i = rng.randrange(lo, len(b))
        n = rng.randint(16, 65536)
        b[i:i] = b[i:i + n]
    else:
        i = rng.randrange(lo, len(b))
        del b[i:i + rng.randint(16, 65536)]
    return kind, bytes(b)


def run(cmd, env):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, errors="replace",
                       timeout=900)
    return p.returncode, p.stderr


def main():
    program, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sources = sys.argv[4:]
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="sightline-mutate-")
    env = dict(os.environ)
    counts = {"imported": 0, "refused at import": 0, "analysed": 0, "analysis refused": 0,
              "crashed": 0}
    try:
        for k in range(count):
            src = sources[k % len(sources)]
            with open(src, "rb") as f:
                kind, data = mutate(f.read(), rng)
            name = os.path.join(work, "m%03d-%s%s" % (k, kind, os.path.splitext(src)[1]))
            with open(name, "wb") as f:
                f.write(data)
            lib = os.path.join(work, "library.db")
            steps = [[program, "import", "--library", lib, name]]
            crashed = False
            for step, cmd in enumerate(steps):
                rc, err = run(cmd, env)
                bad = rc < 0 or rc > 2 or "Sanitizer" in err or "runtime error" in err
                if bad:
                    crashed = True
                    print("CRASH (%s, exit %d): %s\n%s" % (os.path.basename(name), rc,
                                                           " ".join(cmd[1:2]), err[-3000:]))
                    break
                if step == 0:
                    if rc != 0:
                        if "sightline:" not in err:
                            crashed = True
                            print("UNCLEAR (%s): %s" % (os.path.basename(name), err[-500:]))
                        counts["refused at import"] += 1
                        break
                    counts["imported"] += 1
                    steps.append([program, "analyze", "--library", lib, name, "--preset",
                                  "high-performance", "--threads", "2"])
                else:
                    counts["analysed" if rc == 0 else "analysis refused"] += 1
            if crashed:
                counts["crashed"] += 1
                keep = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crashers",
                                    "media")
                os.makedirs(keep, exist_ok=True)
                shutil.copy(name, keep)
            os.unlink(name)
            for side in ("", "-wal", "-shm"):
                if os.path.exists(lib + side):
                    os.unlink(lib + side)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d damaged recordings: %s" % (count, ", ".join("%s %d" % kv for kv in counts.items())))
    return 1 if counts["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
