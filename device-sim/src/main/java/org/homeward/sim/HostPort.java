package org.homeward.sim;

import picocli.CommandLine;

/** {@code host:port}; a bare host takes the default port given by the option. */
record HostPort(String host, int port) {
    static HostPort parse(String s, int defaultPort) {
        String v = s.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(v, defaultPort);
        }
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(v.substring(0, colon).replace("[", "").replace("]", ""), port);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Object()), "'" + s + "' is not host:port");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
