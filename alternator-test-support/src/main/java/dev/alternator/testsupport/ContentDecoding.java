package dev.alternator.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import org.jspecify.annotations.Nullable;

/**
 * Request {@code Content-Encoding} decoding as Alternator does it: {@code gzip} and
 * {@code deflate} (zlib-wrapped, RFC 1950) are decoded, the decoded size is limited like
 * a plain body, anything else is a {@code 500}. Stateless and thread-safe.
 */
final class ContentDecoding {

	/** Alternator's request body limit (16 MiB), applied before and after decoding. */
	static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private ContentDecoding() {
	}

	/**
	 * Decodes a request body.
	 * @param contentEncoding the {@code Content-Encoding} header value, or {@code null}
	 * @param body the raw body as received
	 * @return the decoded body ({@code body} itself when there is no encoding)
	 * @throws ApiError the error answer the server would send
	 */
	static byte[] decode(@Nullable String contentEncoding, byte[] body) throws ApiError {
		if (contentEncoding == null || contentEncoding.isEmpty()) {
			return body;
		}
		if (contentEncoding.equals("gzip")) {
			return inflate(body, true);
		}
		if (contentEncoding.equals("deflate")) {
			return inflate(body, false);
		}
		throw ApiError.internal("Unsupported Content-Encoding");
	}

	private static byte[] inflate(byte[] body, boolean gzip) throws ApiError {
		String name = gzip ? "gzip" : "deflate";
		if (body.length == 0) {
			throw ApiError.internal("Truncated " + name + " in request body");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
		byte[] buffer = new byte[8192];
		try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
				: new InflaterInputStream(new ByteArrayInputStream(body))) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				if (out.size() + n > MAX_BODY_BYTES) {
					throw ApiError.payloadTooLarge(MAX_BODY_BYTES);
				}
				out.write(buffer, 0, n);
			}
		}
		catch (EOFException ex) {
			throw ApiError.internal("Truncated " + name + " in request body");
		}
		catch (ZipException ex) {
			throw ApiError.internal("Error during " + name + " decompression of request body");
		}
		catch (IOException ex) {
			// ByteArrayInputStream never fails; other I/O errors mean corrupt data
			throw ApiError.internal("Error during " + name + " decompression of request body");
		}
		return out.toByteArray();
	}

}
