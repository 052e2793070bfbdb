package org.homeward.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homeward.gateway.command.DeviceCommand;
import org.homeward.gateway.domain.Alarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket viewer of the live view. Producers (shard threads) offer; the channel's event
 * loop drains while the channel is writable, so a slow reader stops the drain (Netty's write
 * watermarks) and its pending patient snapshots conflate instead of queueing.
 *
 * <p>Messages (JSON text frames, each with {@code serverTime}): {@code snapshot}, {@code patient},
 * {@code alarm}, {@code command}, {@code removed} (a discharged patient leaves the board), {@code heartbeat}. See docs/api.md.
 */
final class Viewer {
    private static final Logger LOG = LoggerFactory.getLogger(Viewer.class);
    static final long MAX_CREDIT = 100_000;
    private final Channel channel;
    private final Sessions.Session session;
    private final Sessions sessions;
    private final LiveHub hub;
    private final Map<String, PatientUpdate> pendingPatients = new ConcurrentHashMap<>();
    private final ArrayBlockingQueue<Alarm> pendingAlarms;
    private final ArrayBlockingQueue<DeviceCommand> pendingCommands;
    /** Patients that left the board since the last drain (bounded by the number of patients). */
    private final Set<String> removedPatients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean resync = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** A drain is scheduled at the end of the current frame for the patient updates gathered in it. */
    private final AtomicBoolean frameScheduled = new AtomicBoolean();
    /**
     * Event loop only: a frame has ended and its patient updates may go out (until the conflating map
     * is empty). Keeps an alarm's immediate drain from also sending patients mid-frame, so a patient
     * gets at most one message per frame.
     */
    private boolean patientsDue;
    /** Patient messages the page has room for; unlimited until the page first grants credit. */
    private final java.util.concurrent.atomic.AtomicLong credit = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

    Viewer(Channel channel, Sessions.Session session, Sessions sessions, LiveHub hub) {
        this.channel = channel;
        this.session = session;
        this.sessions = sessions;
        this.hub = hub;
        this.pendingAlarms = new ArrayBlockingQueue<>(hub.alarmQueueCapacity());
        this.pendingCommands = new ArrayBlockingQueue<>(hub.alarmQueueCapacity());
    }

    /**
     * A changed patient, shared by every viewer. Conflated per frame: updates of one patient that
     * arrive within one frame ({@link LiveHub#frameMillis()}) replace each other, the latest wins, and
     * the frame's updates go out in one drain with one flush (one wake-up and one syscall per viewer
     * per frame instead of one per pack). Alarms, commands and removals do not wait for the frame.
     */
    void offerPatient(PatientUpdate update) {
        removedPatients.remove(update.snapshot().patientId());
        pendingPatients.put(update.snapshot().patientId(), update);
        scheduleFrame();
    }

    /** The patient left the board; a pending snapshot of it is dropped, and a later one (re-admission) wins. */
    void offerRemoved(String patientId) {
        pendingPatients.remove(patientId);
        removedPatients.add(patientId);
        scheduleDrain();
    }

    void offerAlarm(Alarm alarm) {
        if (!pendingAlarms.offer(alarm)) {
            // Never drop silently: the full snapshot carries every open alarm's current state.
            if (resync.compareAndSet(false, true)) {
                hub.countResync();
            }
        }
        scheduleDrain();
    }

    /** A command's new state; a full queue forces a resync (the page then re-reads its patient's commands). */
    void offerCommand(DeviceCommand command) {
        if (!pendingCommands.offer(command) && resync.compareAndSet(false, true)) {
            hub.countResync();
        }
        scheduleDrain();
    }

    /**
     * The page has handled {@code n} more patient messages (credit-based flow control, opt-in: the
     * first grant switches it on). Without credit, patient updates wait here conflated, newest per
     * patient, instead of queueing stale in socket buffers in front of a slow page. Alarms, snapshots
     * and heartbeats never wait for credit.
     */
    void grantCredit(long n) {
        credit.updateAndGet(c -> c == Long.MAX_VALUE ? n : Math.min(MAX_CREDIT, c + n));
        scheduleDrain();
    }

    void requestResync() {
        resync.set(true);
        scheduleDrain();
    }

    /** Runs on the event loop: heartbeat, and close when the session has ended (logout, expiry). */
    void heartbeat() {
        if (session != null && !sessions.isAlive(session)) {
            channel.writeAndFlush(new CloseWebSocketFrame(4401, "session ended")).addListener(f -> channel.close());
            return;
        }
        if (channel.isWritable()) {
            ObjectNode n = message("heartbeat");
            channel.write(text(n));
            channel.writeAndFlush(new PingWebSocketFrame());
        }
    }

    private void scheduleFrame() {
        long frame = hub.frameMillis();
        if (frame <= 0) {
            scheduleDrain();
        } else if (frameScheduled.compareAndSet(false, true)) {
            channel.eventLoop().schedule(() -> {
                frameScheduled.set(false);
                patientsDue = true;
                drain();
            }, frame, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    /** Event loop only. Writes resync, then alarms, then patients, while the channel stays writable. */
    void drain() {
        drainScheduled.set(false);
        if (!channel.isActive() || !channel.isWritable()) {
            return; // writability change calls drain again
        }
        try {
            writePending();
        } catch (RuntimeException e) {
            // The query failed mid-resync: drop the connection so the page reconnects and resyncs.
            LOG.warn("live view update failed; closing the viewer", e);
            channel.close();
        }
    }

    private void writePending() {
        if (resync.getAndSet(false)) {
            // Clear first: whatever was queued before is reflected in the query state read below.
            pendingAlarms.clear();
            pendingCommands.clear();
            pendingPatients.clear();
            removedPatients.clear();
            channel.write(text(snapshot()));
        }
        Alarm a;
        while (channel.isWritable() && (a = pendingAlarms.poll()) != null) {
            ObjectNode n = message("alarm");
            n.set("alarm", JsonViews.alarm(a, n.get("serverTime").asLong()));
            channel.write(text(n));
        }
        for (String gone : List.copyOf(removedPatients)) {
            if (!channel.isWritable()) {
                break;
            }
            removedPatients.remove(gone);
            ObjectNode n = message("removed");
            n.put("patientId", gone);
            channel.write(text(n));
        }
        DeviceCommand cmd;
        while (channel.isWritable() && (cmd = pendingCommands.poll()) != null) {
            ObjectNode n = message("command");
            n.set("command", CommandRoutes.json(cmd, n.get("serverTime").asLong()));
            channel.write(text(n));
        }
        Iterator<Map.Entry<String, PatientUpdate>> it = pendingPatients.entrySet().iterator();
        long now = hub.clock().millis();
        boolean due = patientsDue || hub.frameMillis() <= 0;
        while (due && channel.isWritable() && credit.get() > 0 && it.hasNext()) {
            Map.Entry<String, PatientUpdate> e = it.next();
            if (!pendingPatients.remove(e.getKey(), e.getValue())) {
                continue; // replaced by a newer one meanwhile; the newer one is taken on the next drain
            }
            credit.updateAndGet(c -> c == Long.MAX_VALUE ? c : c - 1);
            long received = e.getValue().receivedAtMillis();
            // the same bytes for every viewer: wrapping them costs a few dozen bytes, not a JSON tree
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(e.getValue().bytes(now)))).addListener(f -> {
                if (f.isSuccess()) {
                    hub.recordPush(received);
                }
            });
        }
        if (pendingPatients.isEmpty()) {
            patientsDue = false; // updates offered from now on wait for their own frame
        }
        channel.flush();
        if (channel.isWritable()
                && (resync.get() || !pendingAlarms.isEmpty() || !pendingCommands.isEmpty() || !removedPatients.isEmpty()
                        || (due && !pendingPatients.isEmpty() && credit.get() > 0))) {
            scheduleDrain();
        }
    }

    private ObjectNode snapshot() {
        ObjectNode n = message("snapshot");
        long now = n.get("serverTime").asLong();
        n.set("patients", JsonViews.patients(hub.query().patients(), now));
        ArrayNode alarms = n.putArray("alarms");
        hub.query().alarms(true).forEach(al -> alarms.add(JsonViews.alarm(al, now)));
        return n;
    }

    private ObjectNode message(String type) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("type", type);
        n.put("serverTime", hub.clock().millis());
        return n;
    }

    private static TextWebSocketFrame text(ObjectNode n) {
        try {
            return new TextWebSocketFrame(JsonViews.MAPPER.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree cannot fail to serialise", e);
        }
    }
}
