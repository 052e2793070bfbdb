package org.homeward.gateway.journal;

/** Test seam: called on the writer thread before each group commit (e.g. to stall the writer). */
interface WriterHook {
    WriterHook NONE = batchSize -> { };

    void beforeCommit(int batchSize);
}
