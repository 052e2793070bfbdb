package org.homeward.gateway.adapter.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A NAT in a test: the client talks to {@link #port()}, the server sees the forwarder's upstream
 * socket. {@link #rebind()} swaps the upstream socket for one on a new port, as a NAT that
 * forgets a mapping would, so the server sees the same DTLS peer arrive from another address.
 */
final class RebindingUdpForwarder implements AutoCloseable {
    private final DatagramSocket downstream;
    private final InetSocketAddress server;
    private volatile DatagramSocket upstream;
    private volatile SocketAddress client;

    RebindingUdpForwarder(InetSocketAddress server) throws IOException {
        this.server = server;
        this.downstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.upstream = openUpstream();
        Thread pump = new Thread(this::clientToServer, "forwarder-down");
        pump.setDaemon(true);
        pump.start();
    }

    int port() {
        return downstream.getLocalPort();
    }

    /** The address the server currently sees. */
    InetSocketAddress upstreamAddress() {
        return (InetSocketAddress) upstream.getLocalSocketAddress();
    }

    /** Moves to a new upstream port; datagrams from now on reach the server from there. */
    void rebind() throws IOException {
        DatagramSocket old = upstream;
        upstream = openUpstream();
        old.close();
    }

    private DatagramSocket openUpstream() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread pump = new Thread(() -> serverToClient(socket), "forwarder-up-" + socket.getLocalPort());
        pump.setDaemon(true);
        pump.start();
        return socket;
    }

    private void clientToServer() {
        byte[] buffer = new byte[65_535];
        while (!downstream.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                downstream.receive(packet);
                client = packet.getSocketAddress();
                upstream.send(new DatagramPacket(packet.getData(), packet.getLength(), server));
            } catch (IOException closedOrSwapped) {
                // closed: the loop ends; a send racing a rebind is a lost datagram, as on a real NAT
            }
        }
    }

    private void serverToClient(DatagramSocket socket) {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                SocketAddress to = client;
                if (to != null) {
                    downstream.send(new DatagramPacket(packet.getData(), packet.getLength(), to));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        downstream.close();
        upstream.close();
    }
}
