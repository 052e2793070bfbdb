package org.homeward.gateway;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The process-level pieces every gateway needs: its meter registry (with JVM meters) and daemon threads. */
final class GatewayRuntime {
    /** Audit lines waiting for the audit thread (each append is an fsync); overflow is counted and logged. */
    private static final int AUDIT_QUEUE = 16_384;

    private GatewayRuntime() {
    }

    /** A Prometheus registry with the JVM memory, GC, thread and processor meters bound. */
    static PrometheusMeterRegistry meters() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().meterFilter(org.homeward.gateway.metrics.Meters.prometheusHygiene());
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        return meters;
    }

    /** The one audit thread, behind a bounded queue (a full queue rejects; the audit trail counts it). */
    static ExecutorService auditExecutor() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(AUDIT_QUEUE),
                daemon("audit"));
    }

    /** Threads named {@code name}, daemon so they never keep the JVM alive. */
    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
