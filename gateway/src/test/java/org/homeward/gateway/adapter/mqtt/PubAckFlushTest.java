package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PUBACKs of publishes whose ingest completes together (one group commit) leave in one flush, on a
 * real event loop (Netty's local transport: EmbeddedChannel runs queued tasks inside every write, so it
 * cannot show what a loop does); an acknowledgement alone is still flushed at once.
 */
@Timeout(30)
class PubAckFlushTest {
    static final String TOPIC = "v1/devices/" + ServerFixture.DEVICE + "/senml";
    final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
    final FakeIngest ingest = new FakeIngest();
    final AtomicInteger flushes = new AtomicInteger();
    /** What reached the socket end, one entry per write: bytes of a buffer, or the message's class. */
    final List<Object> writes = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<Channel> serverChannel = new AtomicReference<>();
    final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    Channel client;

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    void connect() throws Exception {
        AdapterContext context = new AdapterContext(ServerFixture.settings(), ingest,
                new FakeDirectory().add(ServerFixture.DEVICE, ServerFixture.SECRET), new SessionRegistry(), e -> { },
                new MqttMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        MqttChannelInitializer mqtt = new MqttChannelInitializer(context, "mqtt", null,
                new ConnectionLimiter("mqtt", new AtomicInteger(), 10, new UnauthenticatedSlots(10, context.metrics()),
                        context.metrics()),
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
        LocalAddress address = new LocalAddress("pubacks-" + System.nanoTime());
        new ServerBootstrap().group(loops).channel(LocalServerChannel.class).childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                serverChannel.set(ch);
                ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() { // the socket end: count writes, flushes
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                        writes.add(msg instanceof io.netty.buffer.ByteBuf b ? io.netty.buffer.ByteBufUtil.getBytes(b)
                                : msg.getClass().getSimpleName());
                        ctx.write(msg, promise);
                    }

                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes.incrementAndGet();
                        ctx.flush();
                    }
                }, mqtt);
            }
        }).bind(address).sync();
        client = new Bootstrap().group(loops).channel(LocalChannel.class).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new SimpleChannelInboundHandler<MqttMessage>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage m) {
                        received.add(m);
                    }
                });
            }
        }).connect(address).sync().channel();
        client.writeAndFlush(MqttMessageBuilders.connect().clientId("c1").protocolVersion(MqttVersion.MQTT_3_1_1)
                .username(ServerFixture.DEVICE).password(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8))
                .keepAlive(60).cleanSession(true).build()).sync();
        assertThat(received.poll(10, TimeUnit.SECONDS).fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
        ingest.autoComplete = false;
    }

    List<FakeIngest.Call> publish(int... ids) throws Exception {
        List<FakeIngest.Call> calls = new ArrayList<>();
        for (int id : ids) {
            client.writeAndFlush(PipelineHarness.publish(TOPIC, 1, id, false, "[]")).sync();
            calls.add(ingest.next());
        }
        return calls;
    }

    /** Holds the server's event loop until the returned latch is counted down, as a group commit completing meanwhile would. */
    CountDownLatch holdTheLoop() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        serverChannel.get().eventLoop().execute(() -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    int ackId() throws InterruptedException {
        MqttMessage m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a PUBACK within 10 s").isNotNull();
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    @Test
    void givenFivePublishesDurableTogetherThenTheirFivePubAcksLeaveInOneFlush() throws Exception {
        connect();
        List<FakeIngest.Call> calls = publish(1, 2, 3, 4, 5);
        // hold the loop while the five complete, as a journal writer completes a group commit meanwhile
        CountDownLatch release = holdTheLoop();
        int before = flushes.get();
        calls.forEach(FakeIngest.Call::succeed);
        release.countDown();

        List<Integer> acked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acked.add(ackId());
        }
        assertThat(acked).containsExactly(1, 2, 3, 4, 5);
        assertThat(flushes.get() - before).isEqualTo(1);
        // issue 14: the five plain PUBACKs are one 20-byte buffer, byte for byte what the MQTT encoder writes
        assertThat(writes.get(writes.size() - 1)).isEqualTo(new byte[] {
            0x40, 2, 0, 1, 0x40, 2, 0, 2, 0x40, 2, 0, 3, 0x40, 2, 0, 4, 0x40, 2, 0, 5});
    }

    @Test
    void givenARefusalBetweenAcknowledgementsThenTheRepliesLeaveInTheOrderOfThePublishes() throws Exception {
        connect();
        List<FakeIngest.Call> calls = publish(1, 2, 3);
        CountDownLatch release = holdTheLoop();
        calls.get(0).succeed();
        calls.get(1).fail(org.homeward.gateway.ingest.FailureReason.NO_VALID_RECORDS); // 3.1.1: a PUBACK, written at once
        calls.get(2).succeed();
        release.countDown();

        assertThat(List.of(ackId(), ackId(), ackId())).containsExactly(1, 2, 3);
    }

    @Test
    void givenOnePublishThenItsPubAckIsFlushedWithoutWaitingForAnotherOne() throws Exception {
        connect();
        publish(7).get(0).succeed();
        assertThat(ackId()).isEqualTo(7);
    }
}
