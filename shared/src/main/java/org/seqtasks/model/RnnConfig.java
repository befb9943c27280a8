package org.seqtasks.model;

/**
 * Everything that defines a recurrent network and its optimiser, saved inside every model file so a
 * model carries its own recipe.
 *
 * @param cell          SimpleRnn or LSTM
 * @param hidden        units per recurrent layer (per direction when bidirectional)
 * @param layers        stacked recurrent layers
 * @param bidirectional run each layer forwards and backwards and concatenate (not for language models)
 * @param tbptt         truncated BPTT segment length (forward = backward); 0 = full BPTT
 * @param clip          element-wise gradient clipping threshold; 0 = off
 * @param learningRate  Adam's step size
 * @param dropout       probability of dropping a recurrent layer's input; 0 = off
 * @param l2            L2 weight decay coefficient; 0 = off
 * @param seed          seeds the weight initialisation (data order has its own seed)
 */
public record RnnConfig(Cell cell, int hidden, int layers, boolean bidirectional, int tbptt, double clip,
                        double learningRate, double dropout, double l2, long seed) {
    public RnnConfig {
        if (hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("hidden and layers must be >= 1");
        }
        if (tbptt < 0 || clip < 0 || learningRate <= 0 || dropout < 0 || dropout >= 1 || l2 < 0) {
            throw new IllegalArgumentException("invalid config: " + this);
        }
    }

    /** How runs name this model in records: the cell id, with {@code -bi} when bidirectional. */
    public String label() {
        return cell.id() + (bidirectional ? "-bi" : "");
    }
}
