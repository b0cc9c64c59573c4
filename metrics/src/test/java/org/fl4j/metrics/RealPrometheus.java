package org.fl4j.metrics;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for tests: Debian's {@code prometheus}, installed with apt-get when missing and the
 * test runs as root (as CI does), started on a free localhost port with one scrape job, queried through its HTTP
 * API, stopped on close.
 */
public final class RealPrometheus implements AutoCloseable {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final int port;
    private final Path log;

    private RealPrometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Whether the server can run here: installed, or installable (root). */
    public static boolean available() throws IOException, InterruptedException {
        if (Files.isExecutable(PROMETHEUS)) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("sh", "-c", "apt-get install -y -q prometheus || (apt-get update -q"
                + " && apt-get install -y -q prometheus)").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(10, TimeUnit.MINUTES);
        // the package starts its own service: stop it, the tests run their own servers
        new ProcessBuilder("sh", "-c", "service prometheus stop || true").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        return Files.isExecutable(PROMETHEUS);
    }

    /** A server in {@code dir} scraping {@code target} (host:port) every second as job {@code job}. */
    public static RealPrometheus scraping(Path dir, String job, String target) throws IOException {
        int web = freePort();
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                + "  - job_name: " + job + "\n    static_configs:\n      - targets: ['" + target + "']\n");
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + yml,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + web)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RealPrometheus(p, web, log);
    }

    /** Polls the query API until the result holds a sample, or the time is up; returns the last answer. */
    public String queryUntilValue(String query, Duration within) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        Instant end = Instant.now().plus(within);
        String last = "(no answer)";
        while (Instant.now().isBefore(end)) {
            try {
                last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"value\":[")) {
                    return last;
                }
            } catch (IOException e) {
                last = "(" + e + ")";
            }
            Thread.sleep(500);
        }
        return last;
    }

    /** The server's own log, for a failing assertion's message. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
