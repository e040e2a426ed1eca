"""The SE ablation and the augmentation comparison behind models/MODEL_CARD.md.

    /usr/bin/python3 models/ablation.py [--jobs 2] [--work /tmp/se-edge-ablation] [--recipe 'TRAIN.PY OPTIONS']

Trains, with the committed recipe and fitting rule (all 60,000 training digits, fixed epoch
count, last epoch kept), each of:
  se-7, se-8, se-9          SE-LeNet, seeds 7, 8, 9 ("drawn" augmentation). Seed 7 is the
                            committed model's run: its .onnx must be byte-identical to
                            models/se-lenet-mnist.onnx (checked, a reproducibility check).
  plain-7, plain-8, plain-9 the plain LeNet: the same layers without the SE blocks.
Each run writes its .onnx and a JSON summary under --work (one thread per run, --jobs runs
at once); this then writes models/ablation.json (test accuracy of every run, mean and spread
per model, parameters, MACs, accuracy on distorted test digits) and prints a table. The test
set is only reported here: nothing is chosen from these figures. With --recipe, every run trains
a candidate recipe instead of the committed one, and the result goes to --work/ablation.json.
"""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = [7, 8, 9]
RUNS = ([(f"se-{s}", ["--arch", "se", "--seed", str(s)]) for s in SEEDS]
        + [(f"plain-{s}", ["--arch", "plain", "--seed", str(s)]) for s in SEEDS])


def run(name, extra, work, recipe=()):
    out = os.path.join(work, name)
    os.makedirs(out, exist_ok=True)
    summary = os.path.join(out, "summary.json")
    if os.path.exists(summary):
        print(f"{name}: done before, kept ({summary})", flush=True)
        return name
    started = time.time()
    with open(os.path.join(out, "train.log"), "w") as log:
        subprocess.run([sys.executable, os.path.join(HERE, "train.py"), *recipe, *extra, "--threads", "1", "--robustness",
                        "--out", out, "--summary", summary + ".partial"], stdout=log, stderr=subprocess.STDOUT, check=True)
    os.rename(summary + ".partial", summary)
    print(f"{name}: {time.time() - started:.0f} s", flush=True)
    return name


def spread(values):
    return {"mean": statistics.mean(values), "min": min(values), "max": max(values),
            "std": statistics.stdev(values) if len(values) > 1 else 0.0}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--work", default="/tmp/se-edge-ablation")
    p.add_argument("--only", help="comma-separated run names: train only these, and report nothing")
    p.add_argument("--recipe", default="", help="train.py options of a candidate recipe for every run (e.g. "
                   "'--augment handwriting-r2 --epochs 60'): trained and reported, models/ablation.json untouched")
    args = p.parse_args()
    recipe = args.recipe.split()
    started = time.time()
    todo = [r for r in RUNS if not args.only or r[0] in args.only.split(",")]
    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda r: run(*r, args.work, recipe), todo))
    if args.only:
        return
    runs = {name: json.load(open(os.path.join(args.work, name, "summary.json"))) for name, _ in RUNS}
    committed = hashlib.sha256(open(os.path.join(HERE, "se-lenet-mnist.onnx"), "rb").read()).hexdigest()
    result = {
        "recipe": "the committed one (models/train.py defaults), refit on all 60,000 training digits, last epoch kept",
        "test": "MNIST standard test set, 10,000 digits, PyTorch on the batch-norm-folded model",
        "runs": {name: {k: r[k] for k in ("arch", "seed", "augment", "testCorrect", "testAccuracy", "parameters",
                                          "macs", "onnxBytes", "onnxSha256", "trainSeconds", "distortedTest")}
                 for name, r in runs.items()},
        "models": {},
        # A candidate's se-7 is compared with nothing here: its sha256 is in runs.
        **({} if recipe else {"se7MatchesCommittedOnnx": runs["se-7"]["onnxSha256"] == committed}),
        "trainSecondsSum": round(sum(r["trainSeconds"] for r in runs.values())),
    }
    for arch in ("se", "plain"):
        rs = [runs[f"{arch}-{s}"] for s in SEEDS]
        result["models"][arch] = {"seeds": SEEDS, "testAccuracy": spread([r["testAccuracy"] for r in rs]),
                                  "testErrors": [r["testCount"] - r["testCorrect"] for r in rs],
                                  "parameters": rs[0]["parameters"], "macs": rs[0]["macs"]}
    if recipe:
        result["recipe"] = f"candidate: train.py {args.recipe}, refit on all 60,000 training digits, last epoch kept"
    with open(os.path.join(args.work, "ablation.json") if recipe else os.path.join(HERE, "ablation.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print("| model | seeds | test accuracy per seed | mean | spread (min-max) | parameters | MACs |")
    print("|---|---|---|---|---|---|---|")
    for arch, m in result["models"].items():
        per = ", ".join(f"{100 * runs[f'{arch}-{s}']['testAccuracy']:.2f}%" for s in SEEDS)
        a = m["testAccuracy"]
        print(f"| {arch} | {SEEDS} | {per} | {100 * a['mean']:.3f}% | {100 * a['min']:.2f}-{100 * a['max']:.2f}% "
              f"| {m['parameters']:,} | {m['macs']:,} |")
    print("distorted test digits, mean over the seeds (SE / plain):")
    for k in runs["se-7"]["distortedTest"]:
        mean = {arch: statistics.mean(runs[f"{arch}-{s}"]["distortedTest"][k] for s in SEEDS) for arch in ("se", "plain")}
        print(f"  {k}: {100 * mean['se']:.2f}% / {100 * mean['plain']:.2f}%")
    print(f"se-7 reproduces the committed .onnx: {result.get('se7MatchesCommittedOnnx', 'not compared')}; training time summed over "
          f"the runs {result['trainSecondsSum']} s; this call's wall time {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
