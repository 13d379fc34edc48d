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
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code mappings/catalog.yaml}, read again whenever the file changes, so that the catalog can be edited
 * without a rebuild or restart. A file that does not parse keeps the last good catalog and says why.
 *
 * <pre>
 * items:
 *   "Sub category 1": {sku: SKU-1001, name: Shirt, category: shirts, attributes: {brand: Acme}}
 * </pre>
 */
public final class CatalogFile {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFile.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path path;
    private volatile Loaded loaded = new Loaded(null, Catalog.EMPTY);

    public CatalogFile(Path path) {
        this.path = path;
        Catalog first = parse();
        loaded = new Loaded(modified(), first);
    }

    public Catalog current() {
        FileTime now = modified();
        Loaded seen = loaded;
        if (now != null && !now.equals(seen.modified())) {
            synchronized (this) {
                if (!now.equals(loaded.modified())) {
                    try {
                        loaded = new Loaded(now, parse());
                        LOG.info("catalog {} reloaded: {} items", path, loaded.catalog().entries().size());
                    } catch (RuntimeException e) {
                        LOG.error("catalog {} does not parse; keeping the last good one: {}", path, e.getMessage());
                        loaded = new Loaded(now, loaded.catalog());
                    }
                }
            }
        }
        return loaded.catalog();
    }

    private Catalog parse() {
        if (!Files.exists(path)) {
            return Catalog.EMPTY;
        }
        try {
            JsonNode root = YAML.readTree(path.toFile());
            JsonNode items = root == null ? null : root.get("items");
            Map<String, CatalogEntry> entries = new HashMap<>();
            if (items != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    entries.put(e.getKey(), new CatalogEntry(text(v, "sku", e.getKey()), text(v, "name", null),
                            text(v, "category", null), v.get("attributes")));
                }
            }
            return new Catalog(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog " + path, e);
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private FileTime modified() {
        try {
            return Files.exists(path) ? Files.getLastModifiedTime(path) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private record Loaded(FileTime modified, Catalog catalog) {
    }
}
