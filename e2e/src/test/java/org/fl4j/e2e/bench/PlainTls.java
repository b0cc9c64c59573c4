package org.fl4j.e2e.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsFiles;

/**
 * The runtime benchmark's baseline: the same bytes as a round of fl4j (N uploads of a model's bytes, then N
 * downloads) through plain JDK TLS 1.3 sockets between the same two JVMs, the server in this one. Two ways to
 * hold the bytes ({@link Buffers}): a 1 MiB buffer sent and received over and over, which stays in the CPU's
 * caches, or model-sized arrays, which do not, as a real model does not.
 */
final class PlainTls {

    /** Where the bytes come from and go to. */
    enum Buffers {
        /** One 1 MiB buffer per connection, sent and overwritten again and again. */
        CHUNK("tls", "1 MiB buffers"),
        /**
         * Each site uploads from an array of the model's size and downloads into another. The server has one
         * model-sized array (its heap, 3.1x the model in the documented runs, cannot be relied on to fit two):
         * every upload lands in it, each from a different start and wrapping around, so that no two connections
         * write the same cache lines at once, as no two staged updates do; every download is read from it, as
         * the aggregator reads the one model it serves.
         */
        MODEL("tls-model", "model-sized arrays");

        final String mode;
        final String label;

        Buffers(String mode, String label) {
            this.mode = mode;
            this.label = label;
        }

        static Buffers ofMode(String mode) {
            for (Buffers b : values()) {
                if (b.mode.equals(mode)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("no plain TLS mode " + mode);
        }

        /** An array of random bytes that a stream of {@code bytes} is sent from or received into. */
        byte[] array(long bytes, long seed) {
            byte[] b = new byte[this == CHUNK ? SLICE : Math.toIntExact(bytes)];
            new Random(seed).nextBytes(b);
            return b;
        }

        /** Where in {@code array} byte {@code at} of a stream that starts at byte {@code start} of it goes. */
        int offset(long at, long start, long bytes) {
            return this == CHUNK ? 0 : (int) ((start + at) % bytes);
        }
    }

    /** Bytes per read and write call. */
    static final int SLICE = 1 << 20;

    private PlainTls() {
    }

    /** Runs the server in this JVM and {@code n} sites in a child JVM; returns what the child reported. */
    static RuntimeBenchmark.ClientsRun run(TestPki pki, int n, long bytes, int rounds, Buffers buffers)
            throws Exception {
        SSLServerSocket server = (SSLServerSocket) JdkTls.context(pki.server()).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        byte[] shared = buffers == Buffers.MODEL ? buffers.array(bytes, 2) : null;
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CyclicBarrier uploaded = new CyclicBarrier(n);
        for (int i = 0; i < n; i++) {
            long start = bytes / n * i / SLICE * SLICE;
            threads.submit(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buffer = shared != null ? shared : buffers.array(bytes, 2);
                    for (int c = 0; c < rounds - 1; c++) {
                        receive(in, buffer, start, bytes, buffers, "client");
                        uploaded.await();
                        send(out, buffer, bytes, buffers);
                    }
                }
                return null;
            });
        }
        try {
            return RuntimeBenchmark.clients(buffers.mode, server.getLocalPort(), pki, n, (int) (bytes / 4), rounds,
                    "-");
        } finally {
            threads.shutdownNow();
            server.close();
        }
    }

    /** One site: per cycle, nanoTime before its upload and after its download. */
    static long[] site(String host, int port, TlsFiles tls, long bytes, int rounds, CyclicBarrier start,
            Buffers buffers) throws Exception {
        long[] times = new long[2 * (rounds - 1)];
        byte[] up = buffers.array(bytes, 1);
        byte[] down = buffers == Buffers.CHUNK ? up : buffers.array(bytes, 4);
        try (SSLSocket socket = (SSLSocket) JdkTls.context(tls).getSocketFactory().createSocket(host, port)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            InputStream in = new DataInputStream(socket.getInputStream());
            for (int c = 0; c < rounds - 1; c++) {
                start.await();
                long t0 = System.nanoTime();
                send(out, up, bytes, buffers);
                receive(in, down, 0, bytes, buffers, "server");
                times[2 * c] = t0;
                times[2 * c + 1] = System.nanoTime();
            }
        }
        return times;
    }

    static void send(OutputStream out, byte[] from, long bytes, Buffers buffers) throws IOException {
        for (long sent = 0; sent < bytes; sent += SLICE) {
            out.write(from, buffers.offset(sent, 0, bytes), (int) Math.min(SLICE, bytes - sent));
        }
        out.flush();
    }

    /** Reads {@code bytes} into {@code into} from byte {@code start} of it on, wrapping around at its end. */
    static void receive(InputStream in, byte[] into, long start, long bytes, Buffers buffers, String peer)
            throws IOException {
        for (long got = 0; got < bytes;) {
            int at = buffers.offset(got, start, bytes);
            int k = in.read(into, at, (int) Math.min(Math.min(SLICE, bytes - got), into.length - at));
            if (k < 0) {
                throw new IllegalStateException(peer + " closed early");
            }
            got += k;
        }
    }
}
