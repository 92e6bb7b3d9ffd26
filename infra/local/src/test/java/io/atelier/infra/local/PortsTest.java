package io.atelier.infra.local;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void aPortWithAListenerIsTaken() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Ports.requireFree(listener.getLocalPort(), "S3 server", "ATELIER_S3_PORT"))
                    .isInstanceOf(StackException.class).hasMessageContaining("ATELIER_S3_PORT");
        }
    }

    /** Below the ephemeral range, so no outgoing connection can take the port before its server binds it. */
    @Test
    void freePortsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        assertThat(Ports.ephemeralLow()).as("this Linux kernel's ephemeral range").isGreaterThan(Ports.LOWEST);
        int below = Ports.LOWEST + 400;
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = i % 2 == 0 ? Ports.freePortBelow(below) : Ports.freePort();
            assertThat(port).isBetween(Ports.LOWEST, (i % 2 == 0 ? below : Ports.ephemeralLow()) - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /** A server that closed its connections first leaves them in TIME_WAIT: its port is free to bind again. */
    @Test
    void aPortWhoseServerJustStoppedIsFree() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket accepted = server.accept()) {
                accepted.close();
                client.getInputStream().read();
            }
        }

        int stopped = port;
        assertThatCode(() -> Ports.requireFree(stopped, "S3 server", "ATELIER_S3_PORT")).doesNotThrowAnyException();
    }
}
