package dev.alternator.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;

/**
 * Draws PNG charts from saved load runner outputs (its standard output captured with
 * {@code | tee}): the kill timeline (calls per 250 ms, failures and p99, our sync client
 * against the plain client pointed at the killed node), the slow-node timeline (the slow
 * node's share and the callers' p50/p99, latency-aware against round-robin) and the CPU
 * per request of every client in every throughput round with its median. One command,
 * given one or more outputs whose CSV lines are read together: <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.alternator.benchmarks.Charts \
 *      [--out DIR] [--charts kill,slow-node,cpu] LOAD-RUNNER-OUTPUT...
 * </pre> It writes {@code perf-kill.png} (from the {@code kill-timeline} lines of both
 * {@code sync} and {@code plain-at-killed-node}), {@code perf-slow-node.png} (from the
 * {@code slow-timeline} lines of both {@code LATENCY_AWARE} and {@code ROUND_ROBIN}) and
 * {@code perf-cpu-per-request.png} (from the {@code cpu-round} lines) into {@code DIR}
 * (default {@code docs}); {@code --charts} picks some of them (default all three). A
 * chart whose lines the outputs lack is not drawn: the others still are, then the command
 * names what is missing for which chart and exits with status 1 (2 for a usage error).
 * Runs headless.
 */
public final class Charts {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	static final String KILL_TIMELINE = "perf-kill.png";

	static final String SLOW_TIMELINE = "perf-slow-node.png";

	static final String CPU_PER_REQUEST = "perf-cpu-per-request.png";

	/** The charts by the name {@code --charts} takes, in the order they are drawn. */
	private static final Map<String, String> FILES = Map.of("kill", KILL_TIMELINE, "slow-node", SLOW_TIMELINE, "cpu",
			CPU_PER_REQUEST);

	private static final List<String> ALL = List.of("kill", "slow-node", "cpu");

	private static final String USAGE = "usage: Charts [--out DIR] [--charts kill,slow-node,cpu] "
			+ "LOAD-RUNNER-OUTPUT...";

	private static final Color OURS = new Color(0x1f77b4);

	private static final Color OTHER = new Color(0xd62728);

	private static final List<Color> PALETTE = List.of(OURS, OTHER, new Color(0x2ca02c), new Color(0xff7f0e),
			new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f));

	private static final Stroke SOLID = new BasicStroke(2f);

	private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
			new float[] { 6f, 4f }, 0f);

	private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

	private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

	private Charts() {
	}

	/**
	 * Draws the charts (see the class description); exits with status 1 when the outputs
	 * lack the lines of a chart asked for, 2 on a usage error.
	 * @param args {@code [--out DIR] [--charts NAMES] FILE...}
	 * @throws IOException if an output cannot be read or a chart cannot be written
	 */
	public static void main(String[] args) throws IOException {
		int status = run(args, System.out, System.err);
		if (status != 0) {
			System.exit(status);
		}
	}

	/**
	 * What {@link #main} does, printing to the given streams.
	 * @return 0 when every chart asked for was drawn, 1 when some lacked their lines (the
	 * others were drawn), 2 on a usage error (nothing drawn)
	 */
	static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
		Path directory = Path.of("docs");
		List<String> charts = ALL;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--out") || args[i].equals("--charts")) {
				if (i + 1 == args.length) {
					err.println(args[i] + " needs a value; " + USAGE);
					return 2;
				}
				String value = args[++i];
				if (args[i - 1].equals("--out")) {
					directory = Path.of(value);
				}
				else {
					charts = List.of(value.split(","));
				}
			}
			else if (args[i].startsWith("--")) {
				err.println("unknown option " + args[i] + "; " + USAGE);
				return 2;
			}
			else {
				files.add(Path.of(args[i]));
			}
		}
		List<String> unknown = charts.stream().filter((name) -> !FILES.containsKey(name)).toList();
		if (files.isEmpty() || !unknown.isEmpty()) {
			err.println((unknown.isEmpty() ? "" : "unknown charts " + unknown + ", known " + ALL + "; ") + USAGE);
			return 2;
		}
		Files.createDirectories(directory);
		Drawn drawn = draw(RunnerOutput.read(files), directory, charts);
		for (Path written : drawn.written()) {
			out.println("wrote " + written + " (" + Files.size(written) + " bytes)");
		}
		drawn.missing().forEach(err::println);
		return drawn.missing().isEmpty() ? 0 : 1;
	}

	/**
	 * What {@link #draw} did.
	 *
	 * @param written the files written
	 * @param missing for every chart not drawn, a sentence naming it and the lines it
	 * lacked
	 */
	record Drawn(List<Path> written, List<String> missing) {

		Drawn {
			written = List.copyOf(written);
			missing = List.copyOf(missing);
		}

	}

	/** Writes every chart the output has data for; returns the files written. */
	static List<Path> writeAll(RunnerOutput output, Path directory) throws IOException {
		return draw(output, directory, ALL).written();
	}

	/**
	 * Writes each chart of {@code charts} (names as {@code --charts} takes them) that the
	 * output has the lines for, and says what the others lacked.
	 */
	static Drawn draw(RunnerOutput output, Path directory, List<String> charts) throws IOException {
		List<Path> written = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (String name : ALL) {
			if (!charts.contains(name)) {
				continue;
			}
			Path file = directory.resolve(FILES.get(name));
			String lacking = lacking(output, name);
			if (lacking != null) {
				missing.add(file.getFileName() + " not drawn: the output has " + lacking);
				continue;
			}
			written.add(switch (name) {
				case "kill" -> write(killTimeline(output), file, 1000, 640);
				case "slow-node" -> write(slowTimeline(output), file, 1000, 560);
				default -> write(cpuPerRequest(output), file, 1000, 500);
			});
		}
		return new Drawn(written, missing);
	}

	/**
	 * What the output lacks for a chart, as the end of a sentence, or {@code null} when
	 * it has its lines.
	 */
	private static @Nullable String lacking(RunnerOutput output, String chart) {
		return switch (chart) {
			case "kill" -> lackingSeries("kill-timeline", "kill",
					output.faults()
						.stream()
						.filter((point) -> point.scenario().equals("kill"))
						.map(RunnerOutput.FaultPoint::client)
						.collect(Collectors.toSet()),
					List.of("sync", "plain-at-killed-node"));
			case "slow-node" -> lackingSeries("slow-timeline", "slow",
					output.slow().stream().map(RunnerOutput.SlowPoint::loadBalancing).collect(Collectors.toSet()),
					List.of("LATENCY_AWARE", "ROUND_ROBIN"));
			default -> output.cpu().isEmpty()
					? "no cpu-round lines (load runner --scenarios throughput, which prints one per client and round)"
					: null;
		};
	}

	private static @Nullable String lackingSeries(String kind, String scenario, Set<String> present,
			List<String> needed) {
		List<String> absent = needed.stream().filter((series) -> !present.contains(series)).toList();
		if (absent.isEmpty()) {
			return null;
		}
		return "no " + kind + " lines for " + String.join(" and ", absent) + " (load runner --scenarios " + scenario
				+ ", which prints them for " + String.join(" and ", needed) + ")";
	}

	/** Writes a chart as a PNG of the given size in pixels. */
	static Path write(JFreeChart chart, Path file, int width, int height) throws IOException {
		try (OutputStream stream = Files.newOutputStream(file)) {
			ChartUtils.writeChartAsPNG(stream, chart, width, height, null, false, 9);
		}
		return file;
	}

	// ------------------------------------------------------------------ kill

	/**
	 * Calls per 250 ms that succeeded and that failed, and their p99, from 3 s before a
	 * node is killed: our sync client over three nodes against the plain client pointed
	 * at the node that is killed.
	 */
	static JFreeChart killTimeline(RunnerOutput output) {
		Map<String, List<RunnerOutput.FaultPoint>> byClient = new LinkedHashMap<>();
		output.faults()
			.stream()
			.filter((point) -> point.scenario().equals("kill"))
			.forEach((point) -> byClient.computeIfAbsent(point.client(), (k) -> new ArrayList<>()).add(point));
		if (byClient.isEmpty()) {
			throw new IllegalArgumentException("no kill-timeline lines");
		}
		XYSeriesCollection ok = new XYSeriesCollection();
		XYSeriesCollection failed = new XYSeriesCollection();
		XYSeriesCollection p99 = new XYSeriesCollection();
		List<Paint> paints = new ArrayList<>();
		for (Map.Entry<String, List<RunnerOutput.FaultPoint>> entry : byClient.entrySet()) {
			String label = faultClientLabel(entry.getKey());
			XYSeries okSeries = new XYSeries(label);
			XYSeries failedSeries = new XYSeries(label);
			XYSeries p99Series = new XYSeries(label);
			for (RunnerOutput.FaultPoint point : entry.getValue()) {
				double seconds = point.millisFromFault() / 1000.0;
				okSeries.add(seconds, point.ok());
				failedSeries.add(seconds, point.failed());
				if (point.ok() + point.failed() > 0) {
					p99Series.add(seconds, Math.max(0.01, point.p99Millis()));
				}
			}
			ok.addSeries(okSeries);
			failed.addSeries(failedSeries);
			p99.addSeries(p99Series);
			paints.add(entry.getKey().equals("sync") ? OURS : OTHER);
		}
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(axis("time from the node's kill (s)"));
		plot.setGap(8);
		plot.add(panel(ok, countAxis("calls OK per 250 ms"), paints, true, node("node killed", 0)), 3);
		plot.add(panel(failed, countAxis("calls failed per 250 ms"), paints, false, node(null, 0)), 2);
		plot.add(panel(p99, logAxis("p99 latency (ms, log)", p99), paints, false, node(null, 0)), 2);
		return chart("A node killed under load: calls per 250 ms and p99, ours against the plain SDK client", List.of(
				"16 callers, GetItem/PutItem, local cluster (instant mode), the two clients one after the other; "
						+ "calls counted in the 250 ms they started",
				"measured " + output.dateText() + " on a shared 2-core machine"), plot);
	}

	private static String faultClientLabel(String client) {
		return switch (client) {
			case "sync" -> "ours: sync client over 3 nodes";
			case "plain-at-killed-node" -> "plain SDK client pointed at the killed node";
			default -> client;
		};
	}

	// ------------------------------------------------------------------ slow

	/**
	 * The slow node's share of attempts and the callers' p50 and p99 per 250 ms, from 4 s
	 * before one node turns slow: latency-aware against round-robin, the last (warmest)
	 * round of each.
	 */
	static JFreeChart slowTimeline(RunnerOutput output) {
		Map<String, Integer> lastRound = new LinkedHashMap<>();
		output.slow().forEach((point) -> lastRound.merge(point.loadBalancing(), point.round(), Math::max));
		if (lastRound.isEmpty()) {
			throw new IllegalArgumentException("no slow-timeline lines");
		}
		XYSeriesCollection share = new XYSeriesCollection();
		XYSeriesCollection latency = new XYSeriesCollection();
		List<Paint> sharePaints = new ArrayList<>();
		List<Paint> latencyPaints = new ArrayList<>();
		List<Stroke> latencyStrokes = new ArrayList<>();
		for (Map.Entry<String, Integer> entry : lastRound.entrySet()) {
			String label = slowLabel(entry.getKey());
			List<RunnerOutput.SlowPoint> points = output.slow()
				.stream()
				.filter((point) -> point.loadBalancing().equals(entry.getKey()) && point.round() == entry.getValue())
				.sorted(Comparator.comparingLong(RunnerOutput.SlowPoint::millisFromSlowdown))
				.toList();
			Color color = entry.getKey().equals("LATENCY_AWARE") ? OURS : OTHER;
			share.addSeries(series(label, points, (point) -> 100 * point.share(), (point) -> true));
			sharePaints.add(color);
			latency.addSeries(series(label + " p50", points, (point) -> Math.max(0.01, point.p50Millis()),
					(point) -> point.calls() > 0));
			latency.addSeries(series(label + " p99", points, (point) -> Math.max(0.01, point.p99Millis()),
					(point) -> point.calls() > 0));
			latencyPaints.add(color);
			latencyPaints.add(color);
			latencyStrokes.add(SOLID);
			latencyStrokes.add(DASHED);
		}
		double slowUntil = LoadRunner.SLOW_FOR.toMillis() / 1000.0;
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(axis("time from the slowdown (s)"));
		plot.setGap(8);
		NumberAxis shareAxis = axis("slow node's share (%)");
		shareAxis.setRange(0, 50);
		plot.add(panel(share, shareAxis, sharePaints, false, slow("one node of three slow", slowUntil)), 1);
		XYPlot latencyPanel = panel(latency, logAxis("callers' latency (ms, log)", latency), latencyPaints, true,
				slow(null, slowUntil));
		for (int i = 0; i < latencyStrokes.size(); i++) {
			latencyPanel.getRenderer().setSeriesStroke(i, latencyStrokes.get(i));
		}
		plot.add(latencyPanel, 1);
		return chart("A slow node: its share of attempts and the callers' p50/p99, latency-aware against round-robin",
				List.of("our sync client, 16 callers, one node answers late for " + LoadRunner.SLOW_FOR.toSeconds()
						+ " s; last round of each; measured " + output.dateText() + " on a shared 2-core machine"),
				plot);
	}

	private static String slowLabel(String loadBalancing) {
		return switch (loadBalancing) {
			case "LATENCY_AWARE" -> "latency-aware (default)";
			case "ROUND_ROBIN" -> "round-robin";
			default -> loadBalancing.toLowerCase(Locale.ROOT);
		};
	}

	// ------------------------------------------------------------------ cpu

	/**
	 * Every client's CPU per request in every throughput round (points) and its median
	 * over the rounds (dashed line), so that the spread shows next to the median. The
	 * scale ends at twice the highest median; windows above it are listed in a subtitle.
	 */
	static JFreeChart cpuPerRequest(RunnerOutput output) {
		Map<String, List<RunnerOutput.CpuRound>> byClient = new LinkedHashMap<>();
		output.cpu().forEach((round) -> byClient.computeIfAbsent(round.client(), (k) -> new ArrayList<>()).add(round));
		if (byClient.isEmpty()) {
			throw new IllegalArgumentException("no cpu-round lines");
		}
		int firstRound = output.cpu().stream().mapToInt(RunnerOutput.CpuRound::round).min().orElse(1);
		int lastRound = output.cpu().stream().mapToInt(RunnerOutput.CpuRound::round).max().orElse(1);
		XYSeriesCollection dataset = new XYSeriesCollection();
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
		// windows far above every median (a client still warming up) would squeeze the
		// rest into a strip: the scale ends at twice the highest median and the subtitle
		// lists what lies above it
		double scaleTop = 2 * byClient.values()
			.stream()
			.mapToDouble((rounds) -> LoadRunner.quantile(
					rounds.stream().mapToDouble(RunnerOutput.CpuRound::cpuMicrosPerRequest).sorted().toArray(), 0.5))
			.max()
			.orElse(0);
		List<String> aboveScale = new ArrayList<>();
		int index = 0;
		for (Map.Entry<String, List<RunnerOutput.CpuRound>> entry : byClient.entrySet()) {
			List<String> above = entry.getValue()
				.stream()
				.filter((round) -> round.cpuMicrosPerRequest() > scaleTop)
				.map((round) -> String.format(Locale.ROOT, "round %d %.0f", round.round(), round.cpuMicrosPerRequest()))
				.toList();
			if (!above.isEmpty()) {
				aboveScale.add(entry.getKey() + " " + String.join(", ", above));
			}
			double[] sorted = entry.getValue()
				.stream()
				.mapToDouble(RunnerOutput.CpuRound::cpuMicrosPerRequest)
				.sorted()
				.toArray();
			double median = LoadRunner.quantile(sorted, 0.5);
			XYSeries points = new XYSeries(String.format(Locale.ROOT, "%s (median %.1f µs)", entry.getKey(), median));
			// side by side within a round, so that equal values do not hide each other
			double offset = (index - (byClient.size() - 1) / 2.0) * 0.08;
			entry.getValue().forEach((round) -> points.add(round.round() + offset, round.cpuMicrosPerRequest()));
			XYSeries medianLine = new XYSeries(entry.getKey() + " median");
			medianLine.add(firstRound - 0.3, median);
			medianLine.add(lastRound + 0.3, median);
			dataset.addSeries(points);
			dataset.addSeries(medianLine);
			Color color = PALETTE.get(index % PALETTE.size());
			int pointsIndex = 2 * index;
			renderer.setSeriesPaint(pointsIndex, color);
			renderer.setSeriesLinesVisible(pointsIndex, false);
			renderer.setSeriesShapesVisible(pointsIndex, true);
			renderer.setSeriesPaint(pointsIndex + 1, color);
			renderer.setSeriesStroke(pointsIndex + 1, DASHED);
			renderer.setSeriesLinesVisible(pointsIndex + 1, true);
			renderer.setSeriesShapesVisible(pointsIndex + 1, false);
			renderer.setSeriesVisibleInLegend(pointsIndex + 1, false);
			index++;
		}
		NumberAxis rounds = axis("throughput round (clients measured in turn, order rotating)");
		rounds.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
		NumberAxis cpu = axis("client CPU per request (µs)");
		XYPlot plot = new XYPlot(dataset, rounds, cpu, renderer);
		style(plot);
		List<String> subtitles = new ArrayList<>(List.of("the measuring JVM's CPU per call in each window; "
				+ "local cluster (instant mode) in another JVM; measured " + output.dateText()
				+ " on a shared 2-core machine"));
		if (!aboveScale.isEmpty()) {
			double lowest = output.cpu()
				.stream()
				.mapToDouble(RunnerOutput.CpuRound::cpuMicrosPerRequest)
				.min()
				.orElse(0);
			cpu.setRange(0.9 * lowest, scaleTop);
			subtitles.add(String.format(Locale.ROOT, "above the scale (%.0f µs): ", scaleTop)
					+ String.join("; ", aboveScale) + " µs");
		}
		return chart("Client CPU per request in each round (points) and its median (dashed)", subtitles, plot);
	}

	// ------------------------------------------------------------------ parts

	/** A slow-node timeline series in seconds from the slowdown. */
	private static XYSeries series(String key, List<RunnerOutput.SlowPoint> points,
			ToDoubleFunction<RunnerOutput.SlowPoint> value, Predicate<RunnerOutput.SlowPoint> plotted) {
		XYSeries series = new XYSeries(key);
		for (RunnerOutput.SlowPoint point : points) {
			if (plotted.test(point)) {
				series.add(point.millisFromSlowdown() / 1000.0, value.applyAsDouble(point));
			}
		}
		return series;
	}

	private static XYPlot panel(XYSeriesCollection dataset, ValueAxis axis, List<Paint> paints, boolean inLegend,
			List<Marker> markers) {
		// a bucket's value holds until the next bucket starts
		XYStepRenderer renderer = new XYStepRenderer();
		for (int i = 0; i < paints.size(); i++) {
			renderer.setSeriesPaint(i, paints.get(i));
			renderer.setSeriesStroke(i, SOLID);
			renderer.setSeriesVisibleInLegend(i, inLegend);
		}
		XYPlot plot = new XYPlot(dataset, null, axis, renderer);
		style(plot);
		markers.forEach(plot::addDomainMarker);
		return plot;
	}

	private static void style(XYPlot plot) {
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(new Color(0xdddddd));
		plot.setRangeGridlinePaint(new Color(0xdddddd));
		plot.setOutlinePaint(Color.GRAY);
	}

	private static NumberAxis axis(String label) {
		NumberAxis axis = new NumberAxis(label);
		axis.setAutoRangeIncludesZero(false);
		return axis;
	}

	/** A linear axis from zero. */
	private static NumberAxis countAxis(String label) {
		NumberAxis axis = new NumberAxis(label);
		axis.setAutoRangeIncludesZero(true);
		return axis;
	}

	/** A logarithmic axis from the decade below the data to the decade above. */
	private static LogAxis logAxis(String label, XYSeriesCollection data) {
		double min = Double.MAX_VALUE;
		double max = 0;
		for (int s = 0; s < data.getSeriesCount(); s++) {
			for (int i = 0; i < data.getItemCount(s); i++) {
				double value = data.getYValue(s, i);
				if (value > 0) {
					min = Math.min(min, value);
					max = Math.max(max, value);
				}
			}
		}
		LogAxis axis = new LogAxis(label);
		if (max > 0) {
			double lower = Math.pow(10, Math.floor(Math.log10(min)));
			double upper = Math.pow(10, Math.ceil(Math.log10(max)));
			// a little beyond the decades, so that their ticks at the edges are labelled
			axis.setRange(lower * 0.9, ((upper > lower) ? upper : lower * 10) * 1.1);
		}
		axis.setBase(10);
		axis.setSmallestValue(0.01);
		// one tick per decade: 0.1, 1, 10, 100 ms
		axis.setTickUnit(new NumberTickUnit(1));
		axis.setMinorTickCount(9);
		axis.setMinorTickMarksVisible(true);
		axis.setNumberFormatOverride(new DecimalFormat("0.##"));
		return axis;
	}

	/** A line where the node was killed, labelled when {@code label} is given. */
	private static List<Marker> node(@Nullable String label, double seconds) {
		ValueMarker marker = new ValueMarker(seconds, Color.DARK_GRAY, new BasicStroke(1.2f));
		label(marker, label);
		return List.of(marker);
	}

	/** A shaded interval while the node is slow, labelled when {@code label} is given. */
	private static List<Marker> slow(@Nullable String label, double untilSeconds) {
		IntervalMarker marker = new IntervalMarker(0, untilSeconds, new Color(255, 200, 0, 40));
		label(marker, label);
		marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
		return List.of(marker);
	}

	private static void label(Marker marker, @Nullable String label) {
		if (label != null) {
			marker.setLabel(label);
			marker.setLabelFont(SUBTITLE_FONT);
			marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
			marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
		}
	}

	private static JFreeChart chart(String title, List<String> subtitles, Plot plot) {
		JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
		chart.setBackgroundPaint(Color.WHITE);
		subtitles.forEach((subtitle) -> chart.addSubtitle(new TextTitle(subtitle, SUBTITLE_FONT)));
		return chart;
	}

}
