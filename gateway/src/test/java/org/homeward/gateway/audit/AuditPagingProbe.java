package org.homeward.gateway.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Not run by the build: fills an audit log with N entries rotated at M bytes in a directory, then
 * times pages (30 runs each after warm-up; median, min, max) and one full verify. Figures in
 * docs/security.md. Args: entries, rotation bytes, parent directory (use tmpfs to leave fsync out).
 */
public final class AuditPagingProbe {
    private interface Run {
        void run() throws Exception;
    }

    private AuditPagingProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        AuditLog log = new AuditLog(Files.createTempDirectory(Path.of(args[2]), "audit-probe").resolve("audit.log"),
                Long.parseLong(args[1]));
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            log.append("nurse1", "view.patient", Map.of("patient", "p-" + (i % 500), "status", "200"), Instant.now());
        }
        System.out.printf("append %d: %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        for (int w = 0; w < 50; w++) {
            log.page(-1, -1, 100);
            log.page(n / 2, -1, 100);
        }
        System.out.println("newest 100:   " + time(() -> log.page(-1, -1, 100)));
        System.out.println("after=n/2:    " + time(() -> log.page(n / 2, -1, 100)));
        System.out.println("after=0:      " + time(() -> log.page(0, -1, 100)));
        System.out.println("before=n/3:   " + time(() -> log.page(-1, n / 3, 100)));
        System.out.println("newest 1000:  " + time(() -> log.page(-1, -1, 1000)));
        long v0 = System.nanoTime();
        AuditLog.Verification v = log.verify();
        System.out.printf("verify: ok=%s entries=%d files=%d %.2f s%n", v.ok(), v.entries(), v.files(),
                (System.nanoTime() - v0) / 1e9);
    }

    private static String time(Run r) throws Exception {
        double[] t = new double[30];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return String.format("median %.2f ms (min %.2f, max %.2f)", t[15], t[0], t[29]);
    }
}
