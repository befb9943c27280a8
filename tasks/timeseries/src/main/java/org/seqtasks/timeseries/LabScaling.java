package org.seqtasks.timeseries;

/**
 * What the lab's test scaling would report: the test days scaled with a scaler fitted on the test days
 * themselves, the model's output mapped back to prices with that same scaler. Kept only to show the size
 * of the leak beside the honest figures; a forecaster in use cannot know the coming period's range.
 */
record LabScaling(MinMaxScaler testScaler, ForecastMetrics metrics) {
    static LabScaling evaluate(TimeseriesModel model, DailyPrices prices, int window) {
        MinMaxScaler leaky = MinMaxScaler.fit(prices.testRows(window));
        PriceWindows test = new PriceWindows(prices.testRows(window), leaky, window);
        double[] scaled = model.predictScaled(test);
        double[] predicted = new double[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            predicted[i] = leaky.unscale(DailyPrices.CLOSE, scaled[i]);
        }
        return new LabScaling(leaky, ForecastMetrics.of(predicted, test.targetClose(), test.lastClose()));
    }
}
