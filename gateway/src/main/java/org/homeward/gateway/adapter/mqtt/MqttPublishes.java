package org.homeward.gateway.adapter.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.ReasonText;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.IngestService;

/**
 * PUBLISH and PUBREL of one connection, for {@link MqttProtocolHandler}; held by the connection's
 * {@link MqttSession} from its first PUBLISH (an idle connection carries none). Copies the payload into a {@code byte[]} and releases the
 * buffer at once, calls {@link IngestService#ingest} and acknowledges (PUBACK for QoS 1, PUBREC
 * for QoS 2) only when the future has completed normally, back on this channel's event loop.
 *
 * <p>Backpressure: reads pause ({@code autoRead=false}) while {@code receiveMaximum} ingests are
 * pending or the channel is not writable. QoS 0 ingests count too, so a QoS 0 flood cannot queue
 * unbounded work. QoS 2 packet ids are remembered from PUBLISH until PUBREL, so a resent PUBLISH
 * with DUP is never ingested twice.
 *
 * <p>Flushes: a positive acknowledgement is written at once but flushed by a task queued behind it on
 * the event loop, one per channel however many acknowledgements the loop writes meanwhile. A group
 * commit completes many of one connection's publishes together (8–32 in flight per device under load),
 * so their PUBACKs leave in one {@code write} syscall instead of one each; no PUBACK waits for
 * anything but the acknowledgement tasks already queued on its loop (never a timer, never an fsync).
 */
final class MqttPublishes {
    private static final byte OK = 0;
    private static final byte NOT_AUTHORIZED = (byte) 0x87;
    private static final byte PACKET_ID_NOT_FOUND = (byte) 0x92;
    private final AdapterContext context;
    /** QoS 2 packet id → PUBREC already sent (true) or ingest still pending (false); empty until the first QoS 2. */
    private Map<Integer, Boolean> qos2 = Collections.emptyMap();
    private int pending;
    /** Created on the first command answer: most connections never send one (24 B per idle connection, issue 14). */
    private CommandAnswers answers;
    /**
     * The route of the last routed topic: a device publishes to one topic, and resolving it (two string
     * builds, a substring and a route per PUBLISH) was ~3 % of the event loop's samples under the
     * throughput load (issue 14). Only routed topics are kept, so a command answer is never mistaken for one.
     */
    private String lastTopic;
    private TopicRoute lastRoute;
    private static final int PUBACK_FIRST_BYTE = 0x40;
    private static final int ACKS_INITIAL_BYTES = 64;
    /** Plain PUBACKs appended since the last flush, in order; null when none. */
    private ByteBuf acks;
    /** The queued flush of written acknowledgements; null until the first one, then reused. */
    private Runnable flush;
    private boolean flushQueued;

    MqttPublishes(AdapterContext context) {
        this.context = context;
    }

    /** A PUBLISH of the session's device; the caller releases it. */
    void onPublish(ChannelHandlerContext ctx, MqttSession session, MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        String topic = publish.variableHeader().topicName();
        TopicRoute route;
        if (topic != null && topic.equals(lastTopic)) {
            route = lastRoute;  // the topic of the previous PUBLISH: already resolved for this device
        } else {
            if (TopicRoute.isCommandResponse(topic, session.deviceId())) {
                if (answers == null) {
                    answers = new CommandAnswers(context, this);
                }
                answers.onAnswer(ctx, session, publish, qos, packetId);
                return;
            }
            route = TopicRoute.of(topic, session.deviceId());
            if (route == null) {
                refuseTopic(ctx, session, qos, packetId);
                return;
            }
            lastTopic = topic;
            lastRoute = route;
        }
        if (qos == 2 && qos2.containsKey(packetId)) {
            // DUP of a QoS 2 publish we already have: never ingest twice
            if (qos2.get(packetId)) {
                reply(ctx, MqttReplies.pubRec(packetId, OK, null, 0));
            }
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(publish.content());
        IngestRequest request = new IngestRequest(Transport.MQTT, session.deviceId(), route.channel(),
                route.format(publish.variableHeader().properties()), payload, context.clock().millis());
        if (qos == 2) {
            qos2().put(packetId, false);
        }
        pending++;
        updateAutoRead(ctx);
        EventLoop loop = ctx.channel().eventLoop();
        ingest(request).whenComplete((outcome, error) -> onLoop(loop, () -> onIngested(ctx, session, qos, packetId, outcome, error)));
    }

    private CompletableFuture<IngestOutcome> ingest(IngestRequest request) {
        try {
            return context.ingest().ingest(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Work of this connection that is still pending (ingests, command answers) changed by {@code delta}; event loop only. */
    void pending(ChannelHandlerContext ctx, int delta) {
        pending += delta;
        updateAutoRead(ctx);
    }

    static void onLoop(EventLoop loop, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down; the connection is gone and nothing was acknowledged
        }
    }

    private void onIngested(ChannelHandlerContext ctx, MqttSession session, int qos, int packetId,
                            IngestOutcome outcome, Throwable error) {
        pending--;
        updateAutoRead(ctx);
        if (!ctx.channel().isActive()) {
            return;
        }
        if (error == null) {
            acknowledge(ctx, session, qos, packetId, outcome);
        } else {
            refuse(ctx, session, qos, packetId, reasonOf(error), ReasonText.of(error));
        }
    }

    private void acknowledge(ChannelHandlerContext ctx, MqttSession session, int qos, int packetId, IngestOutcome outcome) {
        int budget = session.reasonBudget();
        // the note goes only to a client that takes a Reason String (MQTT 5 with problem information)
        String note = outcome.rejections().isEmpty() || budget == 0 ? null : outcome.accepted() + " accepted, "
                + outcome.rejections().size() + " rejected: " + ReasonText.rejections(outcome.rejections());
        if (qos == 1 && note == null) {
            appendPubAck(ctx, packetId);
        } else if (qos == 1) {
            writeThenFlush(ctx, MqttReplies.pubAck(packetId, OK, note, budget));
        } else if (qos == 2) {
            qos2().put(packetId, true);
            writeThenFlush(ctx, MqttReplies.pubRec(packetId, OK, note, budget));
        }
    }

    /**
     * A plain success PUBACK (no reason string) is four bytes, the same in 3.1.1 and 5 (MQTT 5 §3.4.2.1:
     * reason code 0x00 and no properties may be omitted): appended to one buffer that the queued flush
     * writes, instead of a message object, an encoder pass, a buffer and an outbound entry per PUBACK
     * (issue 14). Order is kept: every other reply of this connection writes the buffer out first.
     */
    private void appendPubAck(ChannelHandlerContext ctx, int packetId) {
        if (acks == null) {
            acks = ctx.alloc().ioBuffer(ACKS_INITIAL_BYTES);
        }
        acks.writeByte(PUBACK_FIRST_BYTE).writeByte(2).writeShort(packetId);
        queueFlush(ctx);
    }

    /**
     * Writes the appended PUBACKs (not flushed) ahead of whatever this connection writes next; also called
     * by {@link MqttReplies#disconnect}, so what was acknowledged leaves before a server DISCONNECT. Event loop.
     */
    void writeAcks(ChannelOutboundInvoker out) {
        if (acks != null) {
            ByteBuf pending = acks;
            acks = null;
            out.write(pending, out.voidPromise());
        }
    }

    /** Any other reply: after the appended PUBACKs, flushed now. */
    void reply(ChannelHandlerContext ctx, MqttMessage reply) {
        writeAcks(ctx);
        ctx.writeAndFlush(reply);
    }

    /** Writes now; flushes once the acknowledgements already queued on this event loop are written too. */
    private void writeThenFlush(ChannelHandlerContext ctx, MqttMessage reply) {
        writeAcks(ctx);
        ctx.write(reply);
        queueFlush(ctx);
    }

    private void queueFlush(ChannelHandlerContext ctx) {
        if (flushQueued) {
            return;
        }
        if (flush == null) {
            flush = () -> {
                flushQueued = false;
                writeAcks(ctx);
                ctx.flush();
            };
        }
        flushQueued = true;
        try {
            ctx.channel().eventLoop().execute(flush);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down: the connection is gone, the appended PUBACKs with it
            if (acks != null) {
                acks.release();
                acks = null;
            }
        }
    }

    private void refuse(ChannelHandlerContext ctx, MqttSession session, int qos, int packetId,
                        FailureReason reason, String detail) {
        if (qos == 2) {
            qos2.remove(packetId);
        }
        if (qos == 0) {
            return;  // nothing to answer; ingest counted the outcome
        }
        if (!session.isV5()) {
            if (PublishFailures.closeOnV3(reason)) {
                // no will: the device is fine and will reconnect and resend
                MqttReplies.disconnect(ctx.channel(), OK, "ingest " + reason.tag(), true);
            } else {
                reply(ctx, qos == 1 ? MqttReplies.pubAck(packetId, OK, null, 0)
                        : ackQos2(packetId, OK, null, 0));
            }
            return;
        }
        byte code = PublishFailures.reasonCode(reason);
        reply(ctx, qos == 1 ? MqttReplies.pubAck(packetId, code, detail, session.reasonBudget())
                : MqttReplies.pubRec(packetId, code, detail, session.reasonBudget()));
    }

    /** v3.1.1 QoS 2 content failure: PUBREC and remember the id so PUBREL completes the flow. */
    private MqttMessage ackQos2(int packetId, byte code, String detail, int reasonBudget) {
        qos2().put(packetId, true);
        return MqttReplies.pubRec(packetId, code, detail, reasonBudget);
    }

    private void refuseTopic(ChannelHandlerContext ctx, MqttSession session, int qos, int packetId) {
        context.metrics().protocolError("topic_not_allowed");
        if (!session.isV5()) {
            MqttReplies.disconnect(ctx.channel(), NOT_AUTHORIZED, "topic not allowed", false);
        } else if (qos == 0) {
            MqttReplies.disconnect(ctx.channel(), NOT_AUTHORIZED, "topic not allowed", false);
        } else {
            String why = "topic not allowed for this device";
            reply(ctx, qos == 1 ? MqttReplies.pubAck(packetId, NOT_AUTHORIZED, why, session.reasonBudget())
                    : MqttReplies.pubRec(packetId, NOT_AUTHORIZED, why, session.reasonBudget()));
        }
    }

    void onPubRel(ChannelHandlerContext ctx, int packetId) {
        Boolean known = qos2.remove(packetId);
        if (known != null && !known) {
            qos2().put(packetId, false);  // PUBREL before PUBREC is a client bug; keep waiting for ingest
            return;
        }
        reply(ctx, MqttReplies.pubComp(packetId, known == null ? PACKET_ID_NOT_FOUND : OK));
    }

    Map<Integer, Boolean> qos2() {
        if (!(qos2 instanceof HashMap)) {
            qos2 = new HashMap<>();
        }
        return qos2;
    }

    void updateAutoRead(ChannelHandlerContext ctx) {
        updateAutoRead(ctx, pending, context.settings().receiveMaximum());
    }

    /** Reads pause while {@code pending} reaches {@code receiveMaximum} or the channel is not writable. */
    static void updateAutoRead(ChannelHandlerContext ctx, int pending, int receiveMaximum) {
        boolean read = pending < receiveMaximum && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    static FailureReason reasonOf(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof IngestException ie ? ie.reason() : FailureReason.STORAGE_FAILED;
    }
}
