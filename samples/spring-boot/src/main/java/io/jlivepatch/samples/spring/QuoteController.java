package io.jlivepatch.samples.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP face of {@link Pricing}: it calls the bean through its CGLIB scoped proxy.
 *
 * <p>Thread-safe: stateless.
 */
@RestController
public class QuoteController {

    private final Pricing pricing;

    public QuoteController(Pricing pricing) {
        this.pricing = pricing;
    }

    @GetMapping("/quote")
    public String quote(@RequestParam("item") String item, @RequestParam("qty") int qty) {
        return pricing.quote(item, qty);
    }

    /** Which class answers for {@link Pricing}: the proxy's, to show it is one. */
    @GetMapping("/proxy")
    public String proxy() {
        return pricing.getClass().getName();
    }
}
