package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.local.BenchmarkAccess;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One sweep split into iterations: 100 trials as whole-space GP {@code bayes} sweeps of
 * {@code chunk} trials, each starting from every earlier trial (campaign memory, no narrowing),
 * against one sweep of 100. What a campaign is when it never narrows. Arguments: problem name,
 * chunk size, seed count (seeds 0 … n − 1); see docs/BENCHMARKS.md.
 *
 * <p>Two switches isolate what differs between the split and the single sweep:
 * {@code -Dcontinued=true} makes every part draw from the single sweep's own random stream (its
 * seed, suggestion numbers counted across the parts) instead of a stream of its own, and
 * {@code -DrunCap=N} writes {@code run_cap: N} into each part's config instead of the chunk
 * size (the run cap sets how many random trials a sweep starts with). With both
 * ({@code -DrunCap=100}), the split is the single sweep to the last trial unless campaign
 * memory loses something.
 */
final class SplitSweepBenchmark {
  private static final boolean CONTINUED = Boolean.getBoolean("continued");

  public static void main(String[] args) {
    SearchBenchmark.Problem problem = SearchBenchmark.PROBLEMS.stream()
        .filter(p -> p.name().equals(args[0])).findFirst().orElseThrow();
    int chunk = Integer.parseInt(args[1]);
    int seeds = Integer.parseInt(args[2]);
    double[] split = new double[seeds];
    double[] single = new double[seeds];
    for (int seed = 0; seed < seeds; seed++) {
      List<Map.Entry<Map<String, JsonNode>, Double>> measured = new ArrayList<>();
      int it = 1;
      while (measured.size() < 100) {
        int n = Math.min(chunk, 100 - measured.size());
        var sweep = BenchmarkAccess.run(SearchBenchmark.config(problem, "bayes",
            Integer.getInteger("runCap", chunk)), BenchmarkAccess.Method.GP,
            CONTINUED ? seed : seed * 31L + it, CONTINUED ? measured.size() : 0, n, 1,
            problem.f(), List.copyOf(measured));
        for (int i = 0; i < sweep.configs().size(); i++) {
          measured.add(new AbstractMap.SimpleEntry<>(sweep.configs().get(i), sweep.values()[i]));
        }
        it++;
      }
      split[seed] = measured.stream().mapToDouble(Map.Entry::getValue).min().orElseThrow()
          - problem.minimum();
      single[seed] = CampaignBenchmark.single(problem, BenchmarkAccess.Method.GP, seed);
      System.out.printf(java.util.Locale.ROOT, "seed %d split %.4g single %.4g%n", seed,
          split[seed], single[seed]);
    }
    int better = 0;
    for (int seed = 0; seed < seeds; seed++) {
      better += split[seed] < single[seed] ? 1 : 0;
    }
    System.out.printf(java.util.Locale.ROOT, "median split %s single %s, split better in %d/%d"
        + " seeds%n", SearchBenchmark.fmt(SearchBenchmark.median(split)),
        SearchBenchmark.fmt(SearchBenchmark.median(single)), better, seeds);
  }
}
