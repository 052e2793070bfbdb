package org.homeward.gateway.app;

import java.util.Map;

/**
 * Readiness of the gateway, served at {@code GET /health}. Implemented by the integrator.
 *
 * <p>Threading: called on an HTTP event loop; must return at once from already-known state and
 * never block or throw.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Current readiness: {@code ready=false} answers 503 so load balancers and scripts can wait. */
    Health check();

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
