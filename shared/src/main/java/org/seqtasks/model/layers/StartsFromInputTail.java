package org.seqtasks.model.layers;

/**
 * A recurrent layer configuration that can take its initial hidden state from its own input: with the option on, the
 * last {@code H} (= nOut) input columns at the first step are {@code h_0} instead of zeros (an LSTM's cell state still
 * starts at zero), and dL/dh_0 flows back into those columns. A DL4J layer reads one input, so this is how a decoder
 * starts from an encoder's summary that a graph appends to its input; those columns keep feeding every step as well
 * (Cho et al. 2014 do both). Off by default, so configurations saved without it load and run as before.
 */
public interface StartsFromInputTail {
    boolean isInitialStateFromInputTail();

    void setInitialStateFromInputTail(boolean on);

    /** Whether {@code layer} is configured to start from its input tail. */
    static boolean isOn(Object layer) {
        return layer instanceof StartsFromInputTail s && s.isInitialStateFromInputTail();
    }
}
