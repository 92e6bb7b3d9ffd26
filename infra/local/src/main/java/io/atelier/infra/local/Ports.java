package io.atelier.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port checks, so a taken port fails with a message instead of a stack trace in a log. */
public final class Ports {

    private Ports() {
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
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
