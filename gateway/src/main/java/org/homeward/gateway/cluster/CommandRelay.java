package org.homeward.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.records.JournalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledge and shelve made on a node that does not own the patient: the command is written as a
 * record on the patient's readings partition (so it reaches whoever owns the partition now, in order
 * with the patient's readings), the owner runs it on the patient's shard, waits until the changed alarm
 * is durable on the partition, and answers on the commands topic keyed by the asking node; the asking
 * node completes the nurse's request with that answer, or with "not answered in time" (503) after
 * {@code cluster.command-timeout}. A command record starts with the byte {@value #COMMAND} (no
 * {@code JournalRecords} type uses it) and is skipped by replays: it was answered, or timed out, already.
 *
 * <p>Threading: {@link #send} on HTTP threads, {@link #execute} on the membership thread, {@link #answer}
 * on the view thread; the pending map is concurrent.
 */
final class CommandRelay {
    static final byte COMMAND = 'C';
    private static final Logger LOG = LoggerFactory.getLogger(CommandRelay.class);
    private final ConcurrentHashMap<String, CompletableFuture<List<Alarm>>> pending = new ConcurrentHashMap<>();
    private final ReadingsTopic readings;
    private final String node;
    private final Duration timeout;
    private volatile ViewPublisher replies;
    private volatile Function<String, CompletableFuture<?>> durable = id -> CompletableFuture.completedFuture(null);

    CommandRelay(ReadingsTopic readings, ClusterSettings settings) {
        this.readings = readings;
        this.node = settings.nodeId();
        this.timeout = settings.commandTimeout();
    }

    /** Where answers go, and how the owner waits for a changed alarm to be durable ({@code AlarmJournal.durable}). */
    void ownerSide(ViewPublisher replies, Function<String, CompletableFuture<?>> durable) {
        this.replies = replies;
        this.durable = durable;
    }

    static boolean isCommand(byte[] value) {
        return value != null && value.length > 0 && value[0] == COMMAND;
    }

    /** Forwards an acknowledge ({@code durationMillis} < 0) or shelve to the owner of {@code patientId}. */
    CompletableFuture<List<Alarm>> send(String patientId, String alarmId, String user, String note, long durationMillis) {
        String id = UUID.randomUUID().toString();
        ObjectNode c = ViewCodec.JSON.createObjectNode().put("id", id).put("from", node).put("alarm", alarmId)
                .put("user", user).put("note", note).put("duration", durationMillis);
        byte[] json;
        try {
            json = ViewCodec.JSON.writeValueAsBytes(c);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] record = new byte[json.length + 1];
        record[0] = COMMAND;
        System.arraycopy(json, 0, record, 1, json.length);
        CompletableFuture<List<Alarm>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        readings.record(patientId, record).whenComplete((pos, error) -> {
            if (error != null) {
                answer.completeExceptionally(new IllegalStateException(
                        "the command could not be passed to the node that processes this patient (Kafka); try again"));
            }
        });
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((alarms, error) -> {
            pending.remove(id);
            if (error == null) {
                return alarms;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                throw new CompletionException(new IllegalStateException("the node that processes this patient did not"
                        + " answer within " + timeout.toMillis() + " ms; try again"));
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        });
    }

    /** The owner runs a command record of its partition (live only) and answers the asking node. */
    void execute(byte[] record, PatientShards shards) {
        JsonNode c;
        try {
            c = ViewCodec.JSON.readTree(record, 1, record.length - 1);
        } catch (IOException e) {
            LOG.error("a command record cannot be read and is skipped: {}", e.getMessage());
            return;
        }
        String alarmId = c.path("alarm").asText();
        long duration = c.path("duration").asLong();
        CompletableFuture<List<Alarm>> run = duration < 0
                ? shards.acknowledge(alarmId, c.path("user").asText(), c.path("note").isNull() ? null : c.path("note").asText())
                : shards.shelve(alarmId, c.path("user").asText(), duration);
        run.thenCompose(alarms -> durable.apply(alarmId).thenApply(x -> alarms)).whenComplete((alarms, error) -> {
            ObjectNode a = ViewCodec.JSON.createObjectNode().put("id", c.path("id").asText());
            if (error == null) {
                ArrayNode list = a.putArray("alarms");
                alarms.forEach(x -> list.add(Base64.getEncoder().encodeToString(JournalRecords.alarm(x))));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                a.put("error", String.valueOf(cause.getMessage()))
                        .put("notFound", cause instanceof IllegalArgumentException);
            }
            ViewPublisher r = replies;
            if (r != null) {
                try {
                    r.reply(c.path("from").asText(), ViewCodec.JSON.writeValueAsBytes(a));
                } catch (IOException e) {
                    LOG.error("command answer could not be encoded: {}", e.toString());
                }
            }
        });
    }

    /** An answer on the commands topic; ignored unless this node asked. */
    void answer(byte[] value) {
        try {
            JsonNode a = ViewCodec.JSON.readTree(value);
            CompletableFuture<List<Alarm>> f = pending.get(a.path("id").asText());
            if (f == null) {
                return;
            }
            if (a.has("error")) {
                String why = a.path("error").asText();
                f.completeExceptionally(a.path("notFound").asBoolean() ? new IllegalArgumentException(why)
                        : new IllegalStateException(why));
                return;
            }
            List<Alarm> alarms = new ArrayList<>();
            a.path("alarms").forEach(x -> alarms.add(JournalRecords.decode(Base64.getDecoder().decode(x.asText())).alarm()));
            f.complete(alarms);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("a command answer cannot be read and is skipped: {}", e.getMessage());
        }
    }
}
