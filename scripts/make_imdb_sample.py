"""Draw the IMDB sample shipped in skrnn/datasets/data from the full dataset.

Usage: python scripts/make_imdb_sample.py PATH_TO_aclImdb_v1.tar.gz

Draws a class-balanced random sample from the train split and another from
the test split, with a fixed seed, so rerunning it gives the same file.
"""

import gzip
import json
import sys
from pathlib import Path

import numpy as np

from skrnn.datasets import load_imdb

TRAIN_PER_CLASS = 1250
TEST_PER_CLASS = 500
SEED = 2011
OUTPUT = Path(__file__).resolve().parents[1] / "skrnn" / "datasets" / "data" / "imdb_sample.json.gz"


def draw(subset, per_class, path, rng):
    dataset = load_imdb(subset, path=path)
    chosen = np.concatenate(
        [rng.choice(np.flatnonzero(dataset.target == label), per_class, replace=False) for label in (0, 1)]
    )
    chosen = rng.permutation(chosen)
    return [
        {
            "text": dataset.data[index],
            "target": int(dataset.target[index]),
            "rating": int(dataset.ratings[index]),
            "id": int(dataset.ids[index]),
        }
        for index in chosen
    ]


def main(path):
    rng = np.random.default_rng(SEED)
    sample = {
        "train": draw("train", TRAIN_PER_CLASS, path, rng),
        "test": draw("test", TEST_PER_CLASS, path, rng),
    }
    with gzip.open(OUTPUT, "wt", encoding="utf-8", compresslevel=9) as file:
        json.dump(sample, file, ensure_ascii=False)
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
