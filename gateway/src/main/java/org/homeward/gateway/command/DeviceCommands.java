package org.homeward.gateway.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pending-command store: every command with its time-to-live on the injected clock, its state
 * (queued → delivered → answered | refused | expired) and the durable {@link CommandLog}. A command
 * is answered "queued" only once its log line is on disk; pending commands survive a restart and
 * expire by the same clock afterwards.
 *
 * <p>Threading: every change runs on one own thread ({@code commands}), in order; reads
 * ({@link #sendable}, {@link #forPatient}) come from a concurrent map on any thread. Listeners are
 * called on that thread after each durable transition and must not block. Expiry is checked every
 * second and whenever a device asks for its commands, so an expired command is never sent.
 */
public final class DeviceCommands implements CommandOutbox, AutoCloseable {
    /** Commands not yet finished, per device, beyond which a new one is refused. */
    public static final int MAX_PENDING_PER_DEVICE = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCommands.class);
    private static final long KEEP_FINISHED_MILLIS = TimeUnit.DAYS.toMillis(30);

    private final Clock clock;
    private final CommandLog log;
    private final Map<String, DeviceCommand> byId = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceCommand>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DeviceCommand>> queuedListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private final MeterRegistry meters;
    private final Counter logFailures;

    /** Opens (and compacts) {@code dir/commands.jsonl}; expiry is checked every second on the commands thread. */
    public DeviceCommands(Path dir, Clock clock, MeterRegistry meters) throws IOException {
        this.clock = clock;
        this.meters = meters;
        Map<String, DeviceCommand> read = new LinkedHashMap<>();
        this.log = CommandLog.open(dir, clock.millis(), KEEP_FINISHED_MILLIS, read);
        byId.putAll(read);
        this.logFailures = Counter.builder(Meters.COMMAND_LOG_FAILURES).register(meters);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "commands");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::expireDue, 1, 1, TimeUnit.SECONDS);
        LOG.info("device commands: {} kept from {}, {} pending", read.size(), CommandLog.FILE,
                read.values().stream().filter(c -> !c.state().terminal()).count());
    }

    /** A new command request, already validated by the caller. */
    public record Request(String patientId, String deviceId, String command, String vital, long ttlSeconds,
                          String requestedBy) {
    }

    /**
     * Queues a command; completes with it once durable, or exceptionally with an
     * {@link IllegalStateException} when the device already has {@link #MAX_PENDING_PER_DEVICE}
     * unfinished commands, or the log write's {@link IOException}.
     */
    public CompletableFuture<DeviceCommand> submit(Request r) {
        return onThread(() -> {
            long pending = byId.values().stream()
                    .filter(c -> c.deviceId().equals(r.deviceId()) && !c.state().terminal()).count();
            if (pending >= MAX_PENDING_PER_DEVICE) {
                throw new IllegalStateException("the device already has " + pending + " unfinished commands");
            }
            long now = clock.millis();
            DeviceCommand c = new DeviceCommand(UUID.randomUUID().toString(), r.patientId(), r.deviceId(), r.command(),
                    r.vital(), r.requestedBy(), now, now + r.ttlSeconds() * 1000, CommandState.QUEUED, now, null);
            log.append(c);  // throws: nothing was queued
            store(c);
            queuedListeners.forEach(l -> notify(l, c));
            return c;
        });
    }

    /** The patient's commands, newest first. */
    public List<DeviceCommand> forPatient(String patientId) {
        return byId.values().stream().filter(c -> c.patientId().equals(patientId))
                .sorted(Comparator.comparingLong(DeviceCommand::createdAt).reversed()).toList();
    }

    /** Called with every command after each durable transition, its first (queued) included. */
    public void onChange(Consumer<DeviceCommand> listener) {
        changeListeners.add(listener);
    }

    @Override
    public void onQueued(Consumer<DeviceCommand> listener) {
        queuedListeners.add(listener);
    }

    @Override
    public List<DeviceCommand> sendable(String deviceId) {
        long now = clock.millis();
        return byId.values().stream().filter(c -> c.deviceId().equals(deviceId) && c.sendable(now))
                .sorted(Comparator.comparingLong(DeviceCommand::createdAt)).toList();
    }

    @Override
    public void delivered(String deviceId, String commandId) {
        onThread(() -> {
            DeviceCommand c = byId.get(commandId);
            if (c != null && c.deviceId().equals(deviceId) && c.state() == CommandState.QUEUED) {
                transition(c, CommandState.DELIVERED, null);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<AnswerResult> answer(String deviceId, byte[] payload, String correlationId) {
        CommandAnswer a;
        try {
            a = CommandJson.parseAnswer(payload, correlationId);
        } catch (IllegalArgumentException e) {
            meters.counter(Meters.COMMAND_ANSWERS_REFUSED, "reason", "malformed").increment();
            return CompletableFuture.completedFuture(new AnswerResult(AnswerResult.Outcome.MALFORMED, e.getMessage()));
        }
        return onThread(() -> {
            DeviceCommand c = byId.get(a.id());
            if (c == null || !c.deviceId().equals(deviceId)) {
                meters.counter(Meters.COMMAND_ANSWERS_REFUSED, "reason", "unknown").increment();
                return new AnswerResult(AnswerResult.Outcome.UNKNOWN, "no such command for this device");
            }
            if (c.state().terminal()) {
                meters.counter(Meters.COMMAND_ANSWERS_REFUSED, "reason", "finished").increment();
                return new AnswerResult(AnswerResult.Outcome.FINISHED, "command already " + c.state().tag());
            }
            DeviceCommand next = c.to(a.done() ? CommandState.ANSWERED : CommandState.REFUSED, clock.millis(), a.detail());
            log.append(next);  // throws: the device is not told it was recorded and answers again
            store(next);
            return new AnswerResult(AnswerResult.Outcome.RECORDED, null);
        });
    }

    /**
     * Ends every unfinished command of a device that was revoked or moved to another patient, as
     * {@code expired} with {@code why}: a command asked for one patient must never reach the device
     * once it measures for someone else.
     */
    public CompletableFuture<Integer> cancelFor(String deviceId, String why) {
        return onThread(() -> {
            int n = 0;
            for (DeviceCommand c : List.copyOf(byId.values())) {
                if (c.deviceId().equals(deviceId) && !c.state().terminal()) {
                    transition(c, CommandState.EXPIRED, why);
                    n++;
                }
            }
            return n;
        });
    }

    /** Expires every unfinished command past its time-to-live; runs every second, public for tests on a fixed clock. */
    public CompletableFuture<Integer> expireNow() {
        return onThread(this::expireDueOnThread);
    }

    private void expireDue() {
        try {
            expireDueOnThread();
        } catch (RuntimeException e) {
            LOG.warn("command expiry check failed", e);
        }
    }

    private int expireDueOnThread() {
        long now = clock.millis();
        int n = 0;
        for (DeviceCommand c : List.copyOf(byId.values())) {
            if (!c.state().terminal() && now >= c.expiresAt()) {
                transition(c, CommandState.EXPIRED, c.state() == CommandState.QUEUED
                        ? "not delivered within its time-to-live" : "not answered within its time-to-live");
                n++;
            }
        }
        return n;
    }

    /** A transition that is kept in memory even when the log write fails (logged and counted). */
    private void transition(DeviceCommand c, CommandState next, String why) {
        DeviceCommand d = c.to(next, clock.millis(), why);
        try {
            log.append(d);
        } catch (IOException e) {
            logFailures.increment();
            LOG.warn("command log: cannot record {} of a command: {}", next.tag(), e.toString());
        }
        store(d);
    }

    private void store(DeviceCommand c) {
        byId.put(c.id(), c);
        meters.counter(Meters.COMMANDS, "state", c.state().tag()).increment();
        changeListeners.forEach(l -> notify(l, c));
    }

    private static void notify(Consumer<DeviceCommand> l, DeviceCommand c) {
        try {
            l.accept(c);
        } catch (RuntimeException e) {
            LOG.warn("command listener failed", e);
        }
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> onThread(Step<T> step) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(step.run());
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("device commands are closed", e));
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
