package io.jlivepatch.samples.spring;

import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.stereotype.Service;
import org.springframework.web.context.WebApplicationContext;

/**
 * Prices a quote in two steps, {@link #subtotal} and {@link #render}, joined by {@link #quote}.
 * Version 2 ({@code src/test/v2}) changes all three together, so an answer that mixes versions shows
 * as a label that does not match its amount.
 *
 * <p>Request-scoped behind a CGLIB class proxy ({@code Pricing$$SpringCGLIB$$0}): the controller holds
 * the proxy, and each request's call reaches a fresh instance of this class through it.
 *
 * <p>Thread-safety: one instance per request.
 */
@Service
@Scope(value = WebApplicationContext.SCOPE_REQUEST, proxyMode = ScopedProxyMode.TARGET_CLASS)
public class Pricing {

    public String quote(String item, int qty) {
        long cents = subtotal(qty);
        return render(item, qty, cents);
    }

    long subtotal(int qty) {
        return qty * 250L;
    }

    String render(String item, int qty, long cents) {
        return "v1 " + item + " " + qty + " " + cents + " list";
    }
}
