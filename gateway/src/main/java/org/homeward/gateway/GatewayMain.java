package org.homeward.gateway;

/** Composition root and command line of the gateway (being assembled). */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) {
        System.out.println("homeward-gateway: not assembled yet");
    }
}
