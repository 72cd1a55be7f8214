"""Padded sequences to class scores: the Keras network behind the classifier."""

import numpy as np

from ._keras import import_keras
from ._text import OOV_INDEX


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
        # Weighted, so that the filler rows that complete a short batch (weight
        # 0, see batch_dataset) do not count.
        weighted_metrics=["accuracy"],
    )
    return model


def batch_dataset(sequences, batches, targets=None, weights=None, batch_size=None, multiple=8):
    """Turn ``sequences`` into a ``tf.data.Dataset`` of right-padded batches.

    Everything runs inside TensorFlow: the token indices are held once, as a
    ragged tensor, and each batch is gathered from it and padded to its
    longest text, rounded up to ``multiple``, so batches come in few widths.

    Parameters
    ----------
    sequences : skrnn._text.Sequences
    batches : list of ndarray of int
        Row indices of each batch, in order. For training they may span
        several epochs, since Keras reads on where the last epoch stopped
        when ``fit`` gets ``steps_per_epoch``.
    targets, weights : ndarray of shape (n_texts,), default=None
        Encoded labels and sample weights; without them the batches hold
        token indices only, for prediction.
    batch_size : int, default=None
        When given, every batch gets exactly this many rows: smaller ones are
        completed with filler rows (one out-of-vocabulary token, weight 0),
        and the weights of its real rows are multiplied by ``batch_size / n``.
        On CPU an epoch took 23% less time when the batch size was fixed in
        the graph.
    multiple : int, default=8

    Returns
    -------
    dataset : tf.data.Dataset
        The width (time steps) is declared unknown, so Keras compiles its
        training and prediction steps once for all widths.
    """
    import_keras()
    import tensorflow as tf

    filler = len(sequences)
    sizes = np.array([len(rows) for rows in batches], dtype=np.int32)
    # Keras divides a batch's weighted loss sum by its number of rows, filler
    # rows included, so the real rows of a filled batch are weighted up by
    # batch_size / n. The batch's loss and gradient are then those of its n texts.
    scales = np.ones(len(batches), dtype=np.float32)
    if batch_size is not None:
        scales = (batch_size / sizes).astype(np.float32)
        batches = [
            np.concatenate([rows, np.full(batch_size - len(rows), filler)]) for rows in batches
        ]
    rows_per_batch = np.array([len(rows) for rows in batches])
    batch_ends = np.cumsum(rows_per_batch)
    order = tf.constant(np.concatenate(batches).astype(np.int32))
    starts, ends = tf.constant(batch_ends - rows_per_batch), tf.constant(batch_ends)
    scales = tf.constant(scales)
    # The filler row, appended last, is a single out-of-vocabulary token.
    tokens = tf.RaggedTensor.from_row_lengths(
        np.append(sequences.ids, np.int32(OOV_INDEX)), np.append(sequences.lengths, 1)
    )
    if targets is not None:
        targets = tf.constant(np.append(targets, 0).astype(np.float32))
        weights = tf.constant(np.append(weights, 0).astype(np.float32))

    def load(batch):
        rows = order[starts[batch] : ends[batch]]
        padded = tf.gather(tokens, rows).to_tensor()
        padded = tf.pad(padded, [[0, 0], [0, -tf.shape(padded)[1] % multiple]])
        padded = tf.ensure_shape(padded, (batch_size, None))
        if targets is None:
            return padded
        return padded, tf.gather(targets, rows), tf.gather(weights, rows) * scales[batch]

    return tf.data.Dataset.range(len(batches)).map(load).prefetch(2)
