"""Train the baselines and a TextRNNClassifier on the same reviews; report the numbers."""

import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

from . import __version__
from ._classifier import TextRNNClassifier
from .baselines import BASELINES
from .datasets import load_imdb, load_imdb_sample

RNN_NAME = "text_rnn"


def load_split(dataset, data_path=None):
    """Return the (train, test) Bunches of ``dataset``: "sample" or "imdb"."""
    if dataset == "sample":
        return load_imdb_sample(subset="train"), load_imdb_sample(subset="test")
    return load_imdb(subset="train", path=data_path), load_imdb(subset="test", path=data_path)


def run_comparison(train, test, *, rnn_params=None, progress=None):
    """Fit every baseline and a TextRNNClassifier on ``train``, score them on ``test``.

    Parameters
    ----------
    train, test : Bunch
        Datasets with ``data`` and ``target``.
    rnn_params : dict, default=None
        Parameters of the TextRNNClassifier.
    progress : callable or None, default=None
        Called with one line of text before each long step.

    Returns
    -------
    results : list of dict
        One entry per model: name, accuracy, macro F1, fit and predict
        seconds; the TextRNNClassifier's entry also has its parameters and
        per-epoch history.
    """
    progress = progress or (lambda line: None)
    models = {name: make() for name, make in BASELINES.items()}
    models[RNN_NAME] = TextRNNClassifier(**(rnn_params or {}))

    results = []
    for name, model in models.items():
        progress(f"Fitting {name} on {len(train.data):,} reviews")
        start = time.perf_counter()
        model.fit(train.data, train.target)
        fit_seconds = time.perf_counter() - start

        progress(f"Predicting {len(test.data):,} reviews with {name}")
        start = time.perf_counter()
        predicted = model.predict(test.data)
        predict_seconds = time.perf_counter() - start

        result = {
            "model": name,
            "accuracy": float(accuracy_score(test.target, predicted)),
            "macro_f1": float(f1_score(test.target, predicted, average="macro")),
            "fit_seconds": fit_seconds,
            "predict_seconds": predict_seconds,
        }
        if name == RNN_NAME:
            result["params"] = model.get_params()
            result["history"] = model.history_
            result["best_epoch"] = model.best_epoch_
            result["max_length"] = model.max_length_
            result["vocabulary_size"] = len(model.vocabulary_)
        results.append(result)
        progress(
            f"{name}: accuracy {result['accuracy']:.4f}, fit {fit_seconds:.1f} s, "
            f"predict {predict_seconds:.1f} s"
        )
    return results


def format_table(results):
    """Return the results as a Markdown table, one row per model."""
    lines = [
        "| model | accuracy | macro F1 | fit seconds | predict seconds |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        lines.append(
            f"| {result['model']} | {result['accuracy']:.4f} | {result['macro_f1']:.4f} "
            f"| {result['fit_seconds']:.1f} | {result['predict_seconds']:.1f} |"
        )
    return "\n".join(lines)


def describe_run(dataset, train, test):
    """Return what the report records about the data, software and machine."""
    import sklearn

    from ._keras import import_keras

    keras = import_keras()
    import tensorflow

    return {
        "dataset": dataset,
        "n_train": len(train.data),
        "n_test": len(test.data),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.platform()}",
        "python": platform.python_version(),
        "versions": {
            "skrnn": __version__,
            "scikit-learn": sklearn.__version__,
            "keras": keras.__version__,
            "tensorflow": tensorflow.__version__,
        },
        "command": " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:]),
    }


def write_report(output_dir, run, results):
    """Write results.json, report.md and the PNG plots to ``output_dir``.

    Returns
    -------
    paths : list of pathlib.Path
        The files written.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)

    results_path = output_dir / "results.json"
    results_path.write_text(json.dumps({"run": run, "results": results}, indent=2) + "\n")
    scatter_path = output_dir / "accuracy_vs_fit_time.png"
    _plot_accuracy_against_fit_time(results, scatter_path)
    curves_path = output_dir / "training_curves.png"
    rnn = next(result for result in results if result["model"] == RNN_NAME)
    _plot_training_curves(rnn["history"], rnn["best_epoch"], curves_path)

    best_baseline = max(
        (result for result in results if result["model"] != RNN_NAME),
        key=lambda result: result["accuracy"],
    )
    gap = rnn["accuracy"] - best_baseline["accuracy"]
    verdict = "above" if gap > 0 else "below"
    report = "\n".join(
        [
            "# skrnn comparison",
            "",
            f"Dataset: {run['dataset']} ({run['n_train']:,} training reviews, "
            f"{run['n_test']:,} test reviews).",
            f"Date: {run['date']}. Machine: {run['machine']}.",
            f"Command: `{run['command']}`.",
            "",
            format_table(results),
            "",
            f"The recurrent network's test accuracy is {100 * abs(gap):.2f} points {verdict} "
            f"that of the best baseline ({best_baseline['model']}). It trained for "
            f"{len(rnn['history']['loss'])} epochs and kept the weights of epoch "
            f"{rnn['best_epoch']}, with texts cut to at most {rnn['max_length']} tokens.",
            "",
            f"![Accuracy against fit time]({scatter_path.name})",
            "",
            f"![Training curves of {RNN_NAME}]({curves_path.name})",
            "",
        ]
    )
    report_path = output_dir / "report.md"
    report_path.write_text(report)
    return [results_path, report_path, scatter_path, curves_path]


def _plot_accuracy_against_fit_time(results, path):
    # Figure without pyplot: no global backend or state is touched.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 4), layout="constrained")
    axes = figure.subplots()
    for result in results:
        axes.scatter(result["fit_seconds"], result["accuracy"], s=40)
        axes.annotate(
            result["model"],
            (result["fit_seconds"], result["accuracy"]),
            textcoords="offset points",
            xytext=(5, 5),
        )
    axes.set_xscale("log")
    axes.set_xlabel("fit time (seconds, log scale)")
    axes.set_ylabel("test accuracy")
    axes.set_title("Accuracy against fit time")
    axes.grid(True, alpha=0.3)
    figure.savefig(path, dpi=120)


def _plot_training_curves(history, best_epoch, path):
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(history["loss"]) + 1)
    figure = Figure(figsize=(9, 3.5), layout="constrained")
    loss_axes, accuracy_axes = figure.subplots(1, 2)
    for axes, metric in ((loss_axes, "loss"), (accuracy_axes, "accuracy")):
        axes.plot(epochs, history[metric], marker="o", label="training")
        if f"val_{metric}" in history:
            axes.plot(epochs, history[f"val_{metric}"], marker="o", label="validation")
        axes.axvline(best_epoch, color="grey", linestyle="--", label="kept epoch")
        axes.set_xlabel("epoch")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(metric)
        axes.grid(True, alpha=0.3)
        axes.legend()
    figure.suptitle(f"{RNN_NAME}: training and validation per epoch")
    figure.savefig(path, dpi=120)
