package io.jlivepatch.samples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo service: a small HTTP JSON service on the JDK's {@code com.sun.net.httpserver}, bound to
 * the loopback address only. It imports nothing from jlivepatch: it is the application a hotfix is
 * applied to.
 *
 * <pre>
 *   java -cp samples/target/classes io.jlivepatch.samples.demo.ShopService [port]
 *   curl 'http://127.0.0.1:PORT/quote?item=apple&amp;qty=12'
 *   {"item":"apple","qty":12,"total":"7.40"}
 * </pre>
 *
 * <p>It prints {@code listening on 127.0.0.1:PORT} once ready and stops when its standard input
 * closes, so a parent process that dies takes it along.
 *
 * <p>Thread-safety: requests are served by a fixed pool; {@link Pricing} is stateless.
 */
public final class ShopService {

    private ShopService() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "shop-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/quote", ShopService::quote);
        server.start();
        System.out.println("listening on 127.0.0.1:" + server.getAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our standard input
        }
        server.stop(0);
        pool.shutdownNow();
    }

    private static void quote(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI());
        String item = query.getOrDefault("item", "apple");
        int qty;
        int status = 200;
        String body;
        try {
            qty = Integer.parseInt(query.getOrDefault("qty", "1"));
            body = "{\"item\":\"" + item + "\",\"qty\":" + qty + ",\"total\":\"" + Pricing.quote(item, qty) + "\"}";
        } catch (RuntimeException e) {
            status = 400;
            body = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }
}
