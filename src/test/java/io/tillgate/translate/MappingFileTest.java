package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MappingFileTest {
    @TempDir
    Path dir;

    private static String name(JsonNode root) {
        return root.path("name").asText();
    }

    private void write(Path file, String yaml, Instant modified) throws Exception {
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.from(modified)); // file times can be coarser than the test's steps
    }

    @Test
    void anEditIsPickedUpAndABrokenOneKeepsTheLastGoodVersion() throws Exception {
        Path file = dir.resolve("stores.yaml");
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        write(file, "name: first", t);
        MappingFile<String> mapping = new MappingFile<>(file, MappingFileTest::name, "absent", Duration.ZERO);
        assertThat(mapping.current()).isEqualTo("first");
        write(file, "name: second", t.plusSeconds(1));
        assertThat(mapping.current()).isEqualTo("second");
        write(file, "name: [unclosed", t.plusSeconds(2));
        assertThat(mapping.current()).isEqualTo("second");
        write(file, "name: third", t.plusSeconds(3));
        assertThat(mapping.current()).isEqualTo("third");
    }

    @Test
    void theFileIsLookedAtNoMoreOftenThanAsked() throws Exception {
        Path file = dir.resolve("catalog.yaml");
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        write(file, "name: first", t);
        MappingFile<String> mapping = new MappingFile<>(file, MappingFileTest::name, "absent", Duration.ofHours(1));
        write(file, "name: second", t.plusSeconds(1));
        assertThat(mapping.current()).as("within the hour").isEqualTo("first");
    }

    @Test
    void aMissingFileGivesTheAbsentValue() {
        assertThat(new MappingFile<>(dir.resolve("none.yaml"), MappingFileTest::name, "absent").current()).isEqualTo("absent");
    }
}
