package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * MQTT keep-alive (§3.1.2.10: no packet within 1.5 × keep-alive closes the connection) for every
 * session of a server without a timer per connection: one periodic sweep per event loop. A packet
 * marks its session as seen (one field write on the hot path); a sweep that finds a session unseen
 * for its whole allowance fires {@link IdleStateEvent#READER_IDLE_STATE_EVENT} down its pipeline.
 * A session is closed no earlier than 1.5 × keep-alive and at most two sweep periods later.
 *
 * <p>Why not Netty's {@code IdleStateHandler}: it costs a handler, a context and a scheduled task
 * per connection (about 250 bytes of an idle connection's 2.5 KB, see docs/benchmarks.md) and a
 * timer-queue insert and removal per connect and disconnect, which is what a reconnect storm is
 * made of. Sweeping 10,000 sessions every 250 ms is a few microseconds of loop time.
 *
 * <p>Threading: {@link #track} and {@link #untrack} run on the channel's event loop, and each
 * loop's sweep runs there too, so a sweep's session array needs no locks.
 */
final class KeepAliveSweeper {
    static final long PERIOD_MILLIS = 250;
    private final Map<EventExecutor, Sweep> sweeps = new ConcurrentHashMap<>();

    /** Starts watching an established session; call on the channel's event loop. */
    void track(Channel channel, MqttSession session, int keepAliveSeconds) {
        long allowance = (keepAliveSeconds * 1500L + PERIOD_MILLIS - 1) / PERIOD_MILLIS;
        sweeps.computeIfAbsent(channel.eventLoop(), Sweep::start).add(session, allowance);
    }

    /** Stops watching (connection closed); call on the channel's event loop. Safe to repeat. */
    void untrack(Channel channel, MqttSession session) {
        Sweep sweep = sweeps.get(channel.eventLoop());
        if (sweep != null) {
            sweep.remove(session);
        }
    }

    /** The sessions of one event loop; touched only on that loop. */
    private static final class Sweep implements Runnable {
        private MqttSession[] sessions = new MqttSession[64];
        private int size;
        private long round;

        static Sweep start(EventExecutor loop) {
            Sweep sweep = new Sweep();
            loop.scheduleAtFixedRate(sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            return sweep;
        }

        void add(MqttSession session, long allowanceRounds) {
            if (session.sweepSlot >= 0) {
                return;
            }
            if (size == sessions.length) {
                sessions = Arrays.copyOf(sessions, size * 2);
            }
            session.keepAliveRounds = allowanceRounds;
            session.lastSeenRound = round;
            session.sweepSlot = size;
            sessions[size++] = session;
        }

        void remove(MqttSession session) {
            int slot = session.sweepSlot;
            if (slot < 0 || slot >= size || sessions[slot] != session) {
                return;
            }
            MqttSession last = sessions[--size];
            sessions[slot] = last;
            last.sweepSlot = slot;
            sessions[size] = null;
            session.sweepSlot = -1;
        }

        @Override
        public void run() {
            round++;
            // backwards: removing slot i moves an already visited session into it
            for (int i = size - 1; i >= 0; i--) {
                MqttSession s = sessions[i];
                if (s.seen) {
                    s.seen = false;
                    s.lastSeenRound = round;
                } else if (round - s.lastSeenRound > s.keepAliveRounds) {
                    remove(s);
                    Channel channel = s.channel();
                    if (channel != null && channel.isActive()) {
                        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
                    }
                }
            }
        }
    }
}
