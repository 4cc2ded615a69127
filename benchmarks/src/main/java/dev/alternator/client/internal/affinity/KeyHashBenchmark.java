package dev.alternator.client.internal.affinity;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Partition-key hashing alone for a 100-byte key of each type, and the seeded first node.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class KeyHashBenchmark {

	private String string;

	private String number;

	private byte[] binary;

	@Setup
	public void setUp() {
		this.string = "u".repeat(100);
		this.number = "1".repeat(38) + "." + "2".repeat(61);
		this.binary = new byte[100];
		new SplittableRandom(3).nextBytes(this.binary);
	}

	@Benchmark
	public long hashString100() {
		return KeyHash.hashString(this.string);
	}

	@Benchmark
	public long hashNumber100() {
		return KeyHash.hashNumber(this.number);
	}

	@Benchmark
	public long hashBinary100() {
		return KeyHash.hashBinary(this.binary);
	}

	@Benchmark
	public int seededFirstOf100() {
		return SeededPlan.first(100, KeyHash.hashString(this.string));
	}

}
