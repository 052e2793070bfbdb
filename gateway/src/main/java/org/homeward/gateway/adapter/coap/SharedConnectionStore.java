package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.ConnectionEvictedException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.InMemoryReadWriteLockConnectionStore;
import org.eclipse.californium.scandium.dtls.SessionStore;
import org.homeward.gateway.device.AddressShare;
import org.homeward.gateway.metrics.ThrottledWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's connection store with a bounded share per source address for what is not authenticated
 * yet. Issue 15: 21,000 ClientHellos that completed the cookie exchange from one address filled the
 * whole store (20,000), and every device handshake failed until the attacker's half-open handshakes
 * timed out (~35 s a burst).
 *
 * <p>A connection created by a new CLIENT_HELLO counts against its address's {@link AddressShare}
 * (at most {@code maxPerAddress}) from the moment it enters the store until its handshake establishes a
 * peer identity (a PSK identity whose key matched, or a client certificate the trusted CA signed), or it
 * leaves the store. A full share ends its oldest entry to admit the new one (counted as refused,
 * reason {@code address_share}); authenticated connections are never counted, so the devices of a
 * carrier-grade-NAT cell share one address without using up its share, and a flood from inside the
 * cell churns only the cell's unauthenticated slots. A CLIENT_HELLO the whole store has no room for
 * is refused by Scandium (answered with a stateless HelloVerifyRequest) and counted as {@code store_full}.
 * Both are logged at most once a minute.
 *
 * <p>Threading: {@link #put} runs under the store's write lock on Scandium's inbound threads, the
 * listener callbacks on connection executors; the share has its own lock, always taken after the
 * store's. An entry is ended on its own connection's executor, as Scandium ends evicted ones.
 */
final class SharedConnectionStore extends InMemoryReadWriteLockConnectionStore implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SharedConnectionStore.class);

    private final AddressShare<Connection> share;
    private final CoapMetrics metrics;
    private final ThrottledWarning shareLog = ThrottledWarning.perMinute(LOG,
            "ended {} unauthenticated DTLS handshake(s) whose address held its whole share"
                    + " (coaps.max-unauthenticated-per-address) since the last such line");
    private final ThrottledWarning fullLog = ThrottledWarning.perMinute(LOG,
            "refused {} DTLS ClientHello(s): the connection store (coaps.max-connections) is full");

    /**
     * @param capacity       most connections kept (DTLS_MAX_CONNECTIONS)
     * @param staleSeconds   idle time after which a connection may be evicted when the store is full
     * @param maxPerAddress  most unauthenticated connections per address
     */
    SharedConnectionStore(int capacity, long staleSeconds, SessionStore sessions, boolean removeStaleDoublePrincipals,
                          int maxPerAddress, CoapMetrics metrics) {
        super(capacity, staleSeconds, sessions, removeStaleDoublePrincipals);
        this.share = new AddressShare<>(maxPerAddress);
        this.metrics = metrics;
    }

    @Override
    public boolean put(Connection connection) {
        InetSocketAddress peer = connection.getPeerAddress();
        if (peer == null || connection.getEstablishedSession() != null) {
            return super.put(connection); // restored or client-side: already authenticated
        }
        Connection oldest = share.admit(peer.getAddress(), connection);
        if (oldest != null) {
            end(oldest);
        }
        if (super.put(connection)) {
            return true;
        }
        share.release(connection);
        metrics.dtlsRefused("store_full");
        fullLog.occurred();
        return false;
    }

    /** Unauthenticated connections held by the share of {@code peer}'s address (for tests and probes). */
    int unauthenticated(java.net.InetAddress peer) {
        return share.held(peer);
    }

    private void end(Connection oldest) {
        metrics.dtlsRefused("address_share");
        shareLog.occurred();
        try {
            oldest.getExecutor().execute(() -> {
                Handshaker handshake = oldest.getOngoingHandshake();
                if (handshake != null) {
                    // Scandium removes the connection of a failed first handshake (as for its own evictions)
                    handshake.handshakeFailed(new ConnectionEvictedException("address share full"));
                } else if (oldest.getEstablishedPeerIdentity() == null) {
                    // established without a client identity (X.509 optional), or ended before Scandium started its
                    // handshake: out of the store either way (a handshake Scandium still starts on it lives only
                    // until its retransmissions give up, as with Scandium's own evictions)
                    remove(oldest, true);
                }
            });
        } catch (RejectedExecutionException | NullPointerException gone) {
            LOG.debug("unauthenticated DTLS connection already gone: {}", gone.toString());
        }
    }

    @Override
    public void onConnectionEstablished(Connection connection) {
        if (connection.getEstablishedPeerIdentity() != null) {
            share.release(connection);
        }
    }

    @Override
    public void onConnectionRemoved(Connection connection) {
        share.release(connection);
    }

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
        return false;
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        return false;
    }

    @Override
    public void beforeExecution(Connection connection) {
        // no per-execution work
    }

    @Override
    public void updateExecution(Connection connection) {
        // no per-execution work
    }

    @Override
    public void afterExecution(Connection connection) {
        // no per-execution work
    }
}
