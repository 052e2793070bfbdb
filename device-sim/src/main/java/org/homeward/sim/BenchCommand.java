package org.homeward.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.homeward.sim.bench.BenchResult;
import org.homeward.sim.bench.MqttBench;
import org.homeward.sim.bench.NettyMqttClients;
import org.homeward.sim.transport.Links;
import org.homeward.sim.model.Pack;
import org.homeward.sim.model.Rec;
import org.homeward.sim.model.Seeds;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.homeward.sim.senml.SenmlEncoder;
import org.homeward.sim.senml.SenmlFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: MQTT connection ramp and sustained QoS 1 throughput with send→PUBACK latency. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "MQTT benchmark: connect clients at a ramp rate, then publish oximeter-sized SenML packs at QoS 1 "
                + "at a fixed total rate; report throughput and send->PUBACK latency (HdrHistogram) as JSON and Markdown.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--mqtt", defaultValue = "localhost:1883", description = "Target host:port (default ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--creds", description = "Credentials file; without it, generated ids and secret 'bench' (for an open broker).")
    Path creds;

    @Option(names = "--clients", defaultValue = "100", description = "Clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ramp", defaultValue = "100", description = "New connections per second (default ${DEFAULT-VALUE}).")
    double ramp;

    @Option(names = "--rate", defaultValue = "1000", description = "Total publishes per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class, description = "Warm-up (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, description = "Measured time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--client", defaultValue = "netty",
            description = "Load client: netty (Netty MQTT codec, few threads, scales to thousands) or paho (default ${DEFAULT-VALUE}).")
    String client;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for bench.json and bench.md (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        HostPort target = HostPort.parse(mqtt, 1883);
        List<MqttBench.Identity> ids = new ArrayList<>();
        if (creds != null) {
            for (Credential c : CredentialsFile.read(creds)) {
                if (ids.size() < clients) {
                    ids.add(new MqttBench.Identity(c.deviceId(), c.secret()));
                }
            }
        } else {
            for (int i = 0; i < clients; i++) {
                ids.add(new MqttBench.Identity(Seeds.pseudonym("d", 7, i, 8), "bench"));
            }
        }
        BenchResult r;
        if (client.equals("paho")) {
            r = new MqttBench(target.host(), target.port(), ids, BenchCommand::oximeterPack,
                    s -> Links.create(Links.Kind.MQTT3, s, null)).run(ramp, rate, warmup, duration);
        } else if (client.equals("netty")) {
            try (NettyMqttClients netty = new NettyMqttClients(2)) {
                r = new MqttBench(target.host(), target.port(), ids, BenchCommand::oximeterPack, netty::create)
                        .run(ramp, rate, warmup, duration);
            }
        } else {
            throw new IllegalArgumentException("--client must be netty or paho");
        }
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("bench.json").toFile(), r);
        Files.writeString(out.resolve("bench.md"), r.markdown());
        System.out.print(r.markdown());
        return r.connected() == ids.size() ? 0 : 1;
    }

    private static byte[] oximeterPack(String deviceId, long n) {
        double t = System.currentTimeMillis() / 1000.0;
        return SenmlEncoder.encode(new Pack("urn:dev:bench:" + deviceId + ":", List.of(
                new Rec("spo2", "/", 0.97, null, t, 5.0), new Rec("hr", "1/s", 1.25, null, t, 5.0),
                new Rec("pi", "/", 0.031, null, t, 5.0), new Rec("act", "m/s2", 0.1, null, t, 5.0))), SenmlFormat.JSON);
    }
}
