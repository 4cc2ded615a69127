package dev.alternator.testsupport;

import java.util.List;

import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Compact JSON bodies the emulated node sends. Stateless and thread-safe.
 */
final class Json {

	/** Error type prefix of the DynamoDB API errors that Alternator sends. */
	static final String DYNAMODB_ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";

	/** Error type prefix of the AWS request-authentication errors. */
	static final String CORAL_ERROR_PREFIX = "com.amazon.coral.service#";

	private Json() {
	}

	/**
	 * {@code {"__type":"<prefix><type>","message":"<message>"}}.
	 */
	static byte[] error(String prefix, String type, String message) {
		try (JsonWriter writer = JsonWriter.create()) {
			writer.writeStartObject();
			writer.writeFieldName("__type");
			writer.writeValue(prefix + type);
			writer.writeFieldName("message");
			writer.writeValue(message);
			writer.writeEndObject();
			return writer.getBytes();
		}
	}

	/**
	 * A JSON array of strings, e.g. {@code ["127.0.0.1","127.0.0.2"]}.
	 */
	static byte[] stringArray(List<String> values) {
		try (JsonWriter writer = JsonWriter.create()) {
			writer.writeStartArray();
			for (String value : values) {
				writer.writeValue(value);
			}
			writer.writeEndArray();
			return writer.getBytes();
		}
	}

	/**
	 * The small body of a {@code 404}, shaped like the one Seastar's router sends.
	 */
	static byte[] notFound() {
		try (JsonWriter writer = JsonWriter.create()) {
			writer.writeStartObject();
			writer.writeFieldName("message");
			writer.writeValue("Not found");
			writer.writeFieldName("code");
			writer.writeValue(404);
			writer.writeEndObject();
			return writer.getBytes();
		}
	}

}
