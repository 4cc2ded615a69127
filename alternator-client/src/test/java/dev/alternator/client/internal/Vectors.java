package dev.alternator.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Loads the cross-language test vectors copied under {@code src/test/resources/vectors/}.
 * Signed 64-bit numbers are read from their JSON text with
 * {@link Long#parseLong(String)}, never through {@code double}.
 */
public final class Vectors {

	private static final JsonNodeParser PARSER = JsonNodeParser.create();

	private static final Map<String, JsonNode> FILES = new ConcurrentHashMap<>();

	private Vectors() {
	}

	/**
	 * Return the root node of a vector file.
	 * @param fileName the file name, for example {@code rng-cooked.json}
	 * @return the parsed file
	 */
	public static JsonNode file(String fileName) {
		return FILES.computeIfAbsent(fileName, Vectors::load);
	}

	/**
	 * Return the {@code vectors} array of a vector file.
	 * @param fileName the file name
	 * @return the vectors
	 */
	public static List<JsonNode> vectors(String fileName) {
		return field(file(fileName), "vectors").asArray();
	}

	/**
	 * Return the vectors of a file as named test arguments.
	 * @param fileName the file name
	 * @param nameField the field whose text names each vector in test reports
	 * @return the named vectors
	 */
	public static Stream<Named<JsonNode>> named(String fileName, String nameField) {
		return named(vectors(fileName), nameField);
	}

	/**
	 * Return vectors as named test arguments.
	 * @param vectors the vectors
	 * @param nameField the field whose text names each vector in test reports
	 * @return the named vectors
	 */
	public static Stream<Named<JsonNode>> named(List<JsonNode> vectors, String nameField) {
		return vectors.stream().map((vector) -> Named.of(nameField + "=" + text(field(vector, nameField)), vector));
	}

	/**
	 * Return a required field of an object.
	 * @param node the object
	 * @param name the field name
	 * @return the field value (possibly a JSON {@code null} node)
	 */
	public static JsonNode field(JsonNode node, String name) {
		return node.field(name).orElseThrow(() -> new IllegalStateException("missing field '" + name + "'"));
	}

	/**
	 * Return a string field that may be JSON {@code null}.
	 * @param node the object
	 * @param name the field name
	 * @return the string or {@code null}
	 */
	public static @Nullable String stringOrNull(JsonNode node, String name) {
		JsonNode value = field(node, name);
		return value.isNull() ? null : value.asString();
	}

	public static String string(JsonNode node, String name) {
		return field(node, name).asString();
	}

	public static long longValue(JsonNode number) {
		return Long.parseLong(number.asNumber());
	}

	public static int intValue(JsonNode number) {
		return Integer.parseInt(number.asNumber());
	}

	public static long[] longs(JsonNode array) {
		return array.asArray().stream().mapToLong(Vectors::longValue).toArray();
	}

	public static int[] ints(JsonNode array) {
		return array.asArray().stream().mapToInt(Vectors::intValue).toArray();
	}

	public static List<String> strings(JsonNode array) {
		return array.asArray().stream().map(JsonNode::asString).toList();
	}

	public static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

	private static String text(JsonNode node) {
		if (node.isNull()) {
			return "null";
		}
		return node.isNumber() ? node.asNumber() : node.text();
	}

	private static JsonNode load(String fileName) {
		String resource = "/vectors/" + fileName;
		try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("missing test resource " + resource);
			}
			return PARSER.parse(in.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
