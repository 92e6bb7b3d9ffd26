package io.atelier.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy against a real echo server on loopback: open, cut, restored, frozen and unfrozen. */
class TcpFaultProxyTest {

    ServerSocket echo;
    Thread server;
    TcpFaultProxy proxy;

    @BeforeEach
    void startEchoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket client = echo.accept();
                    new Thread(() -> {
                        try (client; InputStream in = client.getInputStream();
                             OutputStream out = client.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the client went away
                        }
                    }).start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.start();
        proxy = TcpFaultProxy.inFrontOf("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echo.close();
        server.join(5000);
    }

    @Test
    void passesBytesUntilCutAndAgainOnceRestored() throws IOException {
        assertThat(roundTrip("one")).isEqualTo("one");

        proxy.cut();
        assertThatThrownBy(() -> roundTrip("two")).isInstanceOf(ConnectException.class);

        proxy.restore();
        assertThat(roundTrip("three")).isEqualTo("three");
        assertThat(proxy.endpoint("http")).isEqualTo("http://127.0.0.1:" + proxy.port());
    }

    @Test
    void aFrozenConnectionDeliversNothingUntilUnfrozen() throws IOException {
        try (Socket socket = connect()) {
            // a byte through first, so the proxy holds the connection before it is frozen
            socket.getOutputStream().write('a');
            assertThat(socket.getInputStream().read()).isEqualTo('a');
            proxy.freeze();
            socket.getOutputStream().write('x');
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.unfreeze();
            assertThat(socket.getInputStream().read()).isEqualTo('x');
        }
    }

    private String roundTrip(String text) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(text.getBytes());
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(1000);
        return socket;
    }
}
