"""The ``skrnn`` command line."""

import argparse
import contextlib
import os
import sys
from pathlib import Path

from . import __version__


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _seed(text):
    # numpy.random.RandomState, which scikit-learn seeds with it, takes 0 to 2**32 - 1.
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(
            f"expected an integer from 0 to {2**32 - 1}, got {text!r}"
        )
    return value


def build_parser():
    """Return the argument parser of the ``skrnn`` command."""
    parser = argparse.ArgumentParser(
        prog="skrnn",
        description="Recurrent networks against bag-of-words baselines on movie reviews.",
    )
    parser.add_argument("--version", action="version", version=f"skrnn {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    compare = commands.add_parser(
        "compare",
        help="train the baselines and a TextRNNClassifier and report the scores",
        description=(
            "Train the bag-of-words baselines and a TextRNNClassifier on the same "
            "training reviews, score them on the test reviews, print a table and write "
            "results.json, report.md and PNG plots."
        ),
    )
    compare.add_argument(
        "--dataset",
        choices=("sample", "imdb"),
        default="sample",
        help="'sample': the 2,500 + 1,000 reviews bundled with skrnn (default); "
        "'imdb': the full 25,000 + 25,000 reviews",
    )
    compare.add_argument(
        "--data",
        metavar="PATH",
        help="with --dataset imdb: a local aclImdb_v1.tar.gz or extracted aclImdb folder "
        "(default: SKRNN_IMDB_PATH, else the cached or downloaded archive)",
    )
    compare.add_argument(
        "--output",
        metavar="DIR",
        default="skrnn-results",
        help="folder for results.json, report.md and the plots (default: skrnn-results)",
    )
    compare.add_argument(
        "--epochs",
        type=_positive_int,
        help="maximum training epochs of the recurrent network (default: the estimator's, 10)",
    )
    compare.add_argument(
        "--cell", choices=("lstm", "gru"), default="lstm", help="recurrent layer (default: lstm)"
    )
    compare.add_argument(
        "--seed", type=_seed, default=0, help="random_state of the recurrent network (default: 0)"
    )
    compare.add_argument(
        "--quiet", action="store_true", help="print only the final table"
    )
    compare.set_defaults(command_parser=compare)
    return parser


def main(argv=None):
    """Run the ``skrnn`` command; return its exit status."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.data is not None and arguments.dataset != "imdb":
        # The subcommand's own parser prints the usage line of "skrnn compare".
        arguments.command_parser.error("--data is only used with --dataset imdb")
    return _compare(arguments)


def _compare(arguments):
    from ._compare import describe_run, format_table, load_split, run_comparison, write_report

    def progress(line):
        if not arguments.quiet:
            print(line, file=sys.stderr, flush=True)

    # Fail before training, not after it, when the report cannot be written.
    output = Path(arguments.output)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"skrnn: error: could not create the output folder: {error}", file=sys.stderr)
        return 1
    if not os.access(output, os.W_OK):
        print(f"skrnn: error: the output folder {output} is not writable", file=sys.stderr)
        return 1

    try:
        progress(f"Loading the {arguments.dataset} reviews")
        train, test = load_split(arguments.dataset, arguments.data)
    except (OSError, ValueError) as error:
        print(f"skrnn: error: could not load the reviews: {error}", file=sys.stderr)
        return 1

    rnn_params = {"cell": arguments.cell, "random_state": arguments.seed}
    rnn_params["verbose"] = 0 if arguments.quiet else 2
    if arguments.epochs is not None:
        rnn_params["epochs"] = arguments.epochs
    # Keras prints its per-epoch lines to stdout; send them to stderr with the
    # other progress lines, so stdout carries only the table.
    with contextlib.redirect_stdout(sys.stderr):
        results = run_comparison(train, test, rnn_params=rnn_params, progress=progress)

    try:
        paths = write_report(output, describe_run(arguments.dataset, train, test), results)
    except OSError as error:
        print(f"skrnn: error: could not write the report: {error}", file=sys.stderr)
        return 1
    print(format_table(results))
    progress("Wrote " + ", ".join(str(path) for path in paths))
    return 0

