package org.homeward.sim.net;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code host:port}, {@code [v6]:port} and, for listeners, a bare port (on 127.0.0.1). */
final class Endpoints {
    private Endpoints() {
    }

    static InetSocketAddress listen(String s) {
        String v = s.trim();
        return v.matches("\\d+") ? new InetSocketAddress("127.0.0.1", port(v, s)) : parse(v);
    }

    static InetSocketAddress parse(String s) {
        String v = s.trim();
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not host:port");
        }
        String host = v.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, port(v.substring(colon + 1), s));
    }

    private static int port(String p, String whole) {
        try {
            int port = Integer.parseInt(p);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw new CommandLine.TypeConversionException("'" + whole + "' has no valid port");
    }
}
