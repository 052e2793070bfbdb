package org.homeward.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.homeward.gateway.command.DeviceCommand;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.processing.PatientSnapshot;

/**
 * Fans live changes out to the nurse view's WebSocket viewers.
 *
 * <p>Each patient change is one {@link PatientUpdate}, serialised once and written to every viewer
 * (all signed-in carers see every patient: the upgrade admits only {@code mayCare} users, and a viewer
 * whose session ends is closed on its next heartbeat; there is no per-ward or per-role filtering
 * to apply per viewer). Per viewer: patient changes are conflated per frame ({@link #DEFAULT_FRAME_MILLIS};
 * only the newest update per patient waits, so a slow viewer gets the newest state and memory stays
 * bounded by the number of patients); alarm
 * events wait in a bounded queue and are never silently dropped — when a viewer's queue is full,
 * the viewer is marked for a full resync (every patient and every open alarm, from
 * {@link PatientQuery}) and the resync is counted in {@link Meters#LIVE_RESYNCS}. A new viewer
 * starts with such a snapshot.
 *
 * <p>Threading: the {@link LiveListener} methods are called on shard threads; they only offer into
 * each viewer's bounded structures and schedule a drain on the viewer's event loop, never block.
 */
public final class LiveHub implements LiveListener {
    /** Default alarm events queued per viewer before it is forced to resync. */
    public static final int DEFAULT_ALARM_QUEUE = 256;
    /**
     * Patient updates are gathered for this long per viewer and sent in one drain, newest per
     * patient: short against the 100 ms device-to-screen target, long enough that a board of
     * 10,000 patients publishing 1/s costs each viewer 40 wake-ups and flushes a second, not 10,000.
     */
    public static final long DEFAULT_FRAME_MILLIS = 25;

    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final PatientQuery query;
    private final int alarmQueue;
    private final long frameMillis;
    private final Clock clock;
    private final Timer pushLatency;
    private final Counter resyncs;

    public LiveHub(PatientQuery query, int alarmQueuePerViewer, MeterRegistry registry, Clock clock) {
        this(query, alarmQueuePerViewer, DEFAULT_FRAME_MILLIS, registry, clock);
    }

    /** @param frameMillis how long patient updates are conflated per viewer before they are sent; 0 sends at once */
    public LiveHub(PatientQuery query, int alarmQueuePerViewer, long frameMillis, MeterRegistry registry, Clock clock) {
        if (alarmQueuePerViewer < 1) {
            throw new IllegalArgumentException("alarmQueuePerViewer must be >= 1");
        }
        if (frameMillis < 0) {
            throw new IllegalArgumentException("frameMillis must be >= 0");
        }
        this.frameMillis = frameMillis;
        this.query = query;
        this.alarmQueue = alarmQueuePerViewer;
        this.clock = clock;
        this.pushLatency = Timer.builder(Meters.LIVE_PUSH_LATENCY)
                .description("reading received at the gateway to written on a live WebSocket")
                .publishPercentileHistogram().register(registry);
        this.resyncs = Counter.builder(Meters.LIVE_RESYNCS)
                .description("viewers forced to a full resync because their alarm queue was full").register(registry);
        registry.gaugeCollectionSize(Meters.LIVE_VIEWERS, io.micrometer.core.instrument.Tags.empty(), viewers);
    }

    public LiveHub(PatientQuery query, MeterRegistry registry, Clock clock) {
        this(query, DEFAULT_ALARM_QUEUE, registry, clock);
    }

    @Override
    public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
        if (viewers.isEmpty()) {
            return;
        }
        long receivedAt = reading == null ? 0 : reading.receivedAtMillis();
        // One update for all viewers: serialised once, on the first viewer's drain (issue 14).
        PatientUpdate update = new PatientUpdate(snapshot, receivedAt);
        for (Viewer v : viewers) {
            v.offerPatient(update);
        }
    }

    @Override
    public void onAlarm(Alarm alarm) {
        for (Viewer v : viewers) {
            v.offerAlarm(alarm);
        }
    }

    @Override
    public void onPatientRemoved(String patientId) {
        for (Viewer v : viewers) {
            v.offerRemoved(patientId);
        }
    }

    /**
     * A device command changed state (queued, delivered, answered, refused, expired); called on the
     * command store's thread, never blocks. Like alarms: bounded per viewer, a full queue forces a resync.
     */
    public void onCommand(DeviceCommand command) {
        for (Viewer v : viewers) {
            v.offerCommand(command);
        }
    }

    /** Number of connected viewers. */
    public int viewerCount() {
        return viewers.size();
    }

    Viewer attach(io.netty.channel.Channel channel, Sessions.Session session, Sessions sessions) {
        Viewer v = new Viewer(channel, session, sessions, this);
        viewers.add(v);
        channel.closeFuture().addListener(f -> viewers.remove(v));
        v.requestResync();
        return v;
    }

    PatientQuery query() {
        return query;
    }

    long frameMillis() {
        return frameMillis;
    }

    int alarmQueueCapacity() {
        return alarmQueue;
    }

    Clock clock() {
        return clock;
    }

    void recordPush(long receivedAtMillis) {
        if (receivedAtMillis > 0) {
            pushLatency.record(Math.max(0, clock.millis() - receivedAtMillis), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    void countResync() {
        resyncs.increment();
    }
}
