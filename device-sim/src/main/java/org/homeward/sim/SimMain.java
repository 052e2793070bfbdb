package org.homeward.sim;

/** Command line of the device simulator (being assembled). */
public final class SimMain {
    private SimMain() {
    }

    public static void main(String[] args) {
        System.out.println("homeward-device-sim: not assembled yet");
    }
}
