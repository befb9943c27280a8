package org.seqtasks.timeseries;

import java.util.Arrays;
import java.util.List;

/**
 * The six patterns of a process control chart in the Synthetic Control data set (Alcock & Manolopoulos 1999), in the
 * order of the UCI file's blocks of 100 series: the class of line {@code i} (0-based) is {@code i / 100}.
 */
public enum ControlChartClass {
    NORMAL("normal"),
    CYCLIC("cyclic"),
    INCREASING_TREND("increasing-trend"),
    DECREASING_TREND("decreasing-trend"),
    UPWARD_SHIFT("upward-shift"),
    DOWNWARD_SHIFT("downward-shift");

    /** The class names in label order, as metrics and predictions print them. */
    public static final List<String> NAMES =
            Arrays.stream(values()).map(ControlChartClass::id).toList();

    private final String id;

    ControlChartClass(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ControlChartClass of(int label) {
        return values()[label];
    }
}
