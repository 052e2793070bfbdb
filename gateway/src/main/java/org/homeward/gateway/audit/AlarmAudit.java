package org.homeward.gateway.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;

/**
 * Writes the automatic alarm transitions to the audit log with actor {@code system}: raised,
 * escalated, re-alerted, priority raised, latched (condition gone, HIGH kept), cleared, shelving
 * expired. Acknowledgements and shelving are people's actions, audited with their name by
 * {@link NurseCommands}, and are skipped here.
 *
 * <p>Threading: {@link #onChange} runs on shard threads (every alarm of a patient on the same
 * one); the previous value per open alarm is kept in a concurrent map, dropped when resolved.
 * Never blocks: lines go through the {@link AuditTrail}'s bounded hand-off (overflow counted and
 * logged there). {@link #remember} is for journal replay at start-up and never writes a line, so a
 * restart does not duplicate the transitions already audited.
 */
public final class AlarmAudit {
    static final String SYSTEM = "system";
    private final AuditTrail audit;
    private final Map<String, Alarm> last = new ConcurrentHashMap<>();

    public AlarmAudit(AuditTrail audit) {
        this.audit = audit;
    }

    /** A journaled alarm value read back at start-up: remembered, not audited. */
    public void remember(Alarm a) {
        if (a.isOpen()) {
            last.put(a.id(), a);
        } else {
            last.remove(a.id());
        }
    }

    /** A live alarm change (including those at the end of replay). */
    public void onChange(Alarm a) {
        Alarm prev = a.isOpen() ? last.put(a.id(), a) : last.remove(a.id());
        String action = classify(prev, a);
        if (action == null) {
            return;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("alarm", a.id());
        d.put("patient", a.patientId());
        d.put("rule", a.rule());
        d.put("priority", a.priority().name());
        d.put("from", prev == null ? "" : prev.state().name());
        d.put("state", a.state().name());
        d.put("escalationLevel", Integer.toString(a.escalationLevel()));
        d.put("changedAt", Instant.ofEpochMilli(a.changedAtMillis()).toString());
        audit.record(SYSTEM, action, d);
    }

    /** The audit action of an automatic transition, or null for a person's action (ack, shelve). */
    static String classify(Alarm prev, Alarm now) {
        AlarmState from = prev == null ? null : prev.state();
        switch (now.state()) {
            case SHELVED:
                return null;
            case ACKNOWLEDGED:
                return from == AlarmState.ACKNOWLEDGED ? "alarm.updated" : null;
            case RESOLVED:
                boolean byAck = now.user() != null && (from != AlarmState.ACKNOWLEDGED
                        || !now.user().equals(prev.user()));
                return byAck ? null : "alarm.cleared";
            default:
                break;
        }
        if (prev == null) {
            return "alarm.raised";
        }
        if (now.priority().compareTo(prev.priority()) > 0) {
            return "alarm.priority_raised";
        }
        if (from == AlarmState.SHELVED) {
            return "alarm.shelve_expired";
        }
        if (from == AlarmState.ACKNOWLEDGED) {
            return "alarm.realerted";
        }
        return now.escalationLevel() > prev.escalationLevel() ? "alarm.escalated" : "alarm.updated";
    }
}
