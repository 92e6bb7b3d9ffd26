package io.atelier.load.sweep;

import io.atelier.load.LoadCli;
import io.atelier.load.LoadSettings;
import io.atelier.load.report.RunSummary;
import io.atelier.load.report.Stats;
import io.atelier.load.report.SummaryWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./atelier load sweep}: a saturation sweep. Doubles the rate from {@code --start} while the
 * end-to-end p99 stays bounded (at most {@code --p99-factor} times the first step's, and at least
 * 99 % of the jobs done with no 429 or 503), refines the edge by bisection, then runs at 50, 70, 90
 * and 120 % of the highest bounded rate, recording each service's peak RSS. Each step is a separate
 * {@code ./atelier load http|kafka} run (its own JVM and summary folder); the table goes to
 * {@code sweep.md}, the chart of the whole sweep to {@code sweep.png}.
 */
public final class Sweep {

    static final double[] FRACTIONS = {0.5, 0.7, 0.9, 1.2};

    /** Runs one step at a rate and returns its summary and the services' peak RSS. */
    @FunctionalInterface
    public interface StepRunner {
        Step run(String phase, double rate) throws Exception;
    }

    /**
     * One step of the sweep.
     *
     * @param phase   {@code search}, {@code refine} or the fraction ({@code 70 %})
     * @param rate    the offered rate
     * @param summary what the step measured
     * @param rssMib  peak RSS per service in MiB (null where not running)
     */
    public record Step(String phase, double rate, RunSummary summary, Map<String, Long> rssMib) {

        Stats endToEnd() {
            return summary.latencies().getOrDefault(summary.endToEnd(), Stats.EMPTY);
        }

        /** The sum of the counters whose name starts with {@code prefix} ({@code 429}, {@code 503}). */
        long count(String prefix) {
            return summary.counts().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    /**
     * Whether a step kept its latency bounded: p99 within the bound, at least 99 % of the sent jobs
     * done, and nothing refused with 429 or 503.
     */
    public static boolean bounded(Step step, double p99BoundMs) {
        long sent = step.summary().sent();
        Stats e2e = step.endToEnd();
        return sent > 0 && step.summary().completed() >= 0.99 * sent && e2e.p99() <= p99BoundMs
                && step.count("429") == 0 && step.count("503") == 0;
    }

    /**
     * The result of a sweep: every step in order, the highest bounded rate (0 when none), and whether
     * the search stopped at {@code --max-rate} while still bounded (then the knee lies higher).
     */
    public record Result(List<Step> steps, double highestBounded, double p99BoundMs, boolean reachedMaxRate) {
    }

    /**
     * The search: double from {@code start} up to {@code maxRate} while bounded, bisect {@code refine}
     * times between the last bounded and the first unbounded rate, then the fractions of the best.
     */
    public static Result sweep(StepRunner runner, double start, double maxRate, double p99Factor, int refine)
            throws Exception {
        List<Step> steps = new ArrayList<>();
        Step first = runner.run("search", start);
        steps.add(first);
        double bound = Math.max(p99Factor * first.endToEnd().p99(), 1);
        double best = bounded(first, bound) ? start : 0;
        double failed = best == 0 ? start : Double.NaN;
        for (double rate = start * 2; best > 0 && Double.isNaN(failed) && rate <= maxRate; rate *= 2) {
            if (probe(runner, steps, "search", rate, bound)) {
                best = rate;
            } else {
                failed = rate;
            }
        }
        for (int i = 0; i < refine && best > 0 && !Double.isNaN(failed); i++) {
            double mid = round((best + failed) / 2);
            if (probe(runner, steps, "refine", mid, bound)) {
                best = mid;
            } else {
                failed = mid;
            }
        }
        if (best > 0) {
            for (double fraction : FRACTIONS) {
                steps.add(runner.run(Math.round(fraction * 100) + " %", round(best * fraction)));
            }
        }
        return new Result(steps, best, bound, best > 0 && Double.isNaN(failed));
    }

    /** Runs a step, keeps it, and tells whether it stayed bounded. */
    private static boolean probe(StepRunner runner, List<Step> steps, String phase, double rate, double bound)
            throws Exception {
        Step step = runner.run(phase, rate);
        steps.add(step);
        return bounded(step, bound);
    }

    private static double round(double rate) {
        return Math.round(rate * 100) / 100.0;
    }

    /** The sweep's table in Markdown. */
    public static String markdown(Result result, String command) {
        StringBuilder md = new StringBuilder("# Atelier saturation sweep\n\nCommand:\n\n```bash\n")
                .append(command).append("\n```\n\n");
        md.append(String.format(Locale.ROOT, "Highest rate with a bounded p99 (end-to-end p99 at most %s ms, "
                        + "at least 99 %% of jobs done, no 429/503): **%s jobs/s**.%n%n",
                SummaryWriter.fmt(result.p99BoundMs()), SummaryWriter.fmt(result.highestBounded())));
        if (result.reachedMaxRate()) {
            md.append("The search stopped at --max-rate while still bounded: the fleet's limit lies higher.\n\n");
        }
        md.append("| phase | rate (jobs/s) | throughput (jobs/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | sent "
                + "| 429 | 503 | bounded | RSS ingest (MiB) | RSS trainer (MiB) | RSS inference (MiB) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : result.steps()) {
            Stats e2e = step.endToEnd();
            long sent = step.summary().sent();
            double throughput = step.summary().throughput();
            md.append("| ").append(step.phase()).append(" | ").append(SummaryWriter.fmt(step.rate()))
                    .append(" | ").append(SummaryWriter.fmt(throughput))
                    .append(" | ").append(SummaryWriter.fmt(e2e.p50())).append(" | ").append(SummaryWriter.fmt(e2e.p95()))
                    .append(" | ").append(SummaryWriter.fmt(e2e.p99())).append(" | ").append(SummaryWriter.fmt(e2e.max()))
                    .append(" | ").append(sent).append(" | ").append(step.count("429")).append(" | ")
                    .append(step.count("503")).append(" | ").append(bounded(step, result.p99BoundMs()) ? "yes" : "no");
            for (String service : ServiceRss.SERVICES) {
                Long rss = step.rssMib().get(service);
                md.append(" | ").append(rss == null ? "-" : rss.toString());
            }
            md.append(" |\n");
        }
        md.append("\n![throughput, refusals and end-to-end p50/p95/p99 against the offered rate](sweep.png)\n");
        md.append("\nLatency: ").append(result.steps().isEmpty() ? "" : result.steps().get(0).summary().endToEnd())
                .append(". Each step's own summary (with its chart) is in the step's folder beside this file.\n");
        return md.toString();
    }

    /** {@code ./atelier load sweep [sweep options] [load options]}. */
    public static boolean main(List<String> args) throws Exception {
        Map<String, String> own = new LinkedHashMap<>(Map.of("via", "http", "start", "0.5", "max-rate", "16",
                "step", "60s", "p99-factor", "4", "refine", "1", "out", ""));
        List<String> passOn = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help")) {
                System.out.println(usage());
                return true;
            }
            if (arg.startsWith("--") && own.containsKey(arg.substring(2)) && i + 1 < args.size()) {
                own.put(arg.substring(2), args.get(++i));
            } else if (arg.equals("--users")) {
                throw new IllegalArgumentException("the sweep offers arrival rates (an open model); --users is for "
                        + "./atelier load http alone");
            } else if (arg.equals("--rate") || arg.equals("--duration")) {
                throw new IllegalArgumentException("the sweep chooses " + arg + " itself; see --start, --max-rate, --step");
            } else {
                passOn.add(arg);
            }
        }
        String via = own.get("via");
        if (!via.equals("http") && !via.equals("kafka")) {
            throw new IllegalArgumentException("--via must be http or kafka");
        }
        double start = Double.parseDouble(own.get("start"));
        double maxRate = Math.min(LoadSettings.MAX_RATE, Double.parseDouble(own.get("max-rate")));
        String stepDuration = own.get("step");
        LoadSettings.fromArgs(passOn); // refuses bad options before the first step
        Path out = own.get("out").isEmpty() ? LoadCli.defaultOut("sweep") : Path.of(own.get("out"));
        Path services = Path.of(System.getenv().getOrDefault("ATELIER_HOME", ".atelier")).resolve("services");
        int[] index = {0};
        StepRunner runner = (phase, rate) -> {
            Path folder = out.resolve(String.format(Locale.ROOT, "step-%02d-%s", ++index[0], rate));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-Djava.awt.headless=true", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    LoadCli.class.getName(), via, "--rate", Double.toString(rate), "--duration", stepDuration,
                    "--out", folder.toString()));
            command.addAll(passOn);
            System.out.printf("%n==> sweep step %d (%s): %s jobs/s for %s%n", index[0], phase, rate, stepDuration);
            try (ServiceRss rss = new ServiceRss(services)) {
                int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
                Path json = folder.resolve("summary.json");
                if (!Files.isRegularFile(json)) {
                    throw new IOException("step at " + rate + " jobs/s wrote no summary (exit " + exit + ")");
                }
                RunSummary summary = SummaryWriter.read(json);
                rss.close();
                return new Step(phase, rate, summary, rss.peakMib());
            }
        };
        Result result = sweep(runner, start, maxRate, Double.parseDouble(own.get("p99-factor")),
                Integer.parseInt(own.get("refine")));
        Files.createDirectories(out);
        String md = markdown(result, "./atelier load sweep " + String.join(" ", args));
        Files.writeString(out.resolve("sweep.md"), md);
        SweepChart.write(result, out.resolve("sweep.png"));
        System.out.println();
        System.out.println(md);
        System.out.println("Sweep: " + out.resolve("sweep.md").toAbsolutePath());
        return result.highestBounded() > 0;
    }

    static String usage() {
        return """
                usage: ./atelier load sweep [--via http|kafka] [--start R] [--max-rate R] [--step D]
                                            [--p99-factor F] [--refine N] [--out DIR] [load options]

                  --via         the scenario each step runs (default http)
                  --start       the first rate, doubled while bounded (default 0.5 jobs/s)
                  --max-rate    the highest rate tried (default 16)
                  --step        how long each step runs at its rate (default 60s)
                  --p99-factor  bounded: end-to-end p99 at most this times the first step's (default 4)
                  --refine      bisections between the last bounded and first unbounded rate (default 1)
                  load options  passed to every step (--size, --style, --api-keys, --ramp ...)

                Then 50, 70, 90 and 120 % of the highest bounded rate, each for --step. A full sweep takes
                (steps x (--step + ramp + drain)); the summary and RSS of ingest, trainer and inference
                (VmRSS of $ATELIER_HOME/services/*.pid) go to sweep.md.""";
    }
}
