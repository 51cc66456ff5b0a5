#!/usr/bin/env python3
"""Times the Cake alias DominoDownloadResults call by call inside one Cake process, and A/Bs two builds of the add-in.

Each Cake process calls the alias --calls times (4,000 x 8 KiB, every file of a finished run's output commit, default
settings), each call into a fresh folder, and prints per call: wall time, the process's CPU time, and what the runtime
compiled meanwhile on any thread (methods, JIT time): the host's JIT (Cake's own methods tiered up in the background)
told apart from the add-in's work. With two add-ins the processes alternate A, B, A, B... against one emulator, so both
builds meet the same machine; medians per call and of the warm calls (2nd and later) end the output.

usage: bench/cake-calls.py ADDIN [ADDIN_B] [--processes N] [--calls N] [--files N] [--work-dir DIR]

ADDIN: a folder holding Cake.Domino.dll and Domino.Client.dll (lib/net10.0 of the packed add-in), or a checkout of this
repository (a worktree of another commit, say), whose src/Cake.Domino is then packed. --work-dir defaults to /dev/shm
(in memory: the disk does not decide the figures, see bench/README.md). Needs the .NET SDK and the repository's tools
(`dotnet tool restore` fetches Cake).
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = "cake-calls-bench-key"
PROJECT = ("bench", "calls")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def nuget_root():
    out = run(["dotnet", "nuget", "locals", "global-packages", "--list"]).stdout
    return out.split(":", 1)[1].strip()


def cake_dll():
    path = os.path.join(nuget_root(), "cake.tool", "7.0.0", "tools", "net10.0", "any", "Cake.dll")
    if not os.path.exists(path):
        run(["dotnet", "tool", "restore"], cwd=REPO)
    if not os.path.exists(path):
        sys.exit(f"error: Cake.Tool 7.0.0 not found at {path}")
    return path


def addin_folder(arg, into):
    """The folder with the add-in's assemblies: ARG itself, or the package packed from the checkout ARG."""
    arg = os.path.abspath(arg)
    if os.path.exists(os.path.join(arg, "Cake.Domino.dll")):
        return arg
    project = os.path.join(arg, "src", "Cake.Domino")
    if not os.path.isdir(project):
        sys.exit(f"error: {arg} holds neither Cake.Domino.dll nor src/Cake.Domino")
    feed = os.path.join(into, "feed")
    run(["dotnet", "pack", project, "-c", "Release", "-o", feed, "-p:GeneratePackageOnBuild=false", "-nodeReuse:false"])
    package = next(f for f in os.listdir(feed) if f.endswith(".nupkg"))
    import zipfile
    folder = os.path.join(into, "addin")
    os.makedirs(folder)
    with zipfile.ZipFile(os.path.join(feed, package)) as z:
        for name in z.namelist():
            if re.fullmatch(r"lib/net10\.0/[^/]+\.dll", name):
                with open(os.path.join(folder, os.path.basename(name)), "wb") as f:
                    f.write(z.read(name))
    shutil.rmtree(feed)
    return folder


SCRIPT = r'''
#r "{addin}/Domino.Client.dll"
#r "{addin}/Cake.Domino.dll"
using System.Diagnostics;

var runId = Argument<string>("runid");
var calls = Argument<int>("calls");
var root = Argument<string>("root");

// The alias is called from a method of its own: its types load inside the first call's stopwatch.
int DownloadOnce(string dest) =>
    DominoDownloadResults(runId, dest, new DominoDownloadSettings {{ IncludeUnchanged = true }}).Count;

Task("Default").Does(() =>
{{
    var self = Process.GetCurrentProcess();
    for (var i = 0; i < calls; i++)
    {{
        var dest = System.IO.Path.Combine(root, $"call{{i}}");
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var count = DownloadOnce(dest);
        sw.Stop();
        self.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"CALL {{i + 1}} wall={{sw.Elapsed.TotalSeconds:F4}} cpu={{(self.TotalProcessorTime - cpu).TotalSeconds:F4}} jit={{(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds:F4}} methods={{System.Runtime.JitInfo.GetCompiledMethodCount() - methods}} files={{count}}"));
        System.IO.Directory.Delete(dest, recursive: true);
    }}
}});
RunTarget("Default");
'''


def start_emulator(work, files):
    project_dir = os.path.join(work, "project")
    for i in range(files):
        folder = os.path.join(project_dir, f"d{i % 20:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
            f.write(os.urandom(8192))
    run(["dotnet", "build", os.path.join(REPO, "src", "Domino.Emulator"), "-c", "Release", "-nodeReuse:false"])
    dll = os.path.join(REPO, "src", "Domino.Emulator", "bin", "Release", "net10.0", "Domino.Emulator.dll")
    # The key goes in the environment, not on the command line, where every process could read it.
    proc = subprocess.Popen(
        ["dotnet", dll, "--data-dir", os.path.join(work, "data"), "--project", f"{PROJECT[0]}/{PROJECT[1]}={project_dir}"],
        env=dict(os.environ, DOMINO_EMULATOR_API_KEY=API_KEY),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            return proc, match.group(1).rstrip("/")
        if time.monotonic() > deadline:
            break
    proc.kill()
    sys.exit("error: the emulator did not start")


def finished_run(host):
    def call(method, path, body=None):
        request = urllib.request.Request(host + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                         headers={"X-Domino-Api-Key": API_KEY, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    runs = f"/v1/projects/{PROJECT[0]}/{PROJECT[1]}/runs"
    run_id = call("POST", runs, {"command": ["true"], "isDirect": True, "title": "cake-calls benchmark"})["runId"]
    for _ in range(600):
        status = call("GET", f"{runs}/{run_id}")
        if status.get("isCompleted") or status.get("status") in ("Succeeded", "Failed", "Error", "Stopped"):
            return run_id
        time.sleep(0.2)
    sys.exit("error: the benchmark's run did not finish")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("addins", nargs="+", metavar="ADDIN")
    parser.add_argument("--processes", type=int, default=6, help="Cake processes per add-in (default 6)")
    parser.add_argument("--calls", type=int, default=4, help="alias calls per process (default 4)")
    parser.add_argument("--files", type=int, default=4000, help="8 KiB files in the commit (default 4000)")
    parser.add_argument("--work-dir", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    args = parser.parse_args()
    if len(args.addins) > 2:
        sys.exit("error: give one or two add-ins")

    work = tempfile.mkdtemp(prefix="cake-calls-", dir=args.work_dir)
    emulator = None
    try:
        labels = ["A", "B"][: len(args.addins)]
        folders = [addin_folder(a, os.path.join(work, f"addin-{l}")) for a, l in zip(args.addins, labels)]
        cake = cake_dll()
        emulator, host = start_emulator(work, args.files)
        run_id = finished_run(host)
        for label, folder in zip(labels, folders):
            with open(os.path.join(work, f"{label}.cake"), "w") as f:
                f.write(SCRIPT.format(addin=folder))
        env = dict(os.environ, DOMINO_API_HOST=host, DOMINO_USER_API_KEY=API_KEY, DOMINO_PROJECT_OWNER=PROJECT[0],
                   DOMINO_PROJECT_NAME=PROJECT[1], DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        print(f"# {args.files} x 8 KiB, {args.calls} calls per Cake process, {args.processes} processes per add-in, "
              f"alternating; files under {work}")
        for label, arg, folder in zip(labels, args.addins, folders):
            print(f"# {label} = {arg} ({folder})")
        calls = {l: [[] for _ in range(args.calls)] for l in labels}
        for p in range(args.processes):
            for label in labels:
                out = subprocess.run(["dotnet", cake, f"{label}.cake", f"--runid={run_id}", f"--calls={args.calls}",
                                      f"--root={os.path.join(work, 'out-' + label)}"],
                                     cwd=work, env=env, text=True, capture_output=True, timeout=900)
                found = [dict(kv.split("=") for kv in line.split()[2:])
                         for line in out.stdout.splitlines() if line.startswith("CALL ")]
                if out.returncode != 0 or len(found) != args.calls or any(int(c["files"]) != args.files for c in found):
                    sys.exit(f"error: the Cake script of {label} failed:\n{out.stdout[-3000:]}{out.stderr[-2000:]}")
                for i, c in enumerate(found):
                    calls[label][i].append({k: float(v) for k, v in c.items()})
                print(f"{label} process {p + 1}: " + "  ".join(
                    f"{c['wall']}s cpu {c['cpu']}s jit {c['jit']}s/{c['methods']}m" for c in found), flush=True)

        def med(rows, key):
            return statistics.median(r[key] for r in rows)
        print("| add-in | call | wall s | process CPU s | JIT s | methods compiled | CPU - JIT s |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for label in labels:
            for i, rows in enumerate(calls[label]):
                print(f"| {label} | {i + 1} | {med(rows, 'wall'):.3f} | {med(rows, 'cpu'):.3f} | {med(rows, 'jit'):.3f} | "
                      f"{med(rows, 'methods'):.0f} | {statistics.median(r['cpu'] - r['jit'] for r in rows):.3f} |")
            warm = [r for rows in calls[label][1:] for r in rows]
            if warm:
                print(f"| {label} | warm (2-{args.calls}) | {med(warm, 'wall'):.3f} | {med(warm, 'cpu'):.3f} | {med(warm, 'jit'):.3f} | "
                      f"{med(warm, 'methods'):.0f} | {statistics.median(r['cpu'] - r['jit'] for r in warm):.3f} |")
        return 0
    finally:
        if emulator is not None:
            os.killpg(emulator.pid, signal.SIGTERM)
            emulator.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
