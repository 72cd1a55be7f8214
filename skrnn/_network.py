"""Padded sequences to class scores: the Keras network behind the classifier."""

import numpy as np

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
    seed,
    embedding_matrix=None,
    trainable_embeddings=True,
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

    seed : int
        Seeds every initializer and dropout layer. Each gets its own seed
        derived from this one, so the network does not draw from Python's
        global ``random`` state, which other threads of the process (Dask's,
        a notebook's) may advance at any time.

    embedding_matrix : ndarray of shape (input_dim, embedding_dim), default=None
        Initial embedding weights; None draws them at random.
    trainable_embeddings : bool, default=True
        Whether training updates the embedding weights.

    The other parameters are those of :class:`skrnn.TextRNNClassifier`.

    Returns
    -------
    model : keras.Model
    """
    keras = import_keras()
    layers = keras.layers
    initializers = keras.initializers
    recurrent_layer = {"lstm": layers.LSTM, "gru": layers.GRU}[cell]
    seeds = iter(np.random.SeedSequence(seed).generate_state(6 * num_layers + 2))

    def new_recurrent(depth, go_backwards=False):
        return recurrent_layer(
            units,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            return_sequences=depth < num_layers - 1 or pooling == "mean",
            go_backwards=go_backwards,
            kernel_initializer=initializers.GlorotUniform(seed=int(next(seeds))),
            recurrent_initializer=initializers.Orthogonal(seed=int(next(seeds))),
            seed=int(next(seeds)),
            name=f"{cell}_{depth}" + ("_backward" if go_backwards else ""),
        )

    inputs = keras.Input(shape=(None,), dtype="int32", name="token_ids")
    # mask_zero makes every later layer skip the padding index 0. The
    # initializer is Keras's default for Embedding, with a seed.
    hidden = layers.Embedding(
        input_dim,
        embedding_dim,
        mask_zero=True,
        embeddings_initializer=initializers.RandomUniform(-0.05, 0.05, seed=int(next(seeds))),
        trainable=trainable_embeddings,
        name="embedding",
    )(inputs)
    for depth in range(num_layers):
        recurrent = new_recurrent(depth)
        if bidirectional:
            # An explicit backward layer, so that it gets seeds of its own.
            recurrent = layers.Bidirectional(
                recurrent,
                backward_layer=new_recurrent(depth, go_backwards=True),
                name=f"bidirectional_{depth}",
            )
        hidden = recurrent(hidden)
    if pooling == "mean":
        # The embedding's mask reaches this layer, so padded steps are left out.
        hidden = layers.GlobalAveragePooling1D(name="mean_pooling")(hidden)

    output_initializer = initializers.GlorotUniform(seed=int(next(seeds)))
    if n_outputs == 1:
        outputs = layers.Dense(
            1, activation="sigmoid", kernel_initializer=output_initializer, name="output"
        )(hidden)
        loss = "binary_crossentropy"
    else:
        outputs = layers.Dense(
            n_outputs,
            activation="softmax",
            kernel_initializer=output_initializer,
            name="output",
        )(hidden)
        loss = "sparse_categorical_crossentropy"

    model = keras.Model(inputs, outputs, name="text_rnn")
    if embedding_matrix is not None:
        model.get_layer("embedding").set_weights([embedding_matrix])
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
