"""Start-up costs: ``import skrnn``, and the first fit on a tiny input.

Usage: python benchmarks/startup.py [--repeats 5]

Each measurement runs in a fresh Python process, --repeats times, and the
medians are printed. The first fit includes importing TensorFlow, building
the network and compiling the training step. The second fit, in the same
process, shows the cost of the same tiny fit once TensorFlow is loaded.
"""

import argparse
import json
import statistics
import subprocess
import sys

from speed import positive_int

IMPORT = """
import json, sys, time
start = time.perf_counter()
import skrnn
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "tensorflow": "tensorflow" in sys.modules}))
"""

FIRST_FIT = """
import json, time
from skrnn import TextRNNClassifier
texts = ["a fine film", "a dull film", "great acting", "poor plot"] * 5
labels = [1, 0, 1, 0] * 5
params = dict(units=8, embedding_dim=8, epochs=1, validation_fraction=None, random_state=0)
times = {}
for attempt in ("first", "second"):
    start = time.perf_counter()
    model = TextRNNClassifier(**params).fit(texts, labels)
    times[attempt + " fit"] = time.perf_counter() - start
    start = time.perf_counter()
    model.predict(texts)
    times[attempt + " predict"] = time.perf_counter() - start
print(json.dumps(times))
"""


def run(code):
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=positive_int, default=5, help="fresh processes per figure (default 5)"
    )
    args = parser.parse_args()

    imports = [run(IMPORT) for _ in range(args.repeats)]
    seconds = statistics.median(result["seconds"] for result in imports)
    loaded = any(result["tensorflow"] for result in imports)
    print(f"import skrnn: {seconds:.3f} s (TensorFlow imported: {loaded})")

    fits = [run(FIRST_FIT) for _ in range(args.repeats)]
    for key in fits[0]:
        print(f"{key} on 20 texts: {statistics.median(fit[key] for fit in fits):.2f} s")


if __name__ == "__main__":
    main()
