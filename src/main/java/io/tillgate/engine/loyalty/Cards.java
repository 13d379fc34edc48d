package io.tillgate.engine.loyalty;

import java.security.SecureRandom;
import java.util.List;

/**
 * The cards of a card-based program: how many customers a card may be linked to (0: any number), and how new card
 * identifiers are made ({@code #} in the pattern: one of the valid characters, drawn at random).
 */
public record Cards(int usersPerCardLimit, List<String> validCharacters, String pattern) {
    public static final int MAX_IDENTIFIER = 108;
    static final List<String> DEFAULT_CHARACTERS = List.of("A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N",
            "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "2", "3", "4", "5", "6", "7", "8", "9");
    static final String DEFAULT_PATTERN = "CARD-########";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new identifier from the pattern. */
    public String newIdentifier() {
        StringBuilder code = new StringBuilder(pattern.length());
        for (char c : pattern.toCharArray()) {
            code.append(c == '#' ? validCharacters.get(RANDOM.nextInt(validCharacters.size())) : String.valueOf(c));
        }
        return code.toString();
    }
}
