package dev.alternator.testsupport;

/**
 * An error answer in the shape Alternator sends: a status, and a JSON body
 * {@code {"__type":"<prefix><type>","message":"<message>"}} with content type
 * {@code application/x-amz-json-1.0}. Immutable.
 */
final class ApiError extends Exception {

	private final int status;

	private final String prefix;

	private final String type;

	ApiError(int status, String prefix, String type, String message) {
		super(message, null, false, false);
		this.status = status;
		this.prefix = prefix;
		this.type = type;
	}

	static ApiError dynamoDb(int status, String type, String message) {
		return new ApiError(status, Json.DYNAMODB_ERROR_PREFIX, type, message);
	}

	static ApiError internal(String message) {
		return dynamoDb(500, "InternalServerError", message);
	}

	static ApiError invalidSignature(String message) {
		return new ApiError(400, Json.CORAL_ERROR_PREFIX, "InvalidSignatureException", message);
	}

	static ApiError payloadTooLarge(int limit) {
		return dynamoDb(413, "PayloadTooLarge", "Request content length limit of " + limit + " bytes exceeded");
	}

	int status() {
		return this.status;
	}

	String type() {
		return this.type;
	}

	byte[] body() {
		return Json.error(this.prefix, this.type, String.valueOf(getMessage()));
	}

}
