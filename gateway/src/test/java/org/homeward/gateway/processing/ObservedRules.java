package org.homeward.gateway.processing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;

/**
 * Rules that raise nothing (as {@link ClinicalRules#NONE}) but observe what reaches them: readings
 * counted per patient, ticks counted; optionally held still until released, or failing on chosen readings.
 */
final class ObservedRules implements ClinicalRules {
    final Map<String, AtomicInteger> readings = new ConcurrentHashMap<>();
    final AtomicInteger ticks = new AtomicInteger();
    /** Calls that evaluate readings: one per {@code onReading}, one per {@code onReadings} (a set). */
    final AtomicInteger evaluations = new AtomicInteger();
    final CountDownLatch hold;
    volatile Predicate<Reading> failOn = r -> false;
    /** Whether every tick throws (a rule bug in the timer path). */
    volatile boolean failTicks;
    /** Alarms the next tick of any patient returns (then cleared). */
    volatile List<Alarm> nextTickAlarms = List.of();

    ObservedRules(boolean held) {
        this.hold = new CountDownLatch(held ? 1 : 0);
    }

    int readings(String patientId) {
        AtomicInteger n = readings.get(patientId);
        return n == null ? 0 : n.get();
    }

    Map<String, Integer> counts() {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        readings.forEach((p, n) -> out.put(p, n.get()));
        return out;
    }

    @Override
    public Monitor create(PatientProfile profile) {
        Monitor none = ClinicalRules.NONE.create(profile);
        return (Monitor) Proxy.newProxyInstance(Monitor.class.getClassLoader(), new Class<?>[] {Monitor.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "onReading":
                            evaluations.incrementAndGet();
                            return onReading((Reading) args[0]);
                        case "onReadings":
                            evaluations.incrementAndGet();
                            for (Object r : (List<?>) args[0]) {
                                onReading((Reading) r);
                            }
                            return List.of();
                        case "onTick":
                            ticks.incrementAndGet();
                            if (failTicks) {
                                throw new IllegalStateException("timer rule bug on purpose");
                            }
                            List<Alarm> out = nextTickAlarms;
                            nextTickAlarms = List.of();
                            return out;
                        default:
                            try {
                                return method.invoke(none, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    private List<Alarm> onReading(Reading r) throws InterruptedException {
        hold.await();
        if (failOn.test(r)) {
            throw new IllegalStateException("rule bug on purpose");
        }
        readings.computeIfAbsent(r.patientId(), k -> new AtomicInteger()).incrementAndGet();
        return List.of();
    }
}
