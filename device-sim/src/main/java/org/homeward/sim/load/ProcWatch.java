package org.homeward.sim.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of another process (the broker under test) from {@code /proc/<pid>/stat}
 * and {@code /proc/<pid>/status}. A pid of 0 watches nothing and every sample is empty.
 */
final class ProcWatch {
    /** Clock ticks per second of utime/stime ({@code getconf CLK_TCK}; 100 on Linux x86-64). */
    static final int CLK_TCK = 100;

    /**
     * {@code writeCalls}: {@code syscw} of {@code /proc/<pid>/io} (-1 if unreadable). It counts write/writev/pwrite
     * but not send/sendto, which Netty's epoll transport uses for single-buffer socket writes, so it is NOT a count
     * of PUBACK writes (use {@code strace -c -f -e trace=write,writev,sendto,sendmsg -p PID} for that).
     */
    record Sample(long nanos, long cpuTicks, long rssKib, long writeCalls) {
        static final Sample NONE = new Sample(0, -1, -1, -1);

        Sample(long nanos, long cpuTicks, long rssKib) {
            this(nanos, cpuTicks, rssKib, -1);
        }
    }

    private final long pid;
    private final boolean jvm;

    ProcWatch(long pid) {
        this(pid, false);
    }

    /** {@code jvm}: the watched process is a JVM, so {@link #collectGarbage()} asks it for a full GC (jcmd). */
    ProcWatch(long pid, boolean jvm) {
        this.pid = pid;
        this.jvm = jvm;
    }

    /** Best effort: {@code jcmd <pid> GC.run} so RSS samples are not inflated by garbage; blocks up to 30 s. */
    void collectGarbage() {
        if (pid <= 0 || !jvm) {
            return;
        }
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(500);
        } catch (IOException e) {
            // no jcmd: samples include garbage; said so in the report by the absence of gc
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean active() {
        return pid > 0;
    }

    Sample sample() {
        if (pid <= 0) {
            return Sample.NONE;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            long syscw = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                    if (line.startsWith("syscw:")) {
                        syscw = Long.parseLong(line.substring(6).strip());
                    }
                }
            } catch (IOException e) {
                // /proc/<pid>/io needs ptrace access; the figure is then absent
            }
            return new Sample(System.nanoTime(), ticks, rss, syscw);
        } catch (IOException | RuntimeException e) {
            return Sample.NONE;
        }
    }

    /** CPU use between two samples in percent of one core. */
    static double cpuPercent(Sample a, Sample b) {
        if (a.cpuTicks() < 0 || b.cpuTicks() < 0 || b.nanos() <= a.nanos()) {
            return -1;
        }
        return 100.0 * (b.cpuTicks() - a.cpuTicks()) / CLK_TCK / ((b.nanos() - a.nanos()) / 1e9);
    }
}
