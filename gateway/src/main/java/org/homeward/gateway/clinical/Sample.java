package org.homeward.gateway.clinical;

/**
 * One trusted sample of a stream as the rules see it.
 *
 * @param at         measurement time (epoch ms)
 * @param value      canonical value
 * @param receivedAt when the gateway received it (epoch ms)
 * @param late       marked late at ingest (measured well before it arrived: buffered by the device)
 * @param spot       measured by a spot-check device (a spot thermometer raises fever on one reading)
 */
record Sample(long at, double value, long receivedAt, boolean late, boolean spot) {
    /** Arrival delay when the sample was marked late, else 0. */
    long lateMillis() {
        return late ? Math.max(0, receivedAt - at) : 0;
    }
}
