package org.fl4j.e2e.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsFiles;

/**
 * The many-collaborators benchmark's baseline: the rounds of {@link ManyCollaboratorsBenchmark} with the
 * federation taken out. N plain JDK TLS 1.3 sockets with our PKI's certificates, the server side in the
 * aggregator's JVM and the N clients in the load JVM, as the federation has them; per round each client waits
 * for the round to open (one byte, as a collaborator's long poll), then, holding one of the load JVM's
 * {@code active} model-sized arrays (as a virtual collaborator holds its models), asks for the model (one byte),
 * downloads the model's bytes, uploads as many and waits for the server's one-byte acknowledgement. The server
 * sends every download from one model-sized array and receives every upload into it (as {@link PlainTls}'s
 * model-sized mode), and opens the next round when every upload of this one has arrived. Round times are taken
 * as the federation's are: from the previous round's last acknowledged upload to this round's.
 */
final class ManyTlsBaseline {

    private static final int OPEN = 1;
    private static final int REQUEST = 2;
    private static final int ACK = 3;

    private ManyTlsBaseline() {
    }

    /** The server side: listens on loopback and serves {@code n} connections for {@code rounds} rounds. */
    static final class Server implements AutoCloseable {

        private final SSLServerSocket socket;
        private final ExecutorService threads;
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();

        Server(TestPki pki, int n, long bytes, int rounds) throws Exception {
            socket = (SSLServerSocket) JdkTls.context(pki.server()).getServerSocketFactory()
                    .createServerSocket(0, Math.max(50, n), InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            byte[] model = PlainTls.Buffers.MODEL.array(bytes, 2);
            CyclicBarrier uploaded = new CyclicBarrier(n);
            threads = Executors.newFixedThreadPool(n + 1);
            threads.submit(() -> {
                for (int i = 0; i < n; i++) {
                    SSLSocket s = (SSLSocket) socket.accept();
                    long start = (long) i * PlainTls.SLICE % bytes;
                    int index = i;
                    threads.submit(() -> {
                        try {
                            serve(s, model, start, bytes, rounds, uploaded);
                        } catch (Exception e) {
                            failures.add("connection " + index + ": " + e);
                            uploaded.reset();
                        }
                    });
                }
                return null;
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        /** The server side's failed connections, one line each. */
        List<String> failures() {
            return List.copyOf(failures);
        }

        private static void serve(SSLSocket s, byte[] model, long start, long bytes, int rounds,
                CyclicBarrier uploaded) throws Exception {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int r = 0; r < rounds; r++) {
                    signal(out, OPEN);
                    expect(in, REQUEST, "client");
                    PlainTls.send(out, model, bytes, PlainTls.Buffers.MODEL);
                    PlainTls.receive(in, model, start, bytes, PlainTls.Buffers.MODEL, "client");
                    signal(out, ACK);
                    uploaded.await();
                }
            }
        }

        @Override
        public void close() throws IOException {
            threads.shutdownNow();
            socket.close();
        }
    }

    /**
     * The clients side, in the load JVM: {@code tls.get(i)} is client i's certificate. Returns when every client
     * has finished; {@code roundEnds} gets each round's last acknowledged upload, failures are thrown.
     */
    static void clients(String host, int port, List<TlsFiles> tls, long bytes, int rounds, int active,
            AtomicLongArray roundEnds) throws Exception {
        BlockingQueue<byte[]> arrays = new ArrayBlockingQueue<>(active);
        for (int i = 0; i < active; i++) {
            arrays.add(PlainTls.Buffers.MODEL.array(bytes, 1));
        }
        ExecutorService threads = Executors.newFixedThreadPool(tls.size());
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (TlsFiles files : tls) {
                SSLSocketFactory factory = JdkTls.context(files).getSocketFactory();
                running.add(threads.submit(() -> client(factory, host, port, bytes, rounds, arrays, roundEnds)));
            }
            for (Future<Void> f : running) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void client(SSLSocketFactory factory, String host, int port, long bytes, int rounds,
            BlockingQueue<byte[]> arrays, AtomicLongArray roundEnds) throws Exception {
        try (SSLSocket socket = (SSLSocket) factory.createSocket(host, port)) {
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int r = 0; r < rounds; r++) {
                expect(in, OPEN, "server");
                byte[] array = arrays.take();
                try {
                    signal(out, REQUEST);
                    PlainTls.receive(in, array, 0, bytes, PlainTls.Buffers.MODEL, "server");
                    PlainTls.send(out, array, bytes, PlainTls.Buffers.MODEL);
                    expect(in, ACK, "server");
                } finally {
                    arrays.put(array);
                }
                roundEnds.accumulateAndGet(r, System.nanoTime(), Math::max);
            }
        }
        return null;
    }

    private static void signal(OutputStream out, int b) throws IOException {
        out.write(b);
        out.flush();
    }

    private static void expect(InputStream in, int b, String peer) throws IOException {
        int got = in.read();
        if (got != b) {
            throw new IllegalStateException(peer + " sent " + got + " where " + b + " was expected");
        }
    }
}
