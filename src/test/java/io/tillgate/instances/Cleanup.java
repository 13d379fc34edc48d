package io.tillgate.instances;

/** Stops every part of a test's set-up, each whatever the others do, and reports what would not stop. */
final class Cleanup {
    private Cleanup() {
    }

    static void closeAll(AutoCloseable... parts) throws Exception {
        Exception failed = null;
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
