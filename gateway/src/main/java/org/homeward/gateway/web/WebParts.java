package org.homeward.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.util.Objects;
import org.homeward.gateway.app.AdminService;
import org.homeward.gateway.app.AlarmCommands;
import org.homeward.gateway.app.DeviceCommandService;
import org.homeward.gateway.app.HealthCheck;
import org.homeward.gateway.app.UserDirectory;
import org.homeward.gateway.audit.AuditTrail;
import org.homeward.gateway.processing.PatientQuery;

/**
 * Everything {@link HttpServer} serves, named, in one parameter object instead of a long positional
 * constructor: its settings, the ports of {@code app} it calls, the shards' read side, the live hub,
 * meters, clock, audit trail, and optionally HTTPS ({@code tls}) and the admin API ({@code admin}).
 *
 * @param audit the audit trail; {@link AuditTrail#NONE} when null
 * @param tls   HTTPS only on the port when not null
 * @param admin the admin API ({@code /api/admin/...}) when not null
 * @param deviceCommands device commands ({@code /api/patients/{id}/devices/{device}/commands}) when not null
 */
public record WebParts(HttpSettings settings, PatientQuery query, AlarmCommands commands, UserDirectory users,
                       PrometheusMeterRegistry scrape, HealthCheck health, LiveHub hub, MeterRegistry registry,
                       Clock clock, AuditTrail audit, SslContext tls, AdminService admin,
                       DeviceCommandService deviceCommands) {
    /** Without device commands. */
    public WebParts(HttpSettings settings, PatientQuery query, AlarmCommands commands, UserDirectory users,
                    PrometheusMeterRegistry scrape, HealthCheck health, LiveHub hub, MeterRegistry registry,
                    Clock clock, AuditTrail audit, SslContext tls, AdminService admin) {
        this(settings, query, commands, users, scrape, health, hub, registry, clock, audit, tls, admin, null);
    }

    public WebParts {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(clock, "clock");
        audit = audit == null ? AuditTrail.NONE : audit;
    }
}
