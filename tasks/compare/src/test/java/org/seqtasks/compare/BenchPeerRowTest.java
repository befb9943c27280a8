package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each bench row's ratio is to the peer measured in its own round, not the last round's. */
class BenchPeerRowTest {
    private static BenchCommand.Row row(int round, String cell, String implementation) {
        return new BenchCommand.Row(round, cell, implementation, JsonNodeFactory.instance.objectNode());
    }

    @Test
    void theRatioIsToThePeerOfTheSameRound() {
        BenchCommand.Row ours1 = row(0, "rnn", "fast");
        BenchCommand.Row peer1 = row(0, "rnn", "pytorch");
        BenchCommand.Row lstmPeer1 = row(0, "lstm", "pytorch");
        BenchCommand.Row ours2 = row(1, "rnn", "fast");
        BenchCommand.Row peer2 = row(1, "rnn", "pytorch");
        List<BenchCommand.Row> rows = List.of(ours1, peer1, lstmPeer1, ours2, peer2);
        assertEquals(peer1, BenchCommand.peerOf(rows, ours1));
        assertEquals(peer2, BenchCommand.peerOf(rows, ours2));
        assertEquals(lstmPeer1, BenchCommand.peerOf(rows, row(0, "lstm", "fast")));
        assertNull(BenchCommand.peerOf(rows, row(1, "gru", "fast")), "the peer has no GRU");
    }
}
