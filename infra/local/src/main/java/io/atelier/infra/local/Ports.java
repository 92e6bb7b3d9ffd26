package io.atelier.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks, so a taken port fails with a message instead of a stack trace in a log. */
public final class Ports {

    private Ports() {
    }

    /** Where {@link #freePort()} looks when the kernel's ephemeral range starts above it. */
    static final int LOWEST = 10000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A loopback port nothing listens on, for a server about to start. Taken below the kernel's
     * ephemeral range where it can tell (Linux): a port the kernel picked from that range may be handed
     * to any process's outgoing connection before the server binds it, which once failed a benchmark's
     * S3 server with "already in use". Never the same port twice in one JVM.
     */
    public static int freePort() {
        return freePortBelow(ephemeralLow());
    }

    /** A free port from {@link #LOWEST} up to {@code below}, or any free one when that range is empty or full. */
    static int freePortBelow(int below) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; below > LOWEST && attempt < 200; attempt++) {
            int port = LOWEST + random.nextInt(below - LOWEST);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /**
     * The first port of the kernel's ephemeral range, or 0 where it cannot be read. By lines: on this
     * procfs file, whose size says 0, {@code Files.readString} returned only its first character.
     */
    static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with an actionable message when something listens on {@code port} on 127.0.0.1. The test
     * binds as the broker and the S3 server themselves do (SO_REUSEADDR), so the sockets a stopped
     * server leaves in TIME_WAIT for a minute do not count as taken.
     */
    public static void requireFree(int port, String what, String variable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StackException("port " + port + " for the " + what + " is already in use on 127.0.0.1. "
                    + "Stop whatever holds it (./atelier down, if it is an earlier stack) or choose another port with "
                    + variable + "=<port>.");
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
