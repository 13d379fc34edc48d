package io.tillgate.engine.json;

/** JSON pointers (RFC 6901), as the engine's errors name the field they refuse. */
public final class JsonPointer {
    private JsonPointer() {
    }

    /** The pointer to {@code field} of the object at {@code parent} ("" for the body): its {@code ~} and {@code /} escaped. */
    public static String child(String parent, String field) {
        return parent + "/" + field.replace("~", "~0").replace("/", "~1");
    }
}
