package org.seqtasks.model;

import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.Activation;
import org.seqtasks.model.layers.Gru;

/**
 * The recurrent cell, the one thing every comparison in this project varies.
 *
 * <p>{@link #RNN} is the lecture's recurrence {@code h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)}: one weight
 * matrix for the input, one for the previous state, shared across all time steps. Its gradient through
 * time is a product of Jacobians {@code W_hh^T diag(1 - h^2)}, which shrinks or grows geometrically.
 * {@link #LSTM} adds a cell state updated additively through a forget gate, so gradients can pass many
 * steps without that repeated multiplication. {@link #GRU} gets the same effect with two gates and no separate
 * cell state: its new state is a gate-weighted blend of the old state and a candidate.
 */
public enum Cell {
    RNN("rnn", "SimpleRnn"),
    LSTM("lstm", "LSTM"),
    GRU("gru", "GRU");

    private final String id;
    private final String displayName;

    Cell(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The CLI and file name of the cell: {@code rnn}, {@code lstm} or {@code gru}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * Trainable parameters of one layer with {@code nIn} inputs and {@code hidden} units, by the formula:
     * SimpleRnn {@code H(nIn+H)+H} (W_xh, W_hh, b); LSTM four times that (block input and the input,
     * forget and output gates); GRU three times that (reset and update gates, candidate) plus H (the candidate's
     * recurrent bias, which sits inside the reset gate's product).
     */
    public long parameterCount(long nIn, long hidden) {
        long one = hidden * (nIn + hidden) + hidden;
        return switch (this) {
            case RNN -> one;
            case LSTM -> 4 * one;
            case GRU -> 3 * one + hidden;
        };
    }

    /**
     * A DL4J layer of this cell, run by {@link LayerImplementation#current()}; {@code retainProbability} below 1
     * applies dropout to its input.
     */
    Layer layer(int nIn, int hidden, double retainProbability) {
        BaseRecurrentLayer.Builder<?> builder = switch (this) {
            case RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
            case LSTM -> new LSTM.Builder().activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID);
            case GRU -> new Gru.Builder(); // DL4J has no GRU: ours is its only implementation
        };
        builder.nIn(nIn).nOut(hidden);
        if (retainProbability < 1.0) {
            builder.dropOut(retainProbability);
        }
        return LayerImplementation.current().of(builder.build());
    }

    public static Cell parse(String s) {
        for (Cell c : values()) {
            if (c.id.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s) || c.displayName.equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + s + "' (expected rnn, lstm or gru)");
    }

    @Override
    public String toString() {
        return id;
    }
}
