package org.seqtasks.model.layers;

/**
 * The parameter names of a recurrent layer: DL4J's own ({@code W}, {@code RW}, {@code b}) for LSTM and SimpleRnn, so
 * a saved network's parameter table reads the same with either implementation; GRU adds its candidate's recurrent bias.
 */
record CellParameters(String input, String recurrent, String bias, String recurrentBias) {
    static final CellParameters DL4J = new CellParameters("W", "RW", "b", null);
}
