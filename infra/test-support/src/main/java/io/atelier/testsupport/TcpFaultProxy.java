package io.atelier.testsupport;

import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP proxy on a free loopback port in front of one server, for tests of what a service does
 * when that server becomes unreachable or stops answering, without stopping the server (which every
 * other test of the JVM shares). Point the service at {@link #endpoint(String)} instead of the server,
 * then {@link #cut()} and {@link #restore()} the connection, {@link #freeze()} and {@link #unfreeze()}
 * it, or {@link #slow} it down. Built on NetCrusher; starts open, and stops with {@link #close()}.
 *
 * <pre>{@code
 * try (TcpFaultProxy proxy = TcpFaultProxy.inFrontOf(URI.create(s3Endpoint))) {
 *     service.useEndpoint(proxy.endpoint("http"));
 *     proxy.cut();      // the service now gets "connection refused"
 *     proxy.restore();  // and reaches the server again
 * }
 * }</pre>
 */
public final class TcpFaultProxy implements AutoCloseable {

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final int port;
    /** Delay of every chunk of data in each direction; 0 while the link is not slowed. */
    private final AtomicLong delayNanos = new AtomicLong();

    private TcpFaultProxy(String host, int targetPort) {
        this.port = freePort();
        try {
            this.reactor = new NioReactor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy's reactor", e);
        }
        this.crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                .withBindAddress(InetAddress.getLoopbackAddress().getHostAddress(), port)
                .withConnectAddress(host, targetPort)
                .withIncomingThrottlerFactory(address -> this::delay).withOutgoingThrottlerFactory(address -> this::delay)
                .buildAndOpen();
    }

    /** Starts a proxy, open, in front of {@code host:port}. */
    public static TcpFaultProxy inFrontOf(String host, int port) {
        return new TcpFaultProxy(host, port);
    }

    /** Starts a proxy, open, in front of the host and port of a URL such as {@code http://127.0.0.1:9000}. */
    public static TcpFaultProxy inFrontOf(URI server) {
        return new TcpFaultProxy(server.getHost(), server.getPort());
    }

    /** The loopback port the proxy listens on. */
    public int port() {
        return port;
    }

    /** The proxy as a URL of the given scheme, e.g. {@code endpoint("http")}: {@code http://127.0.0.1:PORT}. */
    public String endpoint(String scheme) {
        return scheme + "://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /**
     * The server becomes unreachable: open connections are closed and new ones are refused, as when
     * it is down. Does nothing when already cut.
     */
    public synchronized void cut() {
        if (crusher.isOpen()) {
            crusher.close();
        }
    }

    /** Undoes {@link #cut()}: new connections reach the server again. Does nothing when not cut. */
    public synchronized void restore() {
        if (!crusher.isOpen()) {
            crusher.open();
        }
    }

    /**
     * The server stops answering: connections stay open (and new ones are accepted) but no byte
     * passes either way until {@link #unfreeze()}, as with a hung server or a dropped network. Callers
     * see their read timeouts, not a refusal. Only while not {@link #cut()}.
     */
    public synchronized void freeze() {
        crusher.freeze();
    }

    /** Undoes {@link #freeze()}: bytes that waited are delivered and traffic flows again. */
    public synchronized void unfreeze() {
        crusher.unfreeze();
    }

    /** Holds every chunk of data for {@code delay} in each direction, as a slow network would; zero ends it. */
    public void slow(Duration delay) {
        delayNanos.set(delay.toNanos());
    }

    private long delay(java.nio.ByteBuffer chunk) {
        long nanos = delayNanos.get();
        return nanos == 0 ? Throttler.NO_DELAY_NS : nanos;
    }

    /** Stops the proxy and closes every connection through it. */
    @Override
    public synchronized void close() {
        try {
            if (crusher.isOpen()) {
                crusher.close();
            }
        } finally {
            reactor.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the proxy", e);
        }
    }
}
