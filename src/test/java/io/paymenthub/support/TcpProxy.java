package io.paymenthub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of a dependency (database, broker), for fault tests without Docker:
 * <ul>
 *   <li>{@link #forward()}: relay bytes both ways (the start state);</li>
 *   <li>{@link #cut()}: close every open connection at once (the client sees a reset), new ones are still relayed;</li>
 *   <li>{@link #refuse()}: close every connection and the listening port, so new connections are refused
 *       (the dependency is down); {@link #forward()} listens again on the same port;</li>
 *   <li>{@link #blackhole()}: keep every connection open and accept new ones, but relay nothing: what a client sees
 *       of a hung server or a dropped network; {@link #forward()} closes the black-holed connections.</li>
 * </ul>
 * Only ever connects to the loopback address it was given.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, BLACKHOLE, REFUSE }

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket server;

    private TcpProxy(InetSocketAddress target) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("The proxy only forwards to loopback addresses, not " + target);
        }
        this.target = target;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    /** A proxy on a free loopback port that relays to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) throws IOException {
        return new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    public int port() {
        return port;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    public synchronized void forward() throws IOException {
        Mode was = mode;
        mode = Mode.FORWARD;
        if (was == Mode.BLACKHOLE) {
            closeAll();  // their protocol state is lost: the clients must reconnect
        }
        if (was == Mode.REFUSE) {
            server = listen(port);
            accept(server);
        }
    }

    public synchronized void cut() {
        closeAll();
    }

    public synchronized void blackhole() {
        if (mode == Mode.REFUSE) {
            throw new IllegalStateException("forward() first");
        }
        mode = Mode.BLACKHOLE;
    }

    public synchronized void refuse() throws IOException {
        mode = Mode.REFUSE;
        server.close();
        closeAll();
    }

    @Override
    public synchronized void close() throws IOException {
        mode = Mode.REFUSE;
        server.close();
        closeAll();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return socket;
    }

    private void accept(ServerSocket listening) {
        threads.submit(() -> {
            while (!listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                } catch (IOException closed) {
                    return;
                }
                accepted.incrementAndGet();
                sockets.add(client);
                threads.submit(() -> connect(client));
            }
        });
    }

    private void connect(Socket client) {
        if (mode == Mode.BLACKHOLE) {
            // accepted, never answered: swallow what the client sends until the proxy lets go of it
            pump(client, null);
            return;
        }
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(target, 5000);
        } catch (IOException e) {
            close(client);
            close(upstream);
            return;
        }
        threads.submit(() -> pump(upstream, client));
        pump(client, upstream);
    }

    /** Copies {@code from} to {@code to} until either closes; in black-hole mode the bytes are dropped. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to == null ? null : to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (mode == Mode.FORWARD && out != null) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (SocketException closed) {
            // cut, refused or closed by the other side
        } catch (IOException e) {
            // the same: the connection is over
        } finally {
            close(from);
            if (to != null) {
                close(to);
            }
        }
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            close(socket);
        }
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            // RST rather than FIN: what a client sees of a crashed peer or a broken network
            socket.setSoLinger(true, 0);
        } catch (IOException notConnected) {
            // closed or never connected: close() below is all there is to do
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
