package org.homeward.sim;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.homeward.sim.model.Channel;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.model.PatientTrace;
import org.homeward.sim.model.Population;
import org.homeward.sim.model.RunProfile;
import org.homeward.sim.model.Scenario;
import org.homeward.sim.model.ScenarioLibrary;
import org.homeward.sim.model.TraceCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trace}: print a scenario's deterministic trace as CSV, without any network. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Print the deterministic trace of a scenario as CSV (no network). Columns: " + TraceCsv.HEADER)
final class TraceCommand implements Callable<Integer> {
    @Mixin
    ProfileOptions options;

    @Option(names = "--patients", defaultValue = "1", description = "Number of patients (default ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--start", defaultValue = "2026-01-01T00:00:00Z",
            description = "Wall instant of the trace start; timestamps are start + wall offset (default ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--channels", split = ",", defaultValue = "senml,status,event",
            description = "Which channels to print: senml, status, event (default ${DEFAULT-VALUE}).")
    List<String> channels;

    @Option(names = {"-o", "--out"}, description = "Write to this file instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        EnumSet<Channel> wanted = EnumSet.noneOf(Channel.class);
        channels.forEach(c -> wanted.add(Channel.valueOf(c.trim().toUpperCase(Locale.ROOT))));
        RunProfile profile = options.profile(start);
        List<PatientTrace> traces = traces(options.scenario, patients, options.seed, profile);
        PrintWriter w = out == null
                ? new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)))
                : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
        try {
            TraceCsv csv = new TraceCsv(w);
            merged(traces, e -> {
                if (wanted.contains(e.channel())) {
                    csv.write(e);
                }
            });
        } finally {
            w.flush();
            if (out != null) {
                w.close();
            }
        }
        return 0;
    }

    /** Pseudonymous patients for a scenario mix, as the trace command builds them. */
    static List<PatientTrace> traces(String mix, int patients, long seed, RunProfile profile) {
        List<String> names = Population.assign(Population.parseMix(mix), patients, seed);
        List<PatientTrace> out = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            Scenario s = ScenarioLibrary.load(names.get(i));
            out.add(new PatientTrace(PatientKit.pseudonymous(seed, i, s), profile, seed));
        }
        return out;
    }

    /** Feeds every emission of all traces, in global emission order, to {@code sink}. */
    static void merged(List<PatientTrace> traces, java.util.function.Consumer<Emission> sink) {
        while (true) {
            PatientTrace best = null;
            for (PatientTrace t : traces) {
                if (t.hasNext() && (best == null || t.peekEmitMillis() < best.peekEmitMillis())) {
                    best = t;
                }
            }
            if (best == null) {
                return;
            }
            sink.accept(best.next());
        }
    }
}
