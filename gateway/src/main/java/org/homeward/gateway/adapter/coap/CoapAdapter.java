package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.homeward.gateway.command.CommandOutbox;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.ingest.IngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP / CoAP-over-DTLS listener of the gateway: {@code POST /v1/senml}, acknowledged with
 * 2.04 once the pack is durable. See {@link CoapResponses} for the failure mapping and
 * {@link RequestAuthenticator} for how the device is identified.
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} once (idempotent). Neither
 * call is made on a Californium thread. Ports bound (0 = ephemeral) are available after start.
 *
 * <p>Revocation: when the directory reports a device deactivated, its DTLS connections are
 * removed, so the device must handshake again, which the PSK store then refuses.
 */
public final class CoapAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoapAdapter.class);

    private final CoapSettings settings;
    private final IngestService ingest;
    private final DeviceDirectory directory;
    private final Consumer<DeviceEvent> deviceEvents;
    private final CoapMetrics metrics;
    private final Clock clock;
    private final AuthBackoff backoff;
    private final CommandOutbox commands;

    private CoapServer server;
    private Endpoint plainEndpoint;
    private Endpoint secureEndpoint;
    private volatile DTLSConnector dtls;
    private volatile boolean closed;

    /** The adapter with {@code settings} over its collaborators {@code parts}; nothing binds before {@link #start()}. */
    public CoapAdapter(CoapSettings settings, CoapParts parts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = parts.backoff();
        this.ingest = parts.ingest();
        this.directory = parts.directory();
        this.deviceEvents = parts.deviceEvents();
        this.metrics = new CoapMetrics(parts.registry());
        this.clock = parts.clock();
        this.commands = parts.commands();
    }

    /**
     * Binds the enabled listeners. Throws {@link IllegalStateException} if a port cannot be
     * bound or the certificates cannot be loaded; nothing is left running then.
     */
    public synchronized void start() {
        if (server != null || closed) {
            throw new IllegalStateException("start() may be called once");
        }
        if (!settings.listeners().coapEnabled() && !settings.listeners().coapsEnabled()) {
            LOG.info("CoAP adapter: both listeners disabled");
            return;
        }
        Configuration config = CaliforniumConfig.from(settings);
        server = new CoapServer(config);
        RequestAuthenticator authenticator = new RequestAuthenticator(directory, metrics);
        CoapResponses responses = new CoapResponses(settings.sockets().overloadMaxAgeSeconds(),
                settings.messages().maxMessageSize());
        CommandPiggyback piggyback = new CommandPiggyback(commands, clock);
        server.add(new CoapResource("v1").add(new SenmlResource(ingest, authenticator, responses, metrics, clock,
                settings.messages().maxPayloadBytes(), piggyback), CommandResources.commands(authenticator, responses,
                piggyback, commands)));
        server.setMessageDeliverer(new CountingDeliverer(server.getRoot(), config, metrics));
        try {
            addEndpoints(config);
            directory.onDeactivated(this::dropConnections);
            server.start();
        } catch (RuntimeException e) {
            closed = true;
            dtls = null;
            server.destroy();
            throw new IllegalStateException("CoAP adapter failed to start: " + e.getMessage(), e);
        }
        LOG.info("CoAP adapter listening: coap={} coaps={}", coapPort(), coapsPort());
    }

    /** The bound plain CoAP port, or -1 if that listener is disabled or not started. */
    public int coapPort() {
        return port(plainEndpoint);
    }

    /** The bound CoAP-over-DTLS port, or -1 if that listener is disabled or not started. */
    public int coapsPort() {
        return port(secureEndpoint);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.destroy();
        }
        dtls = null;
    }

    /** True while a DTLS session exists for {@code peer} (the address the server currently sees). */
    boolean hasDtlsSession(InetSocketAddress peer) {
        DTLSConnector connector = dtls;
        return connector != null && connector.getSessionByAddress(peer) != null;
    }

    private void addEndpoints(Configuration config) {
        if (settings.listeners().coapEnabled()) {
            CoapSettings.Listeners l = settings.listeners();
            UDPConnector udp = new UDPConnector(new InetSocketAddress(l.host(), l.coapPort()), config);
            plainEndpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(udp).build();
            server.addEndpoint(plainEndpoint);
        }
        if (settings.listeners().coapsEnabled()) {
            DTLSConnector connector = DtlsConnectorFactory.create(settings, config,
                    new DirectoryPskStore(directory, metrics, backoff),
                    new HandshakeObserver(metrics, directory, deviceEvents, clock, backoff),
                    new ClientHelloFilter(config, metrics), metrics);
            secureEndpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
            server.addEndpoint(secureEndpoint);
            dtls = connector;
        }
    }

    private void dropConnections(String deviceId) {
        DTLSConnector connector = dtls;
        if (closed || connector == null) {
            return;
        }
        Filter<Principal> sameDevice = principal -> DeviceIdentities.is(principal, deviceId);
        connector.startTerminateConnectionsForPrincipal(sameDevice, true);
        LOG.debug("dropping DTLS connections of a deactivated device");
    }

    private static int port(Endpoint endpoint) {
        return endpoint == null ? -1 : endpoint.getAddress().getPort();
    }
}
