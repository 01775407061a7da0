package io.flowplane.systemtests;

import io.flowplane.testkit.Traffic;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The soak's figures as Markdown (docs/reliability-soak.md) and its curves as SVG (docs/reliability-soak.svg). */
final class SoakReport {
    private static final String[] COLORS = {"#1f77b4", "#d62728"};

    private final SoakSettings settings;
    private final List<SoakSample> samples;
    private final long requests;
    private final long failedRequests;
    private final List<String> firstFailedRequests;
    private final List<String> firstFailedWrites;
    private final long errorLines;

    SoakReport(SoakSettings settings, List<SoakSample> samples, List<Traffic> traffic, SoakBenchmark.Churn churn,
            long errorLines) {
        this.settings = settings;
        this.samples = List.copyOf(samples);
        this.requests = traffic.stream().mapToLong(t -> t.succeeded() + t.failed()).sum();
        this.failedRequests = traffic.stream().mapToLong(Traffic::failed).sum();
        this.firstFailedRequests = traffic.stream().flatMap(t -> t.firstFailures().stream()).limit(5).toList();
        this.firstFailedWrites = churn.firstFailures();
        this.errorLines = errorLines;
    }

    private record Window(String name, SoakSample from, SoakSample to) {
        double writes() {
            return to.writes() - from.writes();
        }

        double pushesPerWrite() {
            return writes() == 0 ? 0 : (to.pushes() - from.pushes()) / writes();
        }

        double writeMillis() {
            return writes() == 0 ? 0 : (to.writeLatencyNanos() - from.writeLatencyNanos()) / writes() / 1e6;
        }

        double syncMillis() {
            double acks = to.syncCount() - from.syncCount();
            return acks == 0 ? 0 : (to.syncLatencySeconds() - from.syncLatencySeconds()) / acks * 1000;
        }

        double seconds() {
            return to.atSeconds() - from.atSeconds();
        }
    }

    private SoakSample lastOf(String phase) {
        SoakSample last = null;
        for (SoakSample s : samples) {
            if (s.phase().equals(phase)) {
                last = s;
            }
        }
        return last;
    }

    /** The steady window is its last five minutes (or all of it, if shorter), so warm-up does not count. */
    private List<Window> windows() {
        SoakSample steadyEnd = lastOf("steady");
        SoakSample steadyFrom = samples.get(0);
        for (SoakSample s : samples) {
            if (s.phase().equals("steady") && s.atSeconds() <= steadyEnd.atSeconds() - 300) {
                steadyFrom = s;
            }
        }
        return List.of(new Window("steady (last 5 min)", steadyFrom, steadyEnd),
                new Window("spike (" + settings.spikeFactor() + "×)", steadyEnd, lastOf("spike")),
                new Window("after the spike", lastOf("spike"), samples.get(samples.size() - 1)));
    }

    /** The whole page: the summary, then every sample. */
    String markdown() {
        StringBuilder md = new StringBuilder("# Soak: figures (written by scripts/bench/soak/run)\n\n");
        md.append("The method is in [reliability.md](reliability.md#soak).\n\n").append(summary("##"));
        md.append("\n## Every sample\n\n| t (s) | phase | api heap after GC (KiB) | api RSS (KiB) | api threads | api fds | api DB conns"
                + " | xds heap after GC (KiB) | xds RSS (KiB) | xds threads | xds fds | xds DB conns | streams | writes | pushes | NACKs |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SoakSample s : samples) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %.0f |%n",
                    s.atSeconds(), s.phase(), s.api().heapAfterGcKb(), s.api().rssKb(), s.api().threads(), s.api().fds(),
                    s.api().databaseConnections(), s.xds().heapAfterGcKb(), s.xds().rssKb(), s.xds().threads(), s.xds().fds(),
                    s.xds().databaseConnections(), s.streams(), s.writes(), s.pushes(), s.nacks()));
        }
        return md.toString();
    }

    /** The settings, the curves, start versus end, the counts and the windows, under headings of the given level. */
    String summary(String heading) {
        SoakSample first = samples.get(0);
        SoakSample last = lastOf("steady");
        SoakSample end = samples.get(samples.size() - 1);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d real Envoys with traffic through each (one request every %d ms per Envoy), "
                        + "%.1f configuration writes a second through the API for %d min, then %d s at %d× that, then %d s at "
                        + "the steady rate again; a sample every %d s.%n%n",
                settings.envoys(), 100, settings.writesPerSecond(), settings.steady().toMinutes(), settings.spike().toSeconds(),
                settings.spikeFactor(), settings.after().toSeconds(), settings.sampleEvery().toSeconds()));
        md.append("![soak curves](reliability-soak.svg)\n\n");
        md.append(heading).append(" Start versus end of the steady churn (goal: flat, within 10 %)\n\n");
        md.append("| process | measure | start (t=" + first.atSeconds() + " s) | end (t=" + last.atSeconds() + " s) | change |\n");
        md.append("|---|---|---|---|---|\n");
        processRows(md, "api-service", first.api(), last.api());
        processRows(md, "xds-service", first.xds(), last.xds());
        row(md, "xds-service", "open ADS streams", first.streams(), last.streams());
        md.append("\n").append(heading).append(" Counts over the whole run\n\n| what | count |\n|---|---|\n");
        md.append("| configuration writes | ").append(end.writes()).append(" |\n");
        md.append("| writes not answered 200 | ").append(end.failedWrites()).append(" |\n");
        md.append(String.format(Locale.ROOT, "| xDS responses pushed | %.0f |%n", end.pushes()));
        md.append(String.format(Locale.ROOT, "| NACKs | %.0f |%n", end.nacks()));
        md.append("| requests through the Envoys | ").append(requests).append(" |\n");
        md.append("| failed requests through the Envoys | ").append(failedRequests).append(" |\n");
        md.append("| ERROR lines in the api-service and xds-service logs | ").append(errorLines).append(" |\n");
        if (!firstFailedRequests.isEmpty() || !firstFailedWrites.isEmpty()) {
            md.append("\nFirst failures: requests ").append(firstFailedRequests).append("; writes ").append(firstFailedWrites)
                    .append("\n");
        }
        md.append("\n").append(heading).append(" The spike: pushes per change and latency, by window\n\n");
        md.append("| window | seconds | writes | writes/s | pushes per write (").append(settings.envoys())
                .append(" Envoys) | API write, mean | commit → Envoy ACK, mean |\n|---|---|---|---|---|---|---|\n");
        for (Window w : windows()) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.2f | %.1f ms | %.1f ms |%n", w.name(), w.seconds(),
                    w.writes(), w.seconds() == 0 ? 0 : w.writes() / w.seconds(), w.pushesPerWrite(), w.writeMillis(), w.syncMillis()));
        }
        return md.toString();
    }

    private static void processRows(StringBuilder md, String process, SoakSample.Process start, SoakSample.Process end) {
        row(md, process, "heap after full GC (KiB)", start.heapAfterGcKb(), end.heapAfterGcKb());
        row(md, process, "RSS (KiB)", start.rssKb(), end.rssKb());
        row(md, process, "threads", start.threads(), end.threads());
        row(md, process, "open file descriptors", start.fds(), end.fds());
        row(md, process, "database connections", start.databaseConnections(), end.databaseConnections());
    }

    private static void row(StringBuilder md, String process, String measure, long start, long end) {
        String change = start == 0 ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", 100.0 * (end - start) / start);
        md.append("| ").append(process).append(" | ").append(measure).append(" | ").append(start).append(" | ").append(end)
                .append(" | ").append(change).append(" |\n");
    }

    /** Four panels over time (minutes): heap after GC, RSS, threads, file descriptors; the spike shaded. */
    String svg() {
        int width = 900;
        int panelHeight = 180;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, panelHeight * 4 + 40));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"60\" y=\"20\" font-size=\"14\">Flowplane soak: api-service (blue), xds-service (red); spike shaded</text>\n");
        panel(svg, 0, "heap after full GC (MiB)", p -> p.heapAfterGcKb() / 1024.0, width, panelHeight);
        panel(svg, 1, "RSS (MiB)", p -> p.rssKb() / 1024.0, width, panelHeight);
        panel(svg, 2, "threads", SoakSample.Process::threads, width, panelHeight);
        panel(svg, 3, "open file descriptors", SoakSample.Process::fds, width, panelHeight);
        return svg.append("</svg>\n").toString();
    }

    private void panel(StringBuilder svg, int index, String title, ToDoubleFunction<SoakSample.Process> value, int width,
            int height) {
        int left = 60;
        int top = 40 + index * height;
        int plotWidth = width - left - 20;
        int plotHeight = height - 50;
        double maxT = Math.max(1, samples.get(samples.size() - 1).atSeconds());
        double maxV = 1;
        for (SoakSample s : samples) {
            maxV = Math.max(maxV, Math.max(value.applyAsDouble(s.api()), value.applyAsDouble(s.xds())));
        }
        maxV *= 1.15;
        double spikeStart = lastOf("steady").atSeconds();
        double spikeEnd = lastOf("spike").atSeconds();
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eeeeee\"/>%n",
                left + spikeStart / maxT * plotWidth, top + 20, (spikeEnd - spikeStart) / maxT * plotWidth, plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left, top + 14, title));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + 20 + plotHeight,
                left + plotWidth, top + 20 + plotHeight));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + 20, left,
                top + 20 + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>%n", left - 4, top + 26, maxV));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", left - 4, top + 20 + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f min</text>%n", left + plotWidth,
                top + 34 + plotHeight, maxT / 60));
        for (int p = 0; p < 2; p++) {
            StringBuilder points = new StringBuilder();
            for (SoakSample s : samples) {
                double v = value.applyAsDouble(p == 0 ? s.api() : s.xds());
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + s.atSeconds() / maxT * plotWidth,
                        top + 20 + plotHeight - v / maxV * plotHeight));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    COLORS[p], points.toString().trim()));
        }
    }
}
