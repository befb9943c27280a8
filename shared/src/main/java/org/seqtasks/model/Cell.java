package org.seqtasks.model;

import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.Activation;

/**
 * The recurrent cell, the one thing every comparison in this project varies.
 *
 * <p>{@link #RNN} is the lecture's recurrence {@code h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)}: one weight
 * matrix for the input, one for the previous state, shared across all time steps. Its gradient through
 * time is a product of Jacobians {@code W_hh^T diag(1 - h^2)}, which shrinks or grows geometrically.
 * {@link #LSTM} adds a cell state updated additively through a forget gate, so gradients can pass many
 * steps without that repeated multiplication.
 */
public enum Cell {
    RNN("rnn", "SimpleRnn"),
    LSTM("lstm", "LSTM");

    private final String id;
    private final String displayName;

    Cell(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The CLI and file name of the cell: {@code rnn} or {@code lstm}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * Trainable parameters of one layer with {@code nIn} inputs and {@code hidden} units, by the formula:
     * SimpleRnn {@code H(nIn+H)+H} (W_xh, W_hh, b); LSTM four times that (block input and the input,
     * forget and output gates).
     */
    public long parameterCount(long nIn, long hidden) {
        long one = hidden * (nIn + hidden) + hidden;
        return this == RNN ? one : 4 * one;
    }

    /** A DL4J layer of this cell; {@code retainProbability} below 1 applies dropout to its input. */
    Layer layer(int nIn, int hidden, double retainProbability) {
        var builder = this == RNN
                ? new SimpleRnn.Builder().activation(Activation.TANH)
                : new LSTM.Builder().activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID);
        builder.nIn(nIn).nOut(hidden);
        if (retainProbability < 1.0) {
            builder.dropOut(retainProbability);
        }
        return builder.build();
    }

    public static Cell parse(String s) {
        for (Cell c : values()) {
            if (c.id.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + s + "' (expected rnn or lstm)");
    }

    @Override
    public String toString() {
        return id;
    }
}
