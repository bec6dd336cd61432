package dev.fer.model;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server for repository tests, backed by the JDK's {@code com.sun.net.httpserver}: serves bytes, error
 * statuses, redirects and stalls per path, and counts requests. Thread-safe; close it to release stalled handlers.
 *
 * <p>The JDK server is reached through reflection because the tests are compiled into the {@code dev.fer.core}
 * module, which does not (and must not) read {@code jdk.httpserver}; at run time the tests are on the class path,
 * where the package is accessible.
 */
final class TestHttpServer implements AutoCloseable {
    /** What a path does when requested. */
    @FunctionalInterface
    interface Route {
        void handle(Exchange exchange) throws IOException, InterruptedException;
    }

    private static final Class<?> SERVER = load("com.sun.net.httpserver.HttpServer");
    private static final Class<?> HANDLER = load("com.sun.net.httpserver.HttpHandler");
    private static final Class<?> EXCHANGE = load("com.sun.net.httpserver.HttpExchange");

    private final Object server;
    private final InetSocketAddress address;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private TestHttpServer() {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        });
        Object handler = Proxy.newProxyInstance(TestHttpServer.class.getClassLoader(), new Class<?>[] {HANDLER},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        dispatch(new Exchange(args[0]));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "TestHttpServer handler";
                });
        server = call(null, SERVER, "create", new Class<?>[] {InetSocketAddress.class, int.class},
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        call(server, SERVER, "setExecutor", new Class<?>[] {Executor.class}, executor);
        call(server, SERVER, "createContext", new Class<?>[] {String.class, HANDLER}, "/", handler);
        call(server, SERVER, "start", new Class<?>[0]);
        address = (InetSocketAddress) call(server, SERVER, "getAddress", new Class<?>[0]);
    }

    static TestHttpServer start() {
        return new TestHttpServer();
    }

    private void dispatch(Exchange exchange) {
        String path = exchange.path();
        counts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        Route route = routes.get(path);
        try {
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                route.handle(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the client went away (timeout tests): nothing to do
        } finally {
            exchange.close();
        }
    }

    /** The parts of {@code com.sun.net.httpserver.HttpExchange} the routes use. */
    static final class Exchange {
        private final Object exchange;

        private Exchange(Object exchange) {
            this.exchange = exchange;
        }

        String path() {
            return ((URI) call(exchange, EXCHANGE, "getRequestURI", new Class<?>[0])).getPath();
        }

        @SuppressWarnings("unchecked")
        void header(String name, String value) {
            ((Map<String, List<String>>) call(exchange, EXCHANGE, "getResponseHeaders", new Class<?>[0]))
                    .put(name, List.of(value));
        }

        void sendResponseHeaders(int status, long length) throws IOException {
            try {
                EXCHANGE.getMethod("sendResponseHeaders", int.class, long.class).invoke(exchange, status, length);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        OutputStream body() {
            return (OutputStream) call(exchange, EXCHANGE, "getResponseBody", new Class<?>[0]);
        }

        void close() {
            call(exchange, EXCHANGE, "close", new Class<?>[0]);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The JDK HTTP server (module jdk.httpserver) is not available.", e);
        }
    }

    private static Object call(Object target, Class<?> type, String name, Class<?>[] types, Object... args) {
        try {
            return type.getMethod(name, types).invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(name + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code body} with status 200. */
    TestHttpServer serve(String path, byte[] body) {
        return route(path, ex -> send(ex, 200, body));
    }

    /** Serves {@code body} with status 200 after waiting {@code delayMillis}. */
    TestHttpServer serveSlowly(String path, byte[] body, long delayMillis) {
        return route(path, ex -> {
            Thread.sleep(delayMillis);
            send(ex, 200, body);
        });
    }

    /** Answers with an error status and a short text body. */
    TestHttpServer status(String path, int status) {
        return route(path, ex -> send(ex, status, ("error " + status).getBytes()));
    }

    /** Redirects (302) to another path of this server. */
    TestHttpServer redirect(String path, String location) {
        return route(path, ex -> {
            ex.header("Location", location);
            ex.sendResponseHeaders(302, -1);
        });
    }

    /** Never answers until the server is closed. */
    TestHttpServer stallBeforeHeaders(String path) {
        return route(path, ex -> closed.await(60, TimeUnit.SECONDS));
    }

    /** Sends headers announcing {@code body.length} bytes and the first half, then stalls until closed. */
    TestHttpServer stallMidBody(String path, byte[] body) {
        return route(path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.body();
            out.write(body, 0, body.length / 2);
            out.flush();
            closed.await(60, TimeUnit.SECONDS);
        });
    }

    TestHttpServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    private static void send(Exchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.body()) {
            out.write(body);
        }
    }

    URI uri(String path) {
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + path);
    }

    int requests(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        closed.countDown();
        call(server, SERVER, "stop", new Class<?>[] {int.class}, 0);
        executor.shutdownNow();
    }
}
