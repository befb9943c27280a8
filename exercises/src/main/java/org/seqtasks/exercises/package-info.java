/**
 * The reference solutions of the project's cs231n-style exercises, in plain ND4J: a vanilla RNN's step and sequence
 * forward and backward ({@link org.seqtasks.exercises.VanillaRnn}), an LSTM step forward and backward in DL4J's
 * parameter layout ({@link org.seqtasks.exercises.LstmCell}), a GRU step, reset after as the project's {@code Gru}
 * layer ({@link org.seqtasks.exercises.GruCell}), the temporal softmax loss with a mask
 * ({@link org.seqtasks.exercises.TemporalSoftmaxLoss}) and sampling with a temperature
 * ({@link org.seqtasks.exercises.Sampling}).
 *
 * <p>A student works in the notebooks ({@code notebooks/}), where each exercise is a marked cell and a check cell; this
 * package is the checked answer the notebooks compare against. Its tests hold every function to numeric gradients
 * (relative error below 1e-7 in double precision) and to DL4J's {@code SimpleRnn} and {@code LSTM} with the same
 * weights copied in.
 *
 * <p>Layout throughout, cs231n's and DL4J's: a minibatch of N examples is N rows, so a step reads {@code x} [N, D] and
 * {@code hPrev} [N, H], input weights are [D, kH], recurrent weights [H, kH], biases rows [1, kH]; whole sequences are
 * DL4J's [N, features, T]. Call {@code Nd4j.setDefaultDataTypes(DOUBLE, DOUBLE)} before a gradient check: float's 1e-7
 * is the size of its rounding, not of a mistake.
 */
package org.seqtasks.exercises;
