package org.homeward.sim.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device over CoAP/DTLS 1.2 PSK (identity = device id, PSK = UTF-8 bytes of the secret, Connection
 * ID supported): every pack, status included, is a CON {@code POST /v1/senml} with Content-Format
 * 110 or 112, one at a time. 2.04 counts as acked; 4.xx as a refusal (dropped, counted); time-outs
 * and 5.xx put the pack back and retry after a back-off, which is how offline buffering and late
 * backfill work here. A 2.04 that carries a command (Content-Format 50) is obeyed: the reading it
 * asks for joins the queue and the answer goes to {@code POST /v1/commands/response}. With further
 * gateways in {@link LinkSettings#alsoTry()} (a cluster's per-node addresses), a failed exchange
 * (retransmissions ran out, or a 5.xx; see {@link #MOVE_AFTER}) moves the device to the next address,
 * where Californium runs a new handshake.
 */
final class CoapLink implements DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(CoapLink.class);
    /**
     * Failed exchanges in a row after which a device with several addresses moves to the next. One:
     * an exchange only fails after CoAP's own retransmissions ran out (about 45 s of silence with
     * Californium's defaults), so a transient loss never moves a device; a second wait would double
     * the time a device of a dead node stays away.
     */
    static final int MOVE_AFTER = 1;

    private final LinkSettings s;
    private final OfflineBuffer buffer;
    private final CoapEndpoint endpoint;
    private final CoapClient client;
    private final List<String> bases;
    private volatile String base;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long retryAfterNanos;
    private volatile int failures;

    CoapLink(LinkSettings s, CoapSupport support) {
        this.s = s;
        this.buffer = new OfflineBuffer(s.bufferCapacity(), s.stats());
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(support.configuration())
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(s.deviceId(), s.secret().getBytes(StandardCharsets.UTF_8)))
                .build();
        DTLSConnector connector = new DTLSConnector(dtls);
        this.endpoint = new CoapEndpoint.Builder().setConfiguration(support.configuration()).setConnector(connector).build();
        endpoint.setExecutors(support.main(), support.secondary());
        List<String> all = new ArrayList<>();
        all.add("coaps://" + s.host() + ":" + s.port());
        s.alsoTry().forEach(h -> all.add("coaps://" + h));
        this.bases = List.copyOf(all);
        this.base = bases.get(0);
        this.client = new CoapClient(base + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(30_000L);
    }

    @Override
    public void start() {
        try {
            endpoint.start();
        } catch (java.io.IOException e) {
            s.stats().errors.increment();
            LOG.warn("cannot start CoAP endpoint: {}", e.toString());
        }
    }

    @Override
    public boolean send(Outgoing pack) {
        boolean ok = buffer.offer(pack);
        pump();
        return ok;
    }

    @Override
    public void pump() {
        if (closed.get() || System.nanoTime() < retryAfterNanos || !inFlight.compareAndSet(false, true)) {
            return;
        }
        Outgoing o = buffer.poll();
        if (o == null) {
            inFlight.set(false);
            return;
        }
        post(o, !up.get() && failures > 0);
    }

    private void post(Outgoing o, boolean backfill) {
        Request req = Request.newPost();
        req.setConfirmable(true);
        req.setPayload(o.payload());
        req.getOptions().setContentFormat(o.format().contentFormat());
        long t0 = System.nanoTime();
        s.stats().sent.increment();
        if (backfill) {
            s.stats().backfilled.increment();
        }
        client.advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse r) {
                if (r.getCode() == CoAP.ResponseCode.CHANGED) {
                    s.stats().acked.increment();
                    s.stats().ackLatency(t0);
                    markUp();
                    obey(r);
                } else if (r.getCode().isClientError()) {
                    s.stats().errors.increment();
                    markUp();
                } else {
                    s.stats().errors.increment();
                    failed(o);
                }
                next();
            }

            @Override
            public void onError() {
                s.stats().errors.increment();
                failed(o);
                next();
            }
        }, req);
    }

    /** A 2.04 with Content-Format 50 carries a command (piggybacked): obey, then POST the answer. */
    private void obey(CoapResponse r) {
        if (r.getOptions().getContentFormat() != MediaTypeRegistry.APPLICATION_JSON || r.getPayload() == null
                || r.getPayload().length == 0) {
            return;
        }
        s.stats().commands.increment();
        CommandHandler.Reply reply = s.commands().onCommand(r.getPayload());
        if (reply == null) {
            return;
        }
        if (reply.reading() != null) {
            buffer.offer(reply.reading());  // goes out after this exchange, like any pack
        }
        Request answer = Request.newPost();
        answer.setConfirmable(true);
        answer.setURI(base + "/v1/commands/response");
        answer.setPayload(reply.answer());
        answer.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        client.advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse a) {
                if (!a.isSuccess()) {
                    s.stats().errors.increment();
                }
            }

            @Override
            public void onError() {
                s.stats().errors.increment();
            }
        }, answer);
    }

    private void markUp() {
        failures = 0;
        if (up.compareAndSet(false, true)) {
            s.stats().connected.incrementAndGet();
        }
    }

    private void failed(Outgoing o) {
        buffer.requeue(o);
        int f = ++failures;
        if (bases.size() > 1 && f % MOVE_AFTER == 0) { // this node is gone or refuses us: try the next address
            base = bases.get((bases.indexOf(base) + 1) % bases.size());
            client.setURI(base + "/v1/senml");
            LOG.debug("{} moves to {}", s.deviceId(), base);
        }
        retryAfterNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(10_000, 250L << Math.min(f, 6)));
        if (up.compareAndSet(true, false)) {
            s.stats().connected.decrementAndGet();
        }
    }

    private void next() {
        inFlight.set(false);
        if (!closed.get()) {
            s.scheduler().execute(this::pump);
        }
    }

    @Override
    public boolean connected() {
        return up.get();
    }

    @Override
    public void close() {
        closed.set(true);
        client.shutdown();
        endpoint.destroy();
        if (up.compareAndSet(true, false)) {
            s.stats().connected.decrementAndGet();
        }
    }
}
