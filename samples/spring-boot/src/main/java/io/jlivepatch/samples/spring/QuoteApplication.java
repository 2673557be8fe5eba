package io.jlivepatch.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot 3 service to patch live: {@code GET /quote?item=fig&qty=3} answers
 * {@code "<version> fig 3 <cents> <label>"}. Packaged as an executable fat jar
 * ({@code target/quote-app-1.jar}); {@code SpringBootIT} builds version 2 and patches it in.
 *
 * <p>Thread-safety: Spring's; no state of its own.
 */
@SpringBootApplication
public class QuoteApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuoteApplication.class, args);
    }
}
