package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Event loop groups and the server channel type: native epoll when {@link Epoll#isAvailable()},
 * NIO otherwise. Whoever creates it owns it and closes it after the servers that use it.
 */
public final class NettyTransport implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean epoll;

    private NettyTransport(int workerThreads, boolean epoll) {
        this.epoll = epoll;
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, factory);
    }

    /**
     * @param workerThreads event loop threads; 0 means Netty's default (2 × cores)
     */
    public static NettyTransport create(int workerThreads) {
        return new NettyTransport(workerThreads, Epoll.isAvailable());
    }

    /** Forces NIO, e.g. to test the fallback path. */
    public static NettyTransport nio(int workerThreads) {
        return new NettyTransport(workerThreads, false);
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Shuts both groups down and waits up to five seconds. */
    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
