package dev.metaopt.campaign;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The "did you mean" of every hint: the closest known name within a small edit distance. */
public final class DidYouMean {
  private DidYouMean() {}

  /** The closest of {@code known} to {@code unknown}, if it is close enough to be a typo. */
  public static Optional<String> closest(String unknown, Collection<String> known) {
    return known.stream()
        .min(Comparator.comparingInt((String key) -> distance(unknown, key))
            .thenComparing(Comparator.naturalOrder()))
        .filter(key -> distance(unknown, key) <= Math.max(2, key.length() / 3));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
