"""Training and prediction speed: skrnn against the plain Keras recipe and scikeras.

Usage: python benchmarks/speed.py [--epochs 3] [--repeats 2] [--texts N] [--output FILE]

Needs scikeras: python -m pip install ".[bench]".

Runs three classifiers in one process, on the IMDB train and test splits.
The data comes from SKRNN_IMDB_PATH or the skrnn cache; otherwise load_imdb
downloads the 84 MB archive. All three have the same network
and settings: Embedding(64), LSTM(64) with input dropout 0.3, Dense(1), Adam
at 1e-3 with clipnorm 1.0, batch size 64, a 10,000-word vocabulary, and texts
cut to 400 tokens (the length skrnn chooses for IMDB).

(a) "keras": the recipe users copy. TextVectorization indexes the texts,
    pad_sequences pads every text to 400 tokens (Keras's default: padding
    and truncation at the start), and Model.fit trains on the array.
(b) "scikeras": scikeras's KerasClassifier with the same network, fitted on
    the same padded array.
(c) "skrnn": TextRNNClassifier with its defaults, without a validation split,
    so that it trains on the same 25,000 texts.

Each classifier trains for --epochs epochs, --repeats times, with seeds 0,
1, ..., in a rotating order so that a slow spell of a shared machine hits
all three. Every figure reported per classifier is a median. They are the
seconds per epoch and the seconds to predict the test split from its raw
texts, with batches of 256 for all three. For the peers that time includes
TextVectorization and padding. The network's share of that time, the test
accuracy and the peak resident memory above the level before the fit come
next. The ratios peer / skrnn come last.

The same run also measures the machine's float32 matrix-multiply rate with
NumPy. It counts the FLOPs of one skrnn epoch from the layer sizes and the
real token count, and reports the rate skrnn reaches. Last, it times the
tokenizers against scikit-learn's CountVectorizer analyzer and Keras's
TextVectorization.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

import skrnn
from skrnn import TextRNNClassifier, _classifier, _text
from skrnn._keras import import_keras, tensorflow_warnings_hidden
from skrnn._network import batch_dataset
from skrnn.datasets import load_imdb

EMBEDDING_DIM = 64
UNITS = 64
DROPOUT = 0.3
LEARNING_RATE = 1e-3
CLIPNORM = 1.0
BATCH_SIZE = 64
PREDICT_BATCH_SIZE = 256
MAX_WORDS = 10000
MAX_LENGTH = 400
_UNTIMED_MONITOR = _classifier._training_monitor


class PeakMemory:
    """Sample the resident set size every 20 ms; report the peak above the start."""

    def __enter__(self):
        self.start = self.peak = resident_bytes()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, resident_bytes())
            time.sleep(0.02)

    def __exit__(self, *exc_info):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, resident_bytes())

    @property
    def mib(self):
        return (self.peak - self.start) / 2**20


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def epoch_timer(keras, seconds):
    """Return a Keras callback that appends each epoch's duration to ``seconds``."""

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds.append(time.perf_counter() - self.start)

    return EpochTimer()


def timed_skrnn_epochs(keras, seconds):
    """Make TextRNNClassifier's training callback also time each epoch.

    skrnn has no callbacks parameter, so its private per-fit monitor gets the
    timer's two methods. Training itself is unchanged.
    """
    make_monitor = _UNTIMED_MONITOR

    def timed_monitor(keras_module, **options):
        monitor = make_monitor(keras_module, **options)
        timer = epoch_timer(keras, seconds)
        monitor.on_epoch_begin = timer.on_epoch_begin
        end_of_epoch = monitor.on_epoch_end

        def on_epoch_end(epoch, logs=None):
            timer.on_epoch_end(epoch, logs)
            end_of_epoch(epoch, logs)

        monitor.on_epoch_end = on_epoch_end
        return monitor

    _classifier._training_monitor = timed_monitor


def recipe_network(keras):
    """Build and compile the recipe's network: no mask, every text 400 tokens long."""
    model = keras.Sequential(
        [
            keras.Input(shape=(MAX_LENGTH,), dtype="int32"),
            keras.layers.Embedding(MAX_WORDS + 2, EMBEDDING_DIM),
            keras.layers.LSTM(UNITS, dropout=DROPOUT),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE, clipnorm=CLIPNORM),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


def recipe_indexer(keras, train_texts):
    """Return the recipe's text-to-array function: TextVectorization, then padding."""
    vectorizer = keras.layers.TextVectorization(max_tokens=MAX_WORDS + 2, ragged=True)
    vectorizer.adapt(train_texts, batch_size=1024)

    def index_and_pad(texts):
        ragged = vectorizer(texts)
        return keras.utils.pad_sequences(ragged.to_list(), maxlen=MAX_LENGTH)

    return index_and_pad


def timed_recipe_predict(index_and_pad, predict, test_texts):
    """Time the recipe's prediction from raw texts, and its network's part alone.

    A first call on a few texts compiles the prediction step beforehand, as
    for skrnn.
    """
    predict(index_and_pad(test_texts[:8]))
    start = time.perf_counter()
    x_test = index_and_pad(test_texts)
    network_start = time.perf_counter()
    predicted = predict(x_test)
    end = time.perf_counter()
    return predicted, end - start, end - network_start


def run_keras(keras, seed, x_train, y_train, index_and_pad, test_texts, y_test, epochs):
    keras.utils.set_random_seed(seed)
    seconds = []
    with PeakMemory() as memory:
        model = recipe_network(keras)
        model.fit(
            x_train,
            y_train,
            batch_size=BATCH_SIZE,
            epochs=epochs,
            shuffle=True,
            callbacks=[epoch_timer(keras, seconds)],
            verbose=0,
        )
        scores, predict_seconds, network_seconds = timed_recipe_predict(
            index_and_pad,
            lambda x: model.predict(x, batch_size=PREDICT_BATCH_SIZE, verbose=0)[:, 0],
            test_texts,
        )
    accuracy = float(np.mean((scores > 0.5) == y_test))
    return seconds, predict_seconds, network_seconds, accuracy, memory.mib


def run_scikeras(keras, seed, x_train, y_train, index_and_pad, test_texts, y_test, epochs):
    from scikeras.wrappers import KerasClassifier

    seconds = []
    with PeakMemory() as memory:
        model = KerasClassifier(
            model=lambda: recipe_network(keras),
            epochs=epochs,
            batch_size=BATCH_SIZE,
            predict__batch_size=PREDICT_BATCH_SIZE,
            callbacks=[epoch_timer(keras, seconds)],
            random_state=seed,
            verbose=0,
        )
        model.fit(x_train, y_train)
        predicted, predict_seconds, network_seconds = timed_recipe_predict(
            index_and_pad, model.predict, test_texts
        )
    accuracy = float(np.mean(predicted == y_test))
    return seconds, predict_seconds, network_seconds, accuracy, memory.mib


def run_skrnn(keras, seed, train, test, epochs):
    seconds = []
    timed_skrnn_epochs(keras, seconds)
    with PeakMemory() as memory:
        model = TextRNNClassifier(epochs=epochs, validation_fraction=None, random_state=seed)
        model.fit(train.data, train.target)
        # A first call on a few texts compiles the prediction step beforehand.
        model.predict(test.data[:8])
        sequences = model._to_sequences(model._tokenize(test.data))
        network_start = time.perf_counter()
        batches = _text.sorted_batches(sequences.lengths, model._prediction_batch_size())
        with tensorflow_warnings_hidden():
            model.model_.predict(batch_dataset(sequences, batches), verbose=0)
        network_seconds = time.perf_counter() - network_start
        # The whole public path, from raw texts to labels.
        start = time.perf_counter()
        predicted = model.predict(test.data)
        predict_seconds = time.perf_counter() - start
    accuracy = float(np.mean(predicted == test.target))
    return seconds, predict_seconds, network_seconds, accuracy, memory.mib, model


def matmul_rate(size=2048, repeats=7):
    """Measure NumPy's float32 matrix-multiply rate here: median and best, in GFLOP/s."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    a @ b
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        rates.append(2 * size**3 / (time.perf_counter() - start) / 1e9)
    return statistics.median(rates), max(rates)


def epoch_flops(model, train_texts):
    """Count the training FLOPs per token of ``model``, and one epoch's tokens.

    Per real token, the LSTM's forward pass multiplies the input (embedding)
    and the previous output by its kernels: 2 * 4 * units * (embedding +
    units) FLOPs, plus about 10 * units element-wise ones for the gates. The
    backward pass costs about twice the forward one, so training costs 3x.
    The embedding lookup and the output layer are negligible next to it.
    """
    layer = model.model_.get_layer("lstm_0")
    units = layer.units
    embedding = model.model_.get_layer("embedding").output_dim
    per_token = 3 * (2 * 4 * units * (embedding + units) + 10 * units)
    sequences = model._to_sequences(model._tokenize(train_texts))
    real_tokens = int(sequences.lengths.sum())
    batches = _text.training_batches(sequences.lengths, model.batch_size, np.random.default_rng(0))
    computed_tokens = sum(
        model.batch_size * 8 * -(-int(sequences.lengths[rows].max()) // 8) for rows in batches
    )
    return per_token, real_tokens, computed_tokens


def tokenizer_rates(keras, texts, vocabulary, repeats=3):
    """Time skrnn's tokenizing and indexing, and two other tokenizers, on ``texts``."""
    analyze = _text.build_analyzer()
    count_analyzer = CountVectorizer().build_analyzer()
    vectorizer = keras.layers.TextVectorization(ragged=True)
    vectorizer.set_vocabulary(sorted(vocabulary, key=vocabulary.get))
    token_lists = [analyze(text) for text in texts]

    def skrnn_tokenize():
        return sum(map(len, (analyze(text) for text in texts)))

    def skrnn_index():
        return len(_text.index_tokens(token_lists, vocabulary, 10**9).ids)

    def count_vectorizer():
        return sum(map(len, (count_analyzer(text) for text in texts)))

    def text_vectorization():
        return int(vectorizer(texts).flat_values.shape[0])

    rates = {}
    for name, step in [
        ("skrnn tokenize", skrnn_tokenize),
        ("skrnn index", skrnn_index),
        ("CountVectorizer analyzer", count_vectorizer),
        ("TextVectorization (tokenize + index)", text_vectorization),
    ]:
        step()
        seconds = []
        for _ in range(repeats):
            start = time.perf_counter()
            tokens = step()
            seconds.append(time.perf_counter() - start)
        rates[name] = {"seconds": statistics.median(seconds), "tokens": tokens}
    return rates


def positive_int(text):
    """Parse a command-line count, rejecting values below 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text}")
    return value


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=positive_int, default=3, help="epochs per fit (default 3)")
    parser.add_argument(
        "--repeats", type=positive_int, default=2, help="fits per classifier (default 2)"
    )
    parser.add_argument(
        "--texts",
        type=positive_int,
        default=None,
        help="use a random subset of N texts of each split (at most 25000)",
    )
    parser.add_argument("--output", help="also write the results to this JSON file")
    args = parser.parse_args()

    if args.texts is not None and args.texts > 25000:
        parser.error(f"--texts {args.texts} is larger than an IMDB split (25000 texts)")
    keras = import_keras()
    train, test = load_imdb("train"), load_imdb("test")
    if args.texts:
        # Both splits are sorted by label, so a random subset keeps both classes.
        rng = np.random.default_rng(0)
        for split in (train, test):
            keep = rng.choice(len(split.data), args.texts, replace=False)
            split.data = [split.data[i] for i in keep]
            split.target = np.asarray(split.target)[keep]
    print(f"train {len(train.data)} texts, test {len(test.data)} texts", flush=True)

    peak, best = matmul_rate()
    print(f"NumPy float32 matmul (2048^2): median {peak:.0f} GFLOP/s, best {best:.0f}", flush=True)

    start = time.perf_counter()
    index_and_pad = recipe_indexer(keras, list(train.data))
    x_train = index_and_pad(list(train.data))
    print(f"recipe indexing and padding of the training texts: {time.perf_counter() - start:.1f} s")

    runs = {"keras": [], "scikeras": [], "skrnn": []}
    names = list(runs)
    peers = {"keras": run_keras, "scikeras": run_scikeras}
    model = None
    for seed in range(args.repeats):
        # Memory freed by one fit is reused by the next, so the order rotates.
        for name in names[seed % 3 :] + names[: seed % 3]:
            if name in peers:
                result = peers[name](
                    keras,
                    seed,
                    x_train,
                    train.target,
                    index_and_pad,
                    list(test.data),
                    test.target,
                    args.epochs,
                )
            else:
                *result, model = run_skrnn(keras, seed, train, test, args.epochs)
            seconds, predict_seconds, network_seconds, accuracy, memory = result
            runs[name].append(
                {
                    "epoch_seconds": seconds,
                    "predict_seconds": predict_seconds,
                    "network_predict_seconds": network_seconds,
                    "accuracy": accuracy,
                    "peak_mib": memory,
                }
            )
            print(
                f"seed {seed} {name:9s} epochs {[round(s, 1) for s in seconds]} s, "
                f"predict {predict_seconds:.1f} s (network {network_seconds:.1f} s), "
                f"accuracy {accuracy:.4f}, peak +{memory:.0f} MiB",
                flush=True,
            )

    summary = {}
    for name, results in runs.items():
        summary[name] = {
            "epoch_seconds": median([s for r in results for s in r["epoch_seconds"]]),
            "predict_seconds": median([r["predict_seconds"] for r in results]),
            "network_predict_seconds": median([r["network_predict_seconds"] for r in results]),
            "accuracy": median([r["accuracy"] for r in results]),
            "peak_mib": median([r["peak_mib"] for r in results]),
        }
    print("\nmedians over epochs and repeats")
    print(
        f"{'':10s} {'s/epoch':>8s} {'predict s':>10s} {'network s':>10s} {'accuracy':>9s} "
        f"{'peak MiB':>9s}"
    )
    for name, row in summary.items():
        print(
            f"{name:10s} {row['epoch_seconds']:8.1f} {row['predict_seconds']:10.1f} "
            f"{row['network_predict_seconds']:10.1f} {row['accuracy']:9.4f} "
            f"{row['peak_mib']:9.0f}"
        )
    ratios = {}
    for peer in ("keras", "scikeras"):
        ratios[peer] = {
            key: summary[peer][key] / summary["skrnn"][key]
            for key in ("epoch_seconds", "predict_seconds", "network_predict_seconds", "peak_mib")
        }
        print(
            f"{peer} / skrnn: epoch {ratios[peer]['epoch_seconds']:.2f}x, "
            f"predict {ratios[peer]['predict_seconds']:.2f}x "
            f"(network alone {ratios[peer]['network_predict_seconds']:.2f}x), "
            f"memory {ratios[peer]['peak_mib']:.2f}x"
        )

    per_token, real_tokens, computed_tokens = epoch_flops(model, train.data)
    flops = per_token * real_tokens
    rate = flops / summary["skrnn"]["epoch_seconds"] / 1e9
    padded_flops = per_token * len(train.data) * MAX_LENGTH
    print(
        f"\nskrnn epoch: {real_tokens} real tokens, {computed_tokens} computed with "
        f"padding; {per_token} FLOPs per token, {flops / 1e12:.3f} TFLOP per epoch; "
        f"{rate:.1f} GFLOP/s = {rate / peak:.1%} of the matmul rate"
    )
    print(
        f"fixed padding to {MAX_LENGTH} would compute {len(train.data) * MAX_LENGTH} tokens, "
        f"{padded_flops / 1e12:.3f} TFLOP"
    )

    test_sequences = model._to_sequences(model._tokenize(test.data))
    train_sequences = model._to_sequences(model._tokenize(train.data))
    index_memory = {
        "padded arrays (keras, scikeras)": 2 * x_train.nbytes / 2**20,
        "skrnn sequences": sum(
            s.ids.nbytes + s.lengths.nbytes for s in (train_sequences, test_sequences)
        )
        / 2**20,
    }
    print(
        "token indices held for both splits: "
        + ", ".join(f"{name} {mib:.1f} MiB" for name, mib in index_memory.items())
    )

    token_rates = tokenizer_rates(keras, list(train.data), model.vocabulary_)
    print("\ntokenizers on the training texts")
    for name, row in token_rates.items():
        print(
            f"{name:38s} {row['seconds']:6.2f} s  {row['tokens'] / row['seconds'] / 1e6:5.2f} "
            "M tokens/s"
        )

    if args.output:
        report = {
            "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}",
            "versions": {
                "skrnn": skrnn.__version__,
                "keras": keras.__version__,
                "numpy": np.__version__,
            },
            "arguments": vars(args),
            "matmul_gflops": {"median": peak, "best": best},
            "runs": runs,
            "summary": summary,
            "ratios": ratios,
            "flops": {
                "per_token": per_token,
                "real_tokens": real_tokens,
                "computed_tokens": computed_tokens,
                "gflops_per_second": rate,
            },
            "tokenizers": token_rates,
            "indices_held_mib": index_memory,
        }
        with open(args.output, "w") as file:
            json.dump(report, file, indent=2)


if __name__ == "__main__":
    main()
