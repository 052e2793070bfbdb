package org.homeward.sim.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * N devices, one MQTT connection each, on one small event loop group. {@link #connectAll} paces
 * connection attempts (devices/s, and at most {@code connectWindow} awaiting CONNACK) from the
 * calling thread and completes when every device is connected or has failed. Publishing is started
 * and stopped for all devices at once. Not thread-safe between phases: one controller thread.
 */
final class MqttFleet implements AutoCloseable {
    /** Connection events, called on event loops. */
    interface Listener {
        void connected(DeviceConnection c);

        void failed(DeviceConnection c);

        void disconnected(DeviceConnection c);
    }

    /** The outcome of a connect phase. */
    record ConnectResult(int devices, int connected, int failed, long firstStartNanos, long lastConnAckNanos) {
        double seconds() {
            return (lastConnAckNanos - firstStartNanos) / 1e9;
        }

        double perSecond() {
            return connected / Math.max(1e-9, seconds());
        }
    }

    private final LoadSettings settings;
    private final List<Credentials> creds;
    private final FleetStats stats;
    private final SendLog sendLog;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final DeviceConnection[] conns;

    MqttFleet(LoadSettings settings, List<Credentials> creds, FleetStats stats, SendLog sendLog) {
        this.settings = settings;
        this.creds = creds;
        this.stats = stats;
        this.sendLog = sendLog;
        this.group = Transport.group(settings.threads());
        this.bootstrap = new Bootstrap().group(group).channel(Transport.socket())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
        this.conns = new DeviceConnection[creds.size()];
    }

    int size() {
        return conns.length;
    }

    /** Connects every device at {@code perSecond} (0 = as fast as the connect window allows); blocks until done. */
    ConnectResult connectAll(double perSecond, long timeoutMillis) throws InterruptedException {
        int n = conns.length;
        Semaphore window = new Semaphore(settings.connectWindow());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        long[] last = {0};
        CompletableFuture<Void> all = new CompletableFuture<>();
        Listener l = new Listener() {
            @Override
            public void connected(DeviceConnection c) {
                synchronized (last) {
                    last[0] = Math.max(last[0], System.nanoTime());
                }
                ok.incrementAndGet();
                finish();
            }

            @Override
            public void failed(DeviceConnection c) {
                finish();
            }

            @Override
            public void disconnected(DeviceConnection c) {
            }

            private void finish() {
                window.release();
                if (done.incrementAndGet() == n) {
                    all.complete(null);
                }
            }
        };
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < n; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 500_000));
                }
            }
            if (!window.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            connect(i, l);
        }
        try {
            all.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reported as failed devices below
        }
        synchronized (last) {
            return new ConnectResult(n, ok.get(), n - ok.get(), start, last[0] == 0 ? System.nanoTime() : last[0]);
        }
    }

    private void connect(int i, Listener l) {
        DeviceConnection c = new DeviceConnection(creds.get(i), settings, stats, l, sendLog);
        conns[i] = c;
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, c);
            }
        }).connect(settings.host(), settings.port());
        f.addListener(r -> {
            if (!r.isSuccess()) {
                stats.connectFailures.increment();
                l.failed(c);
            }
        });
    }

    /** Drops every connection at once with a TCP reset (as a network outage would), and waits until all are closed. */
    void dropAll() throws InterruptedException {
        java.util.List<ChannelFuture> closing = new java.util.ArrayList<>();
        for (DeviceConnection c : conns) {
            Channel ch = c == null ? null : c.channel();
            if (ch != null && ch.isOpen()) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
                closing.add(ch.close());
            }
        }
        for (ChannelFuture f : closing) {
            f.await(10, TimeUnit.SECONDS);
        }
    }

    void startMax() {
        for (DeviceConnection c : conns) {
            if (c != null && c.channel() != null) {
                c.startMax();
            }
        }
    }

    /** Each device publishes {@code perSecond} packs a second, starts spread uniformly over one period. */
    void startRate(double perSecond) {
        long period = (long) (1e9 / perSecond);
        for (DeviceConnection c : conns) {
            if (c != null && c.channel() != null) {
                c.startRate(perSecond, ThreadLocalRandom.current().nextLong(period));
            }
        }
    }

    void stopPublishing() {
        for (DeviceConnection c : conns) {
            if (c != null) {
                c.stopPublishing();
            }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
