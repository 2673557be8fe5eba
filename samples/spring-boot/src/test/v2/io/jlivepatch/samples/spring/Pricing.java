package io.jlivepatch.samples.spring;

import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.stereotype.Service;
import org.springframework.web.context.WebApplicationContext;

/** Version 2 of {@code Pricing}: a discount of 50 cents a unit, a label that says so, and no negative quantities. */
@Service
@Scope(value = WebApplicationContext.SCOPE_REQUEST, proxyMode = ScopedProxyMode.TARGET_CLASS)
public class Pricing {

    public String quote(String item, int qty) {
        long cents = subtotal(Math.max(qty, 0));
        return render(item, qty, cents);
    }

    long subtotal(int qty) {
        return qty * 200L;
    }

    String render(String item, int qty, long cents) {
        return "v2 " + item + " " + qty + " " + cents + " discount";
    }
}
