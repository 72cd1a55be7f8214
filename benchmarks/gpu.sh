#!/usr/bin/env bash
# Epoch time on an NVIDIA GPU, with settings that let Keras use cuDNN's fused
# LSTM kernel (recurrent_dropout=0, skrnn's default) and with settings that
# rule it out (recurrent_dropout=0.1).
#
# Usage: [PYTHON=.venv/bin/python] bash benchmarks/gpu.sh
#
# Needs skrnn installed for $PYTHON (default python3), with a TensorFlow
# build that has CUDA support. Reads IMDB from SKRNN_IMDB_PATH, or the
# bundled 2,500-review sample when that is unset. GPU_TEXTS (default 25000)
# caps each split at a random subset of that many texts. Prints the GPU, then
# per setting the epoch times, their median, the time to predict the test
# texts and the accuracy.
# Ends within 8 minutes: the Python part has a 7-minute limit. On a machine
# without an NVIDIA GPU it stops at once, unless GPU_DRY_RUN=1, which runs
# the same steps on the CPU to check the script itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if command -v nvidia-smi > /dev/null; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
elif [ "${GPU_DRY_RUN:-0}" != 1 ]; then
    echo "gpu.sh: no NVIDIA GPU found (nvidia-smi is missing). Set GPU_DRY_RUN=1 to run on the CPU." >&2
    exit 1
fi

PYTHONUNBUFFERED=1 timeout 420 "$PYTHON" - << 'PYTHON'
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, "benchmarks")
from speed import timed_skrnn_epochs  # noqa: E402

from skrnn import TextRNNClassifier  # noqa: E402
from skrnn._keras import gpu_available, import_keras  # noqa: E402
from skrnn.datasets import load_imdb, load_imdb_sample  # noqa: E402

keras = import_keras()
import tensorflow as tf  # noqa: E402

print("TensorFlow", tf.__version__, "GPUs:", tf.config.list_physical_devices("GPU"))
if not gpu_available() and os.environ.get("GPU_DRY_RUN") != "1":
    sys.exit("gpu.sh: TensorFlow found no GPU. Install a TensorFlow build with CUDA support.")
if os.environ.get("SKRNN_IMDB_PATH"):
    train, test = load_imdb("train"), load_imdb("test")
else:
    train, test = load_imdb_sample("train"), load_imdb_sample("test")
# The splits are sorted by label, so a smaller share is drawn at random.
rng = np.random.default_rng(0)
limit = int(os.environ.get("GPU_TEXTS", "25000"))
for split in (train, test):
    keep = rng.permutation(len(split.data))[:limit]
    split.data = [split.data[i] for i in keep]
    split.target = np.asarray(split.target)[keep]
texts, labels = train.data, train.target
print(f"{len(texts)} training texts, {len(test.data)} test texts")

for label, recurrent_dropout in [("cuDNN eligible", 0.0), ("cuDNN ruled out", 0.1)]:
    seconds = []
    timed_skrnn_epochs(keras, seconds)
    model = TextRNNClassifier(
        epochs=3, validation_fraction=None, recurrent_dropout=recurrent_dropout, random_state=0
    )
    start = time.perf_counter()
    model.fit(texts, labels)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    accuracy = model.score(test.data, test.target)
    predict_seconds = time.perf_counter() - start
    print(
        f"{label} (recurrent_dropout={recurrent_dropout}): epochs "
        f"{[round(s, 2) for s in seconds]} s, median {statistics.median(seconds):.2f} s; "
        f"fit {fit_seconds:.1f} s; predict {predict_seconds:.2f} s; accuracy {accuracy:.4f}"
    )
PYTHON
