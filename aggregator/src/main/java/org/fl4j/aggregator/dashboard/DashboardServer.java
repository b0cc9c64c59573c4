package org.fl4j.aggregator.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.fl4j.aggregator.CallListener;
import org.fl4j.aggregator.ops.StatusJson;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.pki.tls.JdkTlsContexts;
import org.fl4j.protocol.v1.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's read-only dashboard over HTTPS with the aggregator's certificate: the page and its own
 * script and style sheet (from this jar: nothing is fetched elsewhere, and the Content-Security-Policy forbids
 * it), {@code /api/status} (the operator's status as JSON) and {@code /api/metrics} (each round's metrics),
 * which the page polls. Every request passes {@link DashboardAccess} first; GET and HEAD only.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String RESOURCES = "/org/fl4j/aggregator/dashboard/";
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final HttpsServer server;
    private final ExecutorService threads;
    private final RoundMetrics rounds;

    private DashboardServer(HttpsServer server, ExecutorService threads, RoundMetrics rounds) {
        this.server = server;
        this.threads = threads;
        this.rounds = rounds;
    }

    /**
     * Starts serving.
     *
     * @param status the operator's status now
     * @param headline the aggregated {@code task/metric} the page shows large (the plan's best-model metric)
     * @param calls told of each request admitted or refused (audit log, metrics, status)
     * @throws IOException naming the address when the port is in use or cannot be bound
     */
    public static DashboardServer start(DashboardSettings settings, Supplier<StatusReply> status, String headline,
            CallListener calls) throws IOException {
        RoundMetrics rounds = new RoundMetrics();
        SSLContext tls = JdkTlsContexts.of(settings.tls());
        HttpsServer server;
        try {
            server = HttpsServer.create(new InetSocketAddress(settings.address(), settings.port()), 16);
        } catch (BindException e) {
            throw new IOException("cannot serve the dashboard on " + settings.address() + ":" + settings.port() + ": "
                    + (e.getMessage() == null ? "the port is in use" : e.getMessage())
                    + " (aggregator.settings.dashboard_port; choose a free port)", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(settings.minimum().protocols().toArray(String[]::new));
                if (settings.access() == DashboardSettings.Access.OPERATOR) {
                    p.setNeedClientAuth(true);
                } else {
                    p.setWantClientAuth(true);
                }
                params.setSSLParameters(p);
            }
        });
        DashboardAccess access = new DashboardAccess(settings.access());
        Map<String, byte[]> files = new java.util.HashMap<>();
        FILES.forEach((path, name) -> files.put(path, resource(name)));
        server.createContext("/", exchange -> serve(exchange, access, calls, () -> {
            String path = exchange.getRequestURI().getPath();
            return switch (path) {
                case "/api/status" -> new Answer(200, "application/json", StatusJson.of(status.get())
                        .getBytes(StandardCharsets.UTF_8));
                case "/api/metrics" -> new Answer(200, "application/json", MetricsJson.of(headline, rounds.rounds())
                        .getBytes(StandardCharsets.UTF_8));
                default -> files.containsKey(path)
                        ? new Answer(200, TYPES.get(FILES.get(path).replaceAll(".*\\.", "")), files.get(path))
                        : new Answer(404, "text/plain; charset=utf-8",
                                ("no such page: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            };
        }));
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fl4j-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        LOG.info("Serving the dashboard on https://{}:{}/ ({})", settings.address(), server.getAddress().getPort(),
                settings.access() == DashboardSettings.Access.OPERATOR ? "operator certificates only"
                        : "this machine only, or operator certificates");
        return new DashboardServer(server, threads, rounds);
    }

    /** What the federation must tell the dashboard (its metrics), from its first round. */
    public FederationListener listener() {
        return rounds;
    }

    private record Answer(int status, String type, byte[] body) {
    }

    private static void serve(HttpExchange plain, DashboardAccess access, CallListener calls,
            Supplier<Answer> answer) throws IOException {
        HttpsExchange exchange = (HttpsExchange) plain;
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<DashboardAccess.Refusal> refused = access.check(exchange);
            if (refused.isPresent()) {
                DashboardAccess.Refusal r = refused.get();
                LOG.warn("Refused dashboard {} from CN '{}' at {}: {}", path, r.cn(), exchange.getRemoteAddress(),
                        r.message());
                calls.refused(r.cn(), "dashboard", r.reason(), r.message(), exchange.getRemoteAddress());
                send(exchange, new Answer(r.status(), "text/plain; charset=utf-8",
                        (r.message() + "\n").getBytes(StandardCharsets.UTF_8)));
                return;
            }
            calls.admitted(DashboardAccess.cn(exchange), "operator", "dashboard", exchange.getRemoteAddress(),
                    exchange.getSSLSession());
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, new Answer(405, "text/plain; charset=utf-8",
                        "the dashboard is read-only: GET or HEAD\n".getBytes(StandardCharsets.UTF_8)));
                return;
            }
            Answer a;
            try {
                a = answer.get();
            } catch (RuntimeException e) {
                a = new Answer(503, "text/plain; charset=utf-8", ("not available: " + e.getMessage() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            send(exchange, a);
        }
    }

    private static void send(HttpsExchange exchange, Answer a) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", a.type());
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        h.set("Strict-Transport-Security", "max-age=31536000");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(a.status(), head ? -1 : a.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port bound (the chosen one when the settings asked for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
