package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import org.homeward.gateway.device.AddressShare;
import org.homeward.gateway.metrics.ThrottledWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code maxPerAddress} MQTT connections from one remote address (IPv6: its /64) that have not
 * completed CONNECT authentication, over all MQTT listeners (issue 15: one address could otherwise open
 * connections until every file descriptor was taken). A connection holds its slot from accept until its
 * CONNECT is accepted ({@link #release}) or it closes; authenticated connections hold none, so many
 * devices behind one carrier-grade-NAT address are limited only by {@code mqtt.max-connections}.
 *
 * <p>When an address's share is full, a new connection is still accepted and the address's
 * <em>oldest</em> unauthenticated connection is closed instead (counted as refused, reason
 * {@code max_unauthenticated_per_address}, logged at most once a minute). An attacker inside a NAT
 * cell thus churns only the cell's unauthenticated slots and never holds more than the share, while a
 * real device of the cell, whose CONNECT follows within a round trip, is not locked out.
 *
 * <p>Threading: called on event loops of every listener; the share has its own lock; closing another
 * channel is handed to that channel's event loop by Netty. A slot is released exactly once (the
 * channel attribute is taken with {@code getAndSet}).
 */
final class UnauthenticatedSlots {
    private static final Logger LOG = LoggerFactory.getLogger(UnauthenticatedSlots.class);
    private static final AttributeKey<Runnable> SLOT = AttributeKey.valueOf("homeward.mqtt.unauthenticated-slot");
    static final String REASON = "max_unauthenticated_per_address";

    private final AddressShare<Channel> share;
    private final MqttMetrics metrics;
    private final ThrottledWarning closedLog = ThrottledWarning.perMinute(LOG,
            "closed {} MQTT connection(s) that had not authenticated: their address already held"
                    + " mqtt.max-unauthenticated-per-address such connections (since the last such line)");

    UnauthenticatedSlots(int maxPerAddress, MqttMetrics metrics) {
        this.share = new AddressShare<>(maxPerAddress);
        this.metrics = metrics;
    }

    /** Gives {@code channel} of {@code listener} a slot of {@code address}, closing that address's oldest if full. */
    void take(Channel channel, InetAddress address, String listener) {
        Channel oldest = share.admit(address, channel);
        channel.attr(SLOT).set(() -> share.release(channel));
        if (oldest != null) {
            oldest.attr(SLOT).set(null);
            metrics.refused(listener, REASON);
            closedLog.occurred();
            oldest.close();
        }
    }

    /**
     * The channel authenticated or closed: its slot, if it still holds one, is free again. Idempotent.
     * Removes the attribute rather than setting it to null: an authenticated connection then carries no
     * empty attribute object for the rest of its life (24 B per idle connection, issue 14). Netty deprecates
     * {@code getAndRemove} only because a removed key may be re-added by a racing {@code attr()}; here
     * the key is set once, in {@link #take}, before this can run.
     */
    @SuppressWarnings("deprecation")
    static void release(Channel channel) {
        Runnable slot = channel.attr(SLOT).getAndRemove();
        if (slot != null) {
            slot.run();
        }
    }

    /** Unauthenticated connections open from {@code address}. */
    int held(InetAddress address) {
        return share.held(address);
    }
}
