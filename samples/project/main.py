"""A tiny "training" job: fits a noisy curve by gradient descent and writes its results.

Usage: python3 main.py [NAME] [SEED]   e.g. python3 main.py foo 1

Writes results/metrics.json, results/summary.txt and results/chart.svg. The results depend only on
NAME and SEED, so two runs with the same arguments write the same bytes. Standard library only.
"""
import json
import os
import random
import sys
import time

EPOCHS = 8
STEP_SECONDS = 0.4  # slow enough to watch the output stream into the build log


def make_data(rng, count=40):
    """Points on y = 3x + 2 with noise."""
    xs = [i / count for i in range(count)]
    return [(x, 3.0 * x + 2.0 + rng.gauss(0.0, 0.1)) for x in xs]


def train(data, epochs, rate=0.5):
    w, b = 0.0, 0.0
    history = []
    for epoch in range(1, epochs + 1):
        for _ in range(25):
            gw = sum(2 * (w * x + b - y) * x for x, y in data) / len(data)
            gb = sum(2 * (w * x + b - y) for x, y in data) / len(data)
            w, b = w - rate * gw, b - rate * gb
        loss = sum((w * x + b - y) ** 2 for x, y in data) / len(data)
        history.append(round(loss, 6))
        print(f"epoch {epoch}/{epochs}: loss={loss:.6f} w={w:.4f} b={b:.4f}", flush=True)
        time.sleep(STEP_SECONDS)
    return round(w, 6), round(b, 6), history


def chart(history, width=320, height=160, pad=20):
    top = max(history)
    step = (width - 2 * pad) / max(len(history) - 1, 1)
    points = " ".join(
        f"{pad + i * step:.1f},{height - pad - (v / top) * (height - 2 * pad):.1f}" for i, v in enumerate(history)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">\n'
        f'  <rect width="{width}" height="{height}" fill="white"/>\n'
        f'  <text x="{pad}" y="14" font-family="sans-serif" font-size="12">training loss</text>\n'
        f'  <polyline fill="none" stroke="#21345c" stroke-width="2" points="{points}"/>\n'
        "</svg>\n"
    )


def main(argv):
    name = argv[1] if len(argv) > 1 else "demo"
    seed = int(argv[2]) if len(argv) > 2 else 1
    print(f"Training model '{name}' with seed {seed} for {EPOCHS} epochs", flush=True)
    rng = random.Random(f"{name}:{seed}")
    data = make_data(rng)
    print(f"loaded {len(data)} points", flush=True)
    w, b, history = train(data, EPOCHS)

    os.makedirs("results", exist_ok=True)
    metrics = {"model": name, "seed": seed, "epochs": EPOCHS, "weight": w, "bias": b,
               "final_loss": history[-1], "loss_history": history}
    with open("results/metrics.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(metrics, f, indent=2, sort_keys=True)
        f.write("\n")
    with open("results/summary.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write(f"model: {name}\nseed: {seed}\nfit: y = {w:.4f} * x + {b:.4f}\nfinal loss: {history[-1]:.6f}\n")
    with open("results/chart.svg", "w", encoding="utf-8", newline="\n") as f:
        f.write(chart(history))
    print("wrote results/metrics.json, results/summary.txt, results/chart.svg", flush=True)
    print(f"done: final loss {history[-1]:.6f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
