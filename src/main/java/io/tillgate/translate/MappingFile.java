package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.function.Function;

/**
 * A YAML file of {@code mappings/}, read again whenever it changes, so that mappings can be edited without
 * a rebuild or restart. A file that does not parse at start stops the start; later, a broken edit keeps
 * the last good version and is logged. Whether the file changed is asked at most once a second: the worker
 * reads its mappings several times per request, and each look was two system calls.
 */
public final class MappingFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(MappingFile.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path path;
    private final Function<JsonNode, T> reader;
    private final T absent;
    private final long checkEveryNanos;
    private volatile Loaded<T> loaded;
    private volatile long checkedAt;

    public MappingFile(Path path, Function<JsonNode, T> reader, T absent) {
        this(path, reader, absent, Duration.ofSeconds(1));
    }

    MappingFile(Path path, Function<JsonNode, T> reader, T absent, Duration checkEvery) {
        this.path = path;
        this.reader = reader;
        this.absent = absent;
        this.checkEveryNanos = checkEvery.toNanos();
        this.loaded = new Loaded<>(modified(), parse());
        this.checkedAt = System.nanoTime();
    }

    public T current() {
        long now = System.nanoTime();
        if (now - checkedAt < checkEveryNanos) {
            return loaded.value();
        }
        checkedAt = now;
        return reloadIfChanged();
    }

    private T reloadIfChanged() {
        FileTime now = modified();
        if (now != null && !now.equals(loaded.modified())) {
            synchronized (this) {
                if (!now.equals(loaded.modified())) {
                    try {
                        loaded = new Loaded<>(now, parse());
                        LOG.info("mapping {} reloaded", path);
                    } catch (RuntimeException e) {
                        LOG.error("mapping {} does not parse; keeping the last good one: {}", path, e.getMessage());
                        loaded = new Loaded<>(now, loaded.value());
                    }
                }
            }
        }
        return loaded.value();
    }

    private T parse() {
        if (!Files.exists(path)) {
            return absent;
        }
        try {
            JsonNode root = YAML.readTree(path.toFile());
            return reader.apply(root == null ? YAML.createObjectNode() : root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + path, e);
        }
    }

    private FileTime modified() {
        try {
            return Files.exists(path) ? Files.getLastModifiedTime(path) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private record Loaded<T>(FileTime modified, T value) {
    }
}
