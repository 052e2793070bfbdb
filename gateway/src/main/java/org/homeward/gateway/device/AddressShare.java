package org.homeward.gateway.device;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The bounded share of one source address: at most {@code maxPerAddress} entries (unauthenticated DTLS
 * handshakes, unauthenticated MQTT connections) per address, oldest first out. Admitting one more to a full share takes
 * that address's oldest out and hands it back for the caller to end, so a flood from one address only
 * ever churns its own share and never the rest of the store; a real device behind the same address
 * (carrier-grade NAT) still gets a slot, and keeps it for as long as the flood needs to send
 * {@code maxPerAddress} further hellos, which is far longer than one handshake round trip at any rate
 * one address can sustain.
 *
 * <p>An IPv4 address is one address; an IPv6 address counts as its /64 (one subscriber's prefix), so an
 * attacker cannot mint a fresh share per address of its prefix. Entries are compared by identity.
 *
 * <p>Thread-safe: every method is synchronized and short (a share holds at most {@code maxPerAddress}).
 *
 * @param <T> what is held, e.g. a Scandium {@code Connection} or a Netty {@code Channel}
 */
public final class AddressShare<T> {
    private final int maxPerAddress;
    private final Map<Object, ArrayDeque<T>> byAddress = new HashMap<>();
    private final Map<T, Object> addressOf = new IdentityHashMap<>();

    public AddressShare(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be >= 1, was " + maxPerAddress);
        }
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Admits {@code entry} to the share of {@code address}. Returns null, or, when the share was full,
     * the oldest entry of that address, which is no longer counted and which the caller must end.
     */
    public synchronized T admit(InetAddress address, T entry) {
        Object key = key(address);
        ArrayDeque<T> share = byAddress.computeIfAbsent(key, k -> new ArrayDeque<>());
        T oldest = null;
        if (share.size() >= maxPerAddress) {
            oldest = share.pollFirst();
            addressOf.remove(oldest);
        }
        share.addLast(entry);
        addressOf.put(entry, key);
        return oldest;
    }

    /** Takes {@code entry} out of its share (it authenticated, or it is gone); false if it was not in one. */
    public synchronized boolean release(T entry) {
        Object key = addressOf.remove(entry);
        if (key == null) {
            return false;
        }
        ArrayDeque<T> share = byAddress.get(key);
        share.removeIf(e -> e == entry);
        if (share.isEmpty()) {
            byAddress.remove(key);
        }
        return true;
    }

    /** Entries held by the share of {@code address}. */
    public synchronized int held(InetAddress address) {
        ArrayDeque<T> share = byAddress.get(key(address));
        return share == null ? 0 : share.size();
    }

    /** Entries held over all addresses. */
    public synchronized int size() {
        return addressOf.size();
    }

    /** IPv4: the address; IPv6: its /64 prefix. */
    public static Object key(InetAddress address) {
        if (address instanceof Inet6Address) {
            return ByteBuffer.wrap(address.getAddress(), 0, 8).getLong();
        }
        return address;
    }
}
