package io.jlivepatch.core.weave.shapes;

/** Interface methods: abstract (refused), default, static and private. */
public interface Greeting {

    String name();

    default String hello(String who) {
        return decorate(name() + " says hello to " + who);
    }

    static int size(String text) {
        return text.length();
    }

    private String decorate(String text) {
        return "<" + text + ">";
    }
}
