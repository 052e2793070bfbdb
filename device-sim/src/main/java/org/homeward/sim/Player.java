package org.homeward.sim;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.homeward.sim.model.Channel;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.PatientTrace;
import org.homeward.sim.senml.MalformedPayloads;
import org.homeward.sim.senml.SenmlEncoder;
import org.homeward.sim.senml.SenmlFormat;
import org.homeward.sim.transport.DeviceLink;
import org.homeward.sim.transport.Outgoing;

/**
 * Plays patient traces against the wall clock: each emission is encoded and handed to its device's
 * link when its wall offset is due. Runs on the calling thread until every trace is done, the
 * stop condition holds, or the thread is interrupted.
 */
final class Player {
    /** Resolves the link and wire format of a device. */
    interface Routing {
        DeviceLink link(String deviceId);

        SenmlFormat format(String deviceId);

        /** The emission was handed to its link (e.g. for a cuff to remember its last reading). */
        default void sent(Emission e) {
        }
    }

    private final List<PatientTrace> traces;
    private final Routing routing;
    private final ManualEntrySink manual;

    Player(List<PatientTrace> traces, Routing routing, ManualEntrySink manual) {
        this.traces = traces;
        this.routing = routing;
        this.manual = manual;
    }

    /** Plays until done; {@code stop} is polled at least every 100 ms. */
    void play(long startNanos, BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            long nextDue = Long.MAX_VALUE;
            for (PatientTrace t : traces) {
                while (t.peekEmitMillis() <= now) {
                    dispatch(t.next());
                }
                nextDue = Math.min(nextDue, t.peekEmitMillis());
            }
            if (nextDue == Long.MAX_VALUE) {
                return;
            }
            long waitMs = Math.max(1, Math.min(100, nextDue - now));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMs));
        }
    }

    private void dispatch(Emission e) {
        if (e.channel() == Channel.EVENT) {
            manual.accept(e);
            return;
        }
        SenmlFormat f = e.channel() == Channel.STATUS ? SenmlFormat.JSON : routing.format(e.deviceId());
        byte[] bytes = e.malformation() == null
                ? SenmlEncoder.encode(e.pack(), f)
                : MalformedPayloads.build(e.pack(), e.malformation(), f);
        routing.link(e.deviceId()).send(new Outgoing(e.channel(), f, bytes));
        routing.sent(e);
    }
}
