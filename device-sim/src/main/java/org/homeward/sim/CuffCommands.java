package org.homeward.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.homeward.sim.model.Channel;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.Pack;
import org.homeward.sim.model.Rec;
import org.homeward.sim.senml.SenmlEncoder;
import org.homeward.sim.senml.SenmlFormat;
import org.homeward.sim.transport.CommandHandler;
import org.homeward.sim.transport.Outgoing;

/**
 * Simulated devices obey the gateway's commands: a BP cuff asked to {@code measure}
 * {@code blood-pressure} measures now (its patient's pressure as it last measured it, stamped now),
 * sends that reading, and answers {@code done}; anything else is answered {@code refused} with why.
 * Remembers each cuff's last blood-pressure records from what the run sent ({@link #seen}).
 *
 * <p>Threading: {@link #seen} on the player's thread, handlers on client callback threads; the
 * memory is a concurrent map.
 */
final class CuffCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BP_RECORDS = List.of("sbp", "dbp", "hr");
    private final Map<String, List<Rec>> lastBp = new ConcurrentHashMap<>();
    private final Clock clock;

    CuffCommands(Clock clock) {
        this.clock = clock;
    }

    /** Remembers a cuff's blood-pressure records as they were sent. */
    void seen(Emission e) {
        if (e.kind() != DeviceKind.BP_CUFF || e.channel() != Channel.SENML || e.malformation() != null) {
            return;
        }
        List<Rec> bp = e.pack().records().stream().filter(r -> BP_RECORDS.contains(r.name()) && r.value() != null).toList();
        if (bp.stream().anyMatch(r -> r.name().equals("sbp"))) {
            lastBp.put(e.deviceId(), bp);
        }
    }

    /** The handler of one device; {@code format} gives its wire format at the time of the command. */
    CommandHandler handler(String deviceId, DeviceKind kind, String baseName, Function<String, SenmlFormat> format) {
        return payload -> reply(deviceId, kind, baseName, format.apply(deviceId), payload);
    }

    CommandHandler.Reply reply(String deviceId, DeviceKind kind, String baseName, SenmlFormat format, byte[] payload) {
        JsonNode cmd;
        try {
            cmd = JSON.readTree(payload);
        } catch (IOException e) {
            return null;  // not a command this firmware understands; nothing to answer to
        }
        String id = cmd.path("id").asText(null);
        if (id == null) {
            return null;
        }
        boolean bp = "measure".equals(cmd.path("command").asText()) && "blood-pressure".equals(cmd.path("vital").asText());
        if (!bp || kind != DeviceKind.BP_CUFF) {
            return new CommandHandler.Reply(null, answer(id, "refused", "a " + kind.cliName() + " cannot do "
                    + cmd.path("command").asText() + " " + cmd.path("vital").asText()));
        }
        List<Rec> last = lastBp.get(deviceId);
        if (last == null) {
            return new CommandHandler.Reply(null, answer(id, "refused", "no measurement possible yet"));
        }
        // stamped now, but never before the reading it repeats (a skewed or time-scaled run stamps ahead)
        double now = Math.max(clock.millis() / 1000.0, last.get(0).time() + 1);
        List<Rec> fresh = new ArrayList<>();
        last.forEach(r -> fresh.add(new Rec(r.name(), r.unit(), r.value(), null, now, null)));
        SenmlFormat f = format == null ? SenmlFormat.JSON : format;
        Outgoing reading = new Outgoing(Channel.SENML, f, SenmlEncoder.encode(new Pack(baseName, fresh), f));
        String detail = "measured " + Math.round(canonical(fresh, "sbp")) + "/" + Math.round(canonical(fresh, "dbp")) + " mmHg";
        return new CommandHandler.Reply(reading, answer(id, "done", detail));
    }

    private static double canonical(List<Rec> recs, String name) {
        return recs.stream().filter(r -> r.name().equals(name)).mapToDouble(Rec::canonical).findFirst().orElse(Double.NaN);
    }

    private static byte[] answer(String id, String status, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("status", status);
        n.put("detail", detail);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("JSON tree cannot fail to serialise", e);
        }
    }
}
