package dev.alternator.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Recomputes the AWS Signature Version 4 of a received request, as an Alternator node
 * with {@code alternator_enforce_authorization} does: from the headers named in
 * {@code SignedHeaders}, canonical URI {@code /}, the canonical query, and the SHA-256 of
 * the raw body bytes as received (still compressed). Immutable and thread-safe.
 */
final class SigV4Verifier {

	static final String ALGORITHM = "AWS4-HMAC-SHA256";

	static final String MISMATCH_MESSAGE = "The request signature we calculated does not match the signature you provided. "
			+ "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

	private static final HexFormat HEX = HexFormat.of();

	private final Map<String, String> secretKeys;

	/**
	 * @param secretKeys secret keys by access key id
	 */
	SigV4Verifier(Map<String, String> secretKeys) {
		this.secretKeys = Map.copyOf(secretKeys);
	}

	/**
	 * Verifies a request.
	 * @param method the request method
	 * @param rawQuery the query string as received, without {@code ?}
	 * @param headers the received header fields
	 * @param rawBody the body bytes as received
	 * @param expectedHost the {@code Host} this node answers to ({@code address:port})
	 * @return {@code null} when the signature is valid, otherwise the error to answer
	 */
	@Nullable ApiError verify(String method, String rawQuery, List<Header> headers, byte[] rawBody, String expectedHost) {
		String host = first(headers, "Host");
		if (host == null) {
			return ApiError.invalidSignature("Host header is mandatory for signature verification");
		}
		String authorization = first(headers, "Authorization");
		if (authorization == null) {
			return new ApiError(400, Json.CORAL_ERROR_PREFIX, "MissingAuthenticationTokenException",
					"Authorization header is mandatory for signature verification");
		}
		int space = authorization.indexOf(' ');
		if (space < 0 || !authorization.substring(0, space).equals(ALGORITHM)) {
			return ApiError
				.invalidSignature("Authorization header must use AWS4-HMAC-SHA256 algorithm: " + authorization);
		}
		String credential = "";
		String signature = "";
		String signedHeaders = "";
		for (String entry : authorization.substring(space + 1).split("[ ,]")) {
			int equals = entry.indexOf('=');
			if (entry.isEmpty() || equals < 0 || entry.indexOf('=', equals + 1) >= 0) {
				continue;
			}
			String key = entry.substring(0, equals);
			String value = entry.substring(equals + 1);
			switch (key) {
				case "Credential" -> credential = value;
				case "Signature" -> signature = value;
				case "SignedHeaders" -> signedHeaders = value;
				default -> {
				}
			}
		}
		String[] scope = credential.split("/", -1);
		if (scope.length != 5) {
			return ApiError.dynamoDb(400, "ValidationException",
					"Incorrect credential information format: " + credential);
		}
		if (!host.equals(expectedHost)) {
			return ApiError.invalidSignature(MISMATCH_MESSAGE);
		}
		String secretKey = this.secretKeys.get(scope[0]);
		if (secretKey == null) {
			return ApiError.invalidSignature(MISMATCH_MESSAGE);
		}
		String amzDate = first(headers, "X-Amz-Date");
		if (amzDate == null) {
			amzDate = first(headers, "Date");
		}
		if (amzDate == null) {
			return ApiError.invalidSignature(MISMATCH_MESSAGE);
		}
		String expected = signature(method, rawQuery, headers, signedHeaders, rawBody, amzDate, scope, secretKey);
		boolean valid = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
		return valid ? null : ApiError.invalidSignature(MISMATCH_MESSAGE);
	}

	/**
	 * Computes the lowercase hex signature.
	 */
	static String signature(String method, String rawQuery, List<Header> headers, String signedHeaders, byte[] rawBody,
			String amzDate, String[] scope, String secretKey) {
		String canonicalRequest = method + '\n' + '/' + '\n' + canonicalQuery(rawQuery) + '\n'
				+ canonicalHeaders(headers, signedHeaders) + '\n' + signedHeaders + '\n' + hex(sha256(rawBody));
		String credentialScope = String.join("/", Arrays.asList(scope).subList(1, 5));
		String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n'
				+ hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
		byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), scope[1]);
		key = hmac(key, scope[2]);
		key = hmac(key, scope[3]);
		key = hmac(key, scope[4]);
		return hex(hmac(key, stringToSign));
	}

	/**
	 * One {@code name:value\n} line per signed header: values of repeated fields joined
	 * by {@code ,}, each trimmed with runs of spaces collapsed; a signed header that is
	 * absent contributes an empty value.
	 */
	static String canonicalHeaders(List<Header> headers, String signedHeaders) {
		String[] names = signedHeaders.split(";");
		Arrays.sort(names);
		StringBuilder result = new StringBuilder();
		for (String name : names) {
			if (name.isEmpty()) {
				continue;
			}
			List<String> values = new ArrayList<>();
			for (Header header : headers) {
				if (header.is(name)) {
					values.add(header.value().strip().replaceAll(" {2,}", " "));
				}
			}
			result.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", values)).append('\n');
		}
		return result.toString();
	}

	/**
	 * The SigV4 canonical query: parameters decoded, re-encoded with RFC 3986 rules and
	 * sorted by name, then value.
	 */
	static String canonicalQuery(String rawQuery) {
		if (rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> parameters = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.add(new String[] { encode(decode(name)), encode(decode(value)) });
		}
		parameters.sort((a, b) -> (a[0].equals(b[0])) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
		StringBuilder result = new StringBuilder();
		for (String[] parameter : parameters) {
			if (result.length() > 0) {
				result.append('&');
			}
			result.append(parameter[0]).append('=').append(parameter[1]);
		}
		return result.toString();
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	/**
	 * RFC 3986 percent-encoding with uppercase hex; only unreserved characters stay.
	 */
	static String encode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
		for (byte b : bytes) {
			int c = b & 0xFF;
			boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.' || c == '~';
			if (unreserved) {
				out.write(c);
			}
			else {
				out.write('%');
				out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
				out.write(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return out.toString(StandardCharsets.US_ASCII);
	}

	static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	static String hex(byte[] data) {
		return HEX.formatHex(data);
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
		}
	}

	private static @Nullable String first(List<Header> headers, String name) {
		for (Header header : headers) {
			if (header.is(name)) {
				return header.value();
			}
		}
		return null;
	}

}
