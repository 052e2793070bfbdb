package org.homeward.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.metrics.Meters;

/**
 * First handler of every HTTP connection: at most {@code max} open connections on the listener and
 * {@code maxPerAddress} from one remote address, so slow or idle connections from a few addresses
 * cannot take every file descriptor of the process (issue 15: ~20,000 slow connections stopped all
 * ingest). A connection beyond a cap is closed before any TLS or HTTP work, counted in
 * {@code homeward.http.connections.refused{reason}}.
 *
 * <p>Threading: shared by all event loops; counters are atomic, the per-address map holds only
 * addresses with open connections (so at most {@code max} entries).
 */
@Sharable
final class HttpConnectionCaps extends ChannelInboundHandlerAdapter {
    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Counter refusedTotal;
    private final Counter refusedAddress;

    HttpConnectionCaps(int max, int maxPerAddress, MeterRegistry registry) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        Gauge.builder(Meters.HTTP_CONNECTIONS, open, AtomicInteger::get).description("open HTTP connections")
                .register(registry);
        refusedTotal = refused(registry, "max_connections");
        refusedAddress = refused(registry, "max_per_address");
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder(Meters.HTTP_CONNECTIONS_REFUSED).tag("reason", reason)
                .description("HTTP connections closed at once over a cap").register(registry);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refusedTotal.increment();
            ctx.close();
            return;
        }
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        AtomicInteger mine = perAddress.compute(address, (a, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            c.incrementAndGet();
            return c;
        });
        if (mine.get() > maxPerAddress) {
            release(address);
            refusedAddress.increment();
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> release(address));
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
