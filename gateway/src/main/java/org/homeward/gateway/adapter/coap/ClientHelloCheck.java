package org.homeward.gateway.adapter.coap;

/**
 * Structure check of an unfragmented DTLS 1.2 CLIENT_HELLO before Scandium parses it (RFC 6347
 * §4.2.2, RFC 5246 §7.4.1.2): record and handshake lengths agree, the session id is at most 32
 * bytes, cookie, cipher suites and compression methods fit in the message. Scandium 3.x answers a
 * session-id length of 255 with a NullPointerException deep in the handshake code, logged with its
 * stack (18 lines) each time (issue 15: 3,000 datagrams, 4.7 MB of log); such a datagram is dropped
 * here instead. Fragmented hellos are left to Scandium (it reassembles them).
 *
 * <p>Stateless; any thread.
 */
final class ClientHelloCheck {
    static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    private static final int MAX_SESSION_ID = 32;

    private ClientHelloCheck() {
    }

    /** True when {@code b[o..o+len)} is a CLIENT_HELLO record that is well formed (or fragmented). */
    static boolean wellFormed(byte[] b, int o, int len) {
        if (len < RECORD_HEADER + HANDSHAKE_HEADER) {
            return false;
        }
        int recordLength = u16(b, o + 11);
        if (recordLength < HANDSHAKE_HEADER || RECORD_HEADER + recordLength > len) {
            return false;
        }
        int h = o + RECORD_HEADER;
        int messageLength = u24(b, h + 1);
        int fragmentOffset = u24(b, h + 6);
        int fragmentLength = u24(b, h + 9);
        if (fragmentLength > recordLength - HANDSHAKE_HEADER || fragmentOffset + fragmentLength > messageLength) {
            return false;
        }
        if (fragmentOffset != 0 || fragmentLength != messageLength) {
            return true; // a fragment: Scandium reassembles and checks it
        }
        int p = h + HANDSHAKE_HEADER;
        int end = p + messageLength;
        p += 2 + 32; // client_version, random
        if (p >= end) {
            return false;
        }
        int sessionId = b[p] & 0xff;
        if (sessionId > MAX_SESSION_ID) {
            return false;
        }
        p += 1 + sessionId;
        if (p >= end) {
            return false;
        }
        p += 1 + (b[p] & 0xff); // cookie
        if (p + 2 > end) {
            return false;
        }
        int suites = u16(b, p);
        if (suites < 2 || suites % 2 != 0) {
            return false;
        }
        p += 2 + suites;
        if (p >= end) {
            return false;
        }
        int compressions = b[p] & 0xff;
        return compressions >= 1 && p + 1 + compressions <= end;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static int u24(byte[] b, int i) {
        return (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
    }
}
