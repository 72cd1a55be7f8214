import json
import subprocess
import sys

import pytest

from skrnn.cli import main


def test_compare_on_sample_writes_report(tmp_path, capsys):
    output = tmp_path / "report"
    status = main(["compare", "--output", str(output), "--epochs", "1", "--quiet"])
    assert status == 0

    table = capsys.readouterr().out
    assert "| model | accuracy | macro F1 | fit seconds | predict seconds |" in table
    for name in ("tfidf_logreg", "counts_naive_bayes", "text_rnn"):
        assert f"| {name} |" in table

    results = json.loads((output / "results.json").read_text())
    assert results["run"]["dataset"] == "sample"
    assert results["run"]["n_train"] == 2500
    assert results["run"]["n_test"] == 1000
    by_model = {result["model"]: result for result in results["results"]}
    assert set(by_model) == {"tfidf_logreg", "counts_naive_bayes", "text_rnn"}
    for result in by_model.values():
        assert 0.5 < result["accuracy"] <= 1.0
        assert 0.5 < result["macro_f1"] <= 1.0
        assert result["fit_seconds"] > 0
    assert len(by_model["text_rnn"]["history"]["loss"]) == 1

    report = (output / "report.md").read_text()
    assert "![Accuracy against fit time](accuracy_vs_fit_time.png)" in report
    for plot in ("accuracy_vs_fit_time.png", "training_curves.png"):
        assert (output / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_module_entry_point_runs_compare(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "skrnn", "compare", "--epochs", "1", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    # The table alone goes to stdout; progress, Keras's epoch lines included, to stderr.
    assert completed.stdout.startswith("| model | accuracy |")
    assert "| text_rnn |" in completed.stdout
    assert "Fitting text_rnn on 2,500 reviews" in completed.stderr
    assert "val_loss" in completed.stderr
    assert (tmp_path / "report.md").exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["compare", "--epochs", "0"], "expected a positive integer, got '0'"),
        (["compare", "--dataset", "yelp"], "invalid choice: 'yelp'"),
        (["compare", "--data", "x.tar.gz"], "--data is only used with --dataset imdb"),
        (["compare", "--seed", "-1"], "expected an integer from 0 to 4294967295, got '-1'"),
        (["compare", "--seed", "x"], "expected an integer, got 'x'"),
        ([], "the following arguments are required: COMMAND"),
    ],
    ids=[
        "zero-epochs",
        "unknown-dataset",
        "data-without-imdb",
        "negative-seed",
        "text-seed",
        "no-command",
    ],
)
def test_bad_arguments_exit_with_usage_error(arguments, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(arguments)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_unreadable_data_exits_with_one_line(tmp_path, capsys):
    missing = tmp_path / "missing.tar.gz"
    status = main(["compare", "--dataset", "imdb", "--data", str(missing), "--quiet"])
    assert status == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith("skrnn: error: could not load the reviews:")
    assert str(missing) in error


def test_data_error_shows_compare_usage(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--data", "x.tar.gz"])
    assert capsys.readouterr().err.startswith("usage: skrnn compare")


def test_unwritable_output_fails_before_training(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status = main(["compare", "--output", str(blocker / "report"), "--quiet"])
    assert status == 1
    error = capsys.readouterr().err
    assert error.startswith("skrnn: error: could not create the output folder:")
    assert error.count("\n") == 1
