package io.atelier.testsupport;

import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP proxy (NetCrusher) on a loopback port in front of a server, for network-fault tests: a
 * client pointed at {@link #port()} reaches the server until the test cuts, freezes or slows the
 * link. Nothing is mocked: the client's own socket sees refused connections, silence or delay.
 */
public final class TcpFaultProxy implements AutoCloseable {

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final int port;
    private final AtomicLong delayNanos;

    private TcpFaultProxy(NioReactor reactor, TcpCrusher crusher, int port, AtomicLong delayNanos) {
        this.reactor = reactor;
        this.crusher = crusher;
        this.port = port;
        this.delayNanos = delayNanos;
    }

    /** Opens a proxy on a free loopback port to {@code host:targetPort}. */
    public static TcpFaultProxy open(String host, int targetPort) {
        try {
            NioReactor reactor = new NioReactor();
            int port = freePort();
            AtomicLong delayNanos = new AtomicLong();
            Throttler delay = buffer -> delayNanos.get() == 0 ? Throttler.NO_DELAY_NS : delayNanos.get();
            TcpCrusher crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                    .withBindAddress("127.0.0.1", port).withConnectAddress(host, targetPort)
                    .withIncomingThrottlerFactory(address -> delay).withOutgoingThrottlerFactory(address -> delay)
                    .buildAndOpen();
            return new TcpFaultProxy(reactor, crusher, port, delayNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a TCP proxy to " + host + ":" + targetPort, e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return port;
    }

    /** Drops every open connection and refuses new ones, as a crashed server or a pulled cable would. */
    public void cut() {
        crusher.close();
    }

    /** Accepts and forwards connections again after {@link #cut()}. */
    public void restore() {
        if (!crusher.isOpen()) {
            crusher.open();
        }
    }

    /** Keeps connections open but moves no data, as a frozen server or a stalled network would. */
    public void freeze() {
        crusher.freeze();
    }

    /** Lets data flow again after {@link #freeze()}, including what was held meanwhile. */
    public void unfreeze() {
        crusher.unfreeze();
    }

    /** Holds every chunk of data for {@code delay} in each direction, as a slow network would; zero ends it. */
    public void slow(Duration delay) {
        delayNanos.set(delay.toNanos());
    }

    @Override
    public void close() {
        crusher.close();
        reactor.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
