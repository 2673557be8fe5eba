package io.jlivepatch.core.weave.shapes;

/** The receiver for {@link Greeting}'s instance methods; not woven itself. */
public class GreetingImpl implements Greeting {

    @Override
    public String name() {
        return "impl";
    }

    @Override
    public String toString() {
        return "impl";
    }
}
