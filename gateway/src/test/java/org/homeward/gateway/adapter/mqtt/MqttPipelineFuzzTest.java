package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile bytes into the real server pipeline (decoder, connect timeout, limiter, CONNECT/PUBLISH/
 * session handlers): random, truncated, bit-flipped, length-mangled and spliced packets, after and
 * without a valid CONNECT, fed in random chunk sizes. Every buffer the pipeline allocates comes
 * from a counting allocator and must be released when the channel is done; no exception may reach
 * the end of the pipeline. {@code -Dhomeward.fuzz.cases=N} and {@code -Dhomeward.fuzz.seed=S} run longer
 * or other campaigns (see docs/security.md).
 */
@Timeout(300)
class MqttPipelineFuzzTest {
    static final int CASES = Integer.getInteger("homeward.fuzz.cases", 100_000);
    static final long SEED = Long.getLong("homeward.fuzz.seed", 20261125L);

    /** Hands out unpooled heap buffers and remembers them, so a test can find any left unreleased. */
    static final class CountingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        CountingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        long unreleased() {
            return allocated.stream().filter(b -> b.refCnt() > 0).count();
        }
    }

    private static byte[] encode(MqttMessage... messages) {
        EmbeddedChannel enc = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MqttMessage m : messages) {
            enc.writeOutbound(m);
            for (ByteBuf b = enc.readOutbound(); b != null; b = enc.readOutbound()) {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                b.release();
                out.writeBytes(bytes);
            }
        }
        enc.finishAndReleaseAll();
        return out.toByteArray();
    }

    private static byte[] connect(MqttVersion v) {
        return encode(MqttMessageBuilders.connect().clientId("fuzz").protocolVersion(v)
                .username(ServerFixture.DEVICE).password(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8))
                .keepAlive(60).cleanSession(true).build());
    }

    private static List<byte[]> seeds() {
        String own = "v1/devices/" + ServerFixture.DEVICE + "/senml";
        List<byte[]> s = new ArrayList<>();
        s.add(connect(MqttVersion.MQTT_3_1_1));
        s.add(connect(MqttVersion.MQTT_5));
        for (int qos = 0; qos <= 2; qos++) {
            s.add(encode(PipelineHarness.publish(own, qos, qos == 0 ? 0 : 7, false, "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.1}]")));
            s.add(encode(PipelineHarness.publish("v1/devices/other/senml", qos, qos == 0 ? 0 : 8, false, "[]")));
        }
        s.add(encode(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "v1/devices/" + ServerFixture.DEVICE + "/commands").build()));
        s.add(encode(MqttMessageBuilders.subscribe().messageId(4).addSubscription(MqttQoS.EXACTLY_ONCE, "#").build()));
        s.add(encode(MqttMessageBuilders.unsubscribe().messageId(5).addTopicFilter("#").build()));
        s.add(encode(PipelineHarness.pubRel(7)));
        s.add(encode(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0))));
        s.add(encode(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0))));
        return s;
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(6)) {
            case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));                     // truncated
            case 1 -> {                                                                    // bit flips
                for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> {                                                                    // random bytes over it
                for (int i = 0, n = 1 + r.nextInt(8); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 3 -> {                                                                    // mangled remaining length
                if (b.length > 1) {
                    b[1] = (byte) (0x80 | r.nextInt(256));
                    byte[] tail = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
                    byte[] n = new byte[b.length + tail.length];
                    n[0] = b[0];
                    System.arraycopy(tail, 0, n, 1, tail.length);
                    System.arraycopy(b, 1, n, 1 + tail.length, b.length - 1);
                    b = n;
                }
            }
            case 4 -> {                                                                    // inserted garbage
                byte[] junk = new byte[1 + r.nextInt(40)];
                r.nextBytes(junk);
                int at = r.nextInt(b.length + 1);
                byte[] n = new byte[b.length + junk.length];
                System.arraycopy(b, 0, n, 0, at);
                System.arraycopy(junk, 0, n, at, junk.length);
                System.arraycopy(b, at, n, at + junk.length, b.length - at);
                b = n;
            }
            default -> {                                                                   // pure noise
                b = new byte[r.nextInt(300)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    record Outcome(boolean closed, boolean answeredPing) {
    }

    /** One fuzz case on a fresh pipeline; returns how the connection ended. */
    private static Outcome run(byte[] input, Random r, CountingAllocator alloc) {
        try (PipelineHarness h = new PipelineHarness(MqttSettings.defaults())) {
            h.server.config().setAllocator(alloc);
            int i = 0;
            while (i < input.length && h.server.isOpen()) {
                int n = Math.min(input.length - i, 1 + r.nextInt(64));
                ByteBuf chunk = alloc.heapBuffer(n);
                chunk.writeBytes(input, i, n);
                i += n;
                h.server.writeInbound(chunk);
                h.runTasks();                                  // rethrows anything that reached the tail
            }
            drain(h);
            boolean answered = false;
            if (h.server.isOpen()) {
                ByteBuf ping = alloc.heapBuffer(2).writeByte(0xC0).writeByte(0);
                h.server.writeInbound(ping);
                h.runTasks();
                for (ByteBuf b = h.server.readOutbound(); b != null; b = h.server.readOutbound()) {
                    answered |= b.readableBytes() >= 2 && (b.getUnsignedByte(b.readerIndex()) & 0xF0) == 0xD0;
                    b.release();
                }
            }
            return new Outcome(!h.server.isOpen(), answered);
        }
    }

    private static void drain(PipelineHarness h) {
        for (Object o = h.server.readOutbound(); o != null; o = h.server.readOutbound()) {
            ReferenceCountUtil.release(o);
        }
    }

    @Test
    void hostilePacketsNeverThrowNeverLeakAndEndClosedOrAnswering() {
        List<byte[]> seeds = seeds();
        Random r = new Random(SEED);
        CountingAllocator alloc = new CountingAllocator();
        long closed = 0;
        long answering = 0;
        long waiting = 0;
        long bytes = 0;
        long started = System.nanoTime();
        for (int c = 0; c < CASES; c++) {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            if (r.nextInt(4) != 0) {
                in.writeBytes(seeds.get(r.nextInt(2)));             // usually past CONNECT, into the handlers
            }
            for (int p = 0, n = 1 + r.nextInt(3); p < n; p++) {
                byte[] seed = seeds.get(r.nextInt(seeds.size()));
                in.writeBytes(r.nextInt(5) == 0 ? seed : mutate(seed, r));
            }
            byte[] input = in.toByteArray();
            bytes += input.length;
            Outcome o = run(input, r, alloc);
            if (o.closed()) {
                closed++;
            } else if (o.answeredPing()) {
                answering++;
            } else {
                waiting++;                                        // mid-packet: a declared length not yet supplied
            }
            assertThat(alloc.unreleased()).as("unreleased buffers after case %d", c).isZero();
            alloc.allocated.clear();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("mqtt pipeline fuzz: %d cases, %d bytes, %d ms; closed=%d answering=%d waiting=%d%n",
                CASES, bytes, millis, closed, answering, waiting);
        assertThat(closed + answering + waiting).isEqualTo(CASES);
        assertThat(closed).as("most hostile inputs end the connection").isGreaterThan(CASES / 4);
        assertThat(answering).as("many survive as a live session").isPositive();
    }

    @Test
    void aValidSessionAnswersAPingSoTheOutcomeCheckCanFail() {
        CountingAllocator alloc = new CountingAllocator();
        Outcome o = run(connect(MqttVersion.MQTT_5), new Random(1), alloc);
        assertThat(o).isEqualTo(new Outcome(false, true));
        assertThat(alloc.unreleased()).isZero();
        assertThat(alloc.allocated).isNotEmpty();
    }
}
