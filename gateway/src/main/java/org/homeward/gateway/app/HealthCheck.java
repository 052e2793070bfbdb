package org.homeward.gateway.app;

import java.util.Map;

/**
 * Readiness ({@code GET /health}, {@code GET /health/ready}) and liveness ({@code GET /health/live})
 * of the gateway. Implemented by the integrator. Both answer 200 when up and 503 when not, without
 * a login from the local host even when {@code http.open-management} is false.
 *
 * <p>Threading: called on an HTTP event loop; must return at once from already-known state and
 * never block or throw.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Current readiness: {@code ready=false} answers 503 so load balancers and scripts can wait. */
    Health check();

    /**
     * Liveness: false only when the process is broken beyond what waiting can fix (a restart is the
     * remedy), e.g. a processing thread died. Readiness failures (disk full, journal closed) are not
     * liveness failures. By default alive whenever it answers.
     */
    default Health live() {
        return new Health(true, Map.of());
    }

    /**
     * @param ready   true when the gateway accepts and stores readings
     * @param details JSON-serialisable detail per component (values: strings, numbers, booleans, maps, lists)
     */
    record Health(boolean ready, Map<String, Object> details) {
        public Health {
            details = Map.copyOf(details);
        }
    }
}
