package dev.alternator.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 response the emulated node sends, always with a {@code Content-Length}.
 * Immutable.
 *
 * @param status the status code
 * @param contentType the {@code Content-Type}
 * @param body the body bytes (not copied; never modified)
 * @param extraHeaders further header fields
 */
record HttpResponse(int status, String contentType, byte[] body, List<Header> extraHeaders) {

	/** Content type of every DynamoDB API answer. */
	static final String AMZ_JSON = "application/x-amz-json-1.0";

	static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

	HttpResponse(int status, String contentType, byte[] body) {
		this(status, contentType, body, List.of());
	}

	static HttpResponse of(ApiError error) {
		return new HttpResponse(error.status(), AMZ_JSON, error.body());
	}

	HttpResponse withHeader(String name, String value) {
		List<Header> headers = new ArrayList<>(this.extraHeaders);
		headers.add(new Header(name, value));
		return new HttpResponse(this.status, this.contentType, this.body, List.copyOf(headers));
	}

	HttpResponse withBody(byte[] newBody) {
		return new HttpResponse(this.status, this.contentType, newBody, this.extraHeaders);
	}

	/**
	 * The response serialized for the wire: status line, headers and body.
	 * @param close whether to announce {@code Connection: close}
	 */
	byte[] encode(boolean close) {
		StringBuilder head = new StringBuilder(256);
		head.append("HTTP/1.1 ").append(this.status).append(' ').append(reason(this.status)).append("\r\n");
		head.append("Content-Type: ").append(this.contentType).append("\r\n");
		head.append("Content-Length: ").append(this.body.length).append("\r\n");
		head.append("Date: ")
			.append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
			.append("\r\n");
		head.append("Server: Seastar httpd\r\n");
		for (Header header : this.extraHeaders) {
			head.append(header.name()).append(": ").append(header.value()).append("\r\n");
		}
		if (close) {
			head.append("Connection: close\r\n");
		}
		head.append("\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		ByteArrayOutputStream out = new ByteArrayOutputStream(headBytes.length + this.body.length);
		out.writeBytes(headBytes);
		out.writeBytes(this.body);
		return out.toByteArray();
	}

	static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 400 -> "Bad Request";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 413 -> "Payload Too Large";
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Status " + status;
		};
	}

}
