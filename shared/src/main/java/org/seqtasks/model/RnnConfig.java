package org.seqtasks.model;

/**
 * Everything that defines a recurrent network and its optimiser, saved inside every model file so a
 * model carries its own recipe. Recipes are written with names: {@code RnnConfig.of(cell, seed).hidden(256).layers(2)
 * .bidirectional(true).dropout(0.5)}; each wither returns a new config.
 *
 * @param cell          SimpleRnn, LSTM or GRU
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
public record RnnConfig(
        Cell cell,
        int hidden,
        int layers,
        boolean bidirectional,
        int tbptt,
        double clip,
        double learningRate,
        double dropout,
        double l2,
        long seed) {
    /** The width {@link #of} starts from: a size every task trains in seconds. */
    public static final int DEFAULT_HIDDEN = 128;
    /** The step size {@link #of} starts from: Adam's own default (Kingma and Ba, 2015). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    public RnnConfig {
        if (hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("hidden and layers must be >= 1");
        }
        if (tbptt < 0 || clip < 0 || learningRate <= 0 || dropout < 0 || dropout >= 1 || l2 < 0) {
            throw new IllegalArgumentException("invalid config: " + this);
        }
    }

    /**
     * One forward layer of {@link #DEFAULT_HIDDEN} units, Adam at {@link #DEFAULT_LEARNING_RATE}, full BPTT, and no
     * clipping, dropout or weight decay: the starting point every recipe names its changes to.
     */
    public static RnnConfig of(Cell cell, long seed) {
        return new RnnConfig(cell, DEFAULT_HIDDEN, 1, false, 0, 0, DEFAULT_LEARNING_RATE, 0, 0, seed);
    }

    public RnnConfig cell(Cell cell) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig hidden(int hidden) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig layers(int layers) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig bidirectional(boolean bidirectional) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig tbptt(int tbptt) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig clip(double clip) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig learningRate(double learningRate) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig dropout(double dropout) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig l2(double l2) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    public RnnConfig seed(long seed) {
        return new RnnConfig(cell, hidden, layers, bidirectional, tbptt, clip, learningRate, dropout, l2, seed);
    }

    /** How runs name this model in records: the cell id, with {@code -bi} when bidirectional. */
    public String label() {
        return cell.id() + (bidirectional ? "-bi" : "");
    }
}
