#!/usr/bin/env python3
"""How fast this file system creates small files, with and without deleting the ones just made.

No Domino, no .NET: 8 rounds of creating 4,000 files of 8 KiB (set (b)'s shape) in a fresh folder under DIR, each
round after `sync`, printing each round's seconds. With --delete each round's folder is deleted before the next, as
the download bench deletes each method's files before the next method. On ext4 without a journal the kernel's inode
allocator skips inodes deleted in the last 30 seconds, one lookup each, so creation slows down with recent deletions
(see bench/README.md, issue 14 third pass). With --threads N, N threads share each round's files and the figures
add the process's CPU seconds: creating files from several threads at once costs the kernel more (fourth pass).

usage: bench/fs-churn.py [--delete] [--threads N] [DIR]   (DIR defaults to the temporary folder)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

FILES, SIZE, ROUNDS = 4000, 8192, 8


def create(folder, data, threads):
    os.makedirs(folder)

    def write(first):
        for i in range(first, FILES, threads):
            with open(os.path.join(folder, f"f{i}"), "wb") as f:
                f.write(data)

    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    start, cpu = time.perf_counter(), time.process_time()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start, time.process_time() - cpu


def main(args):
    delete = "--delete" in args
    rest = [a for a in args if a != "--delete"]
    threads = 1
    if "--threads" in rest:
        at = rest.index("--threads")
        threads = int(rest[at + 1])
        del rest[at:at + 2]
    root = tempfile.mkdtemp(prefix="fs-churn-", dir=rest[0] if rest else None)
    data = os.urandom(SIZE)
    times = []
    try:
        for r in range(ROUNDS):
            folder = os.path.join(root, f"round{r}")
            subprocess.run(["sync"], check=True)
            times.append(create(folder, data, threads))
            if delete:
                shutil.rmtree(folder)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    mode = "deleting each round" if delete else "keeping every round"
    print(f"{FILES} x {SIZE // 1024} KiB under {os.path.dirname(root)}, {mode}, {threads} thread(s): "
          + " ".join(f"{t:.3f}" for t, _ in times) + " s; CPU " + " ".join(f"{c:.3f}" for _, c in times) + " s")


if __name__ == "__main__":
    main(sys.argv[1:])
