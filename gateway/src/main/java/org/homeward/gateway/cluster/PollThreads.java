package org.homeward.gateway.cluster;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/** Stopping a thread that owns a Kafka consumer and closes it when its poll loop ends. */
final class PollThreads {
    private PollThreads() {
    }

    /**
     * Wakes the consumer's poll and waits up to {@code wait} for {@code thread} to end (the caller has
     * already cleared its running flag). A thread never started will not close the consumer, so it is
     * closed here. Restores the interrupt flag if interrupted while waiting.
     */
    static void stop(Thread thread, Consumer<?, ?> consumer, Duration wait) {
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
        }
        consumer.wakeup();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
