package org.homeward.sim.entries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.homeward.sim.ManualEntrySink;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.Rec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each due manual entry to a file as one JSON line
 * {@code {"patientId":"p-…","time":<POSIX s>,"<record name>":<value>}} (e.g. {@code "ice":5}). Called
 * on the player thread; a write failure is logged and counted, never thrown.
 */
public final class JsonLinesEntrySink implements ManualEntrySink {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesEntrySink.class);

    private final Path file;
    private long failures;

    public JsonLinesEntrySink(Path file) {
        this.file = file;
    }

    @Override
    public void accept(Emission e) {
        Rec r = e.pack().records().get(0);
        double v = r.value() == null ? r.canonical() : r.value();
        String value = v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
        String line = String.format(Locale.ROOT, "{\"patientId\":\"%s\",\"time\":%.3f,\"%s\":%s}%n",
                e.patientId(), r.time(), r.name(), value);
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            failures++;
            LOG.warn("cannot write manual entry to {}: {}", file, ex.toString());
        }
    }

    /** Lines that could not be written. */
    public long failures() {
        return failures;
    }
}
