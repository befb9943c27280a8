package org.seqtasks.timeseries;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.data.EpochPlanIterator;

/** Minibatches of a (normalised) DataSet of series, in a fresh seeded order each epoch. */
final class SeriesBatches extends EpochPlanIterator<List<Integer>> {
    private final List<DataSet> examples;
    private final long seed;

    SeriesBatches(DataSet all, int batchSize, long seed) {
        super(batchSize);
        this.examples = all.asList();
        this.seed = seed;
    }

    @Override
    protected List<List<Integer>> plan(int epoch) {
        List<Integer> order = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed + epoch));
        List<List<Integer>> plan = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batch()) {
            plan.add(order.subList(from, Math.min(order.size(), from + batch())));
        }
        return plan;
    }

    @Override
    protected DataSet build(List<Integer> batch) {
        return DataSet.merge(batch.stream().map(examples::get).toList());
    }
}
