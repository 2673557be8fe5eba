package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.ObjectCallbacks;

/** A shared base, without a target: not a callbacks class itself. */
public abstract class Base implements ObjectCallbacks {
}
