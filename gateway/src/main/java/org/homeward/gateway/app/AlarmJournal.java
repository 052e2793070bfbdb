package org.homeward.gateway.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every alarm value the shards produce goes: the alarm audit, the alarm counter, and the
 * journal (from which the forwarders read it). A failed append is logged.
 *
 * <p>Threading: called on a shard thread; never blocks (the audit queues, the append is asynchronous).
 */
public final class AlarmJournal implements Consumer<Alarm> {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmJournal.class);
    private final AlarmAudit audit;
    private final AlarmWrites writes;
    private final MeterRegistry meters;

    public AlarmJournal(AlarmAudit audit, AlarmWrites writes, MeterRegistry meters) {
        this.audit = audit;
        this.writes = writes;
        this.meters = meters;
    }

    @Override
    public void accept(Alarm a) {
        audit.onChange(a);
        Counter.builder(Meters.ALARMS).tag("rule", a.rule()).tag("priority", a.priority().name())
                .tag("state", a.state().name()).register(meters).increment();
        writes.write(a).whenComplete((seq, err) -> {
            if (err != null) {
                LOG.error("alarm change could not be journaled: {}", err.toString());
            }
        });
    }
}
