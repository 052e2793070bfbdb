package org.homeward.sim.model;

/**
 * One pack leaving a device (or a manual entry), in emission order.
 *
 * @param emitMillis  wall-clock offset from the run start at which it is sent
 * @param seq         tie-breaker for equal emit times (generation order)
 * @param patientId   pseudonym
 * @param deviceId    pseudonym
 * @param kind        device kind
 * @param channel     SENML, STATUS or EVENT
 * @param pack        the content
 * @param simHours    simulated hour of the (first) sample
 * @param malformation null when well-formed
 * @param flag        "" or one of {@code dup}, {@code backfill}, {@code reordered}, {@code malformed}
 */
public record Emission(long emitMillis, long seq, String patientId, String deviceId, DeviceKind kind,
                       Channel channel, Pack pack, double simHours, Malformation malformation, String flag) {

    Emission withEmit(long newEmit, long newSeq, String newFlag) {
        return new Emission(newEmit, newSeq, patientId, deviceId, kind, channel, pack, simHours, malformation, newFlag);
    }
}
