"""Padded sequences to class scores: the Keras network behind the classifier."""

from ._keras import import_keras


def build_network(
    *,
    input_dim,
    n_outputs,
    embedding_dim,
    cell,
    units,
    bidirectional,
    num_layers,
    pooling,
    dropout,
    recurrent_dropout,
    optimizer,
    learning_rate,
    clipnorm,
):
    """Build and compile an embedding + recurrent + dense network.

    Parameters
    ----------
    input_dim : int
        Embedding input size: vocabulary entries plus the padding and
        out-of-vocabulary indices.
    n_outputs : int
        1 for two classes (sigmoid output, binary cross-entropy), otherwise
        the number of classes (softmax output, sparse categorical
        cross-entropy).

    The other parameters are those of :class:`skrnn.TextRNNClassifier`.

    Returns
    -------
    model : keras.Model
    """
    keras = import_keras()
    layers = keras.layers
    recurrent_layer = {"lstm": layers.LSTM, "gru": layers.GRU}[cell]

    inputs = keras.Input(shape=(None,), dtype="int32", name="token_ids")
    # mask_zero makes every later layer skip the padding index 0.
    hidden = layers.Embedding(input_dim, embedding_dim, mask_zero=True, name="embedding")(
        inputs
    )
    for depth in range(num_layers):
        recurrent = recurrent_layer(
            units,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            return_sequences=depth < num_layers - 1 or pooling == "mean",
            name=f"{cell}_{depth}",
        )
        if bidirectional:
            recurrent = layers.Bidirectional(recurrent, name=f"bidirectional_{depth}")
        hidden = recurrent(hidden)
    if pooling == "mean":
        # The embedding's mask reaches this layer, so padded steps are left out.
        hidden = layers.GlobalAveragePooling1D(name="mean_pooling")(hidden)

    if n_outputs == 1:
        outputs = layers.Dense(1, activation="sigmoid", name="output")(hidden)
        loss = "binary_crossentropy"
    else:
        outputs = layers.Dense(n_outputs, activation="softmax", name="output")(hidden)
        loss = "sparse_categorical_crossentropy"

    model = keras.Model(inputs, outputs, name="text_rnn")
    model.compile(
        optimizer=keras.optimizers.get(
            {
                "class_name": optimizer,
                "config": {"learning_rate": learning_rate, "clipnorm": clipnorm},
            }
        ),
        loss=loss,
        metrics=["accuracy"],
    )
    return model
