package org.homeward.sim.transport;

/**
 * One simulated device's connection to the gateway. Implementations are thread-safe: the run's
 * scheduler calls {@link #send} and {@link #pump} while client threads report acks and losses.
 * No method blocks on the network.
 */
public interface DeviceLink extends AutoCloseable {
    /** Starts connecting in the background; retries until {@link #close}. */
    void start();

    /**
     * Sends now when connected, otherwise holds the pack in a bounded offline buffer for a late
     * backfill. Returns false (and counts it as dropped) only when that buffer is full.
     */
    boolean send(Outgoing pack);

    /** Flushes held packs if the link is up; called periodically by the scheduler. */
    void pump();

    /** True while the transport session is believed up. */
    boolean connected();

    /** Stops retrying and releases the connection; waits at most a few seconds. */
    @Override
    void close();
}
