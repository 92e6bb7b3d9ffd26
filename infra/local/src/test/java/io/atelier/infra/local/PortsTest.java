package io.atelier.infra.local;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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
