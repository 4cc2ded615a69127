package dev.alternator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * API response compression as Alternator does it: only when {@code Accept-Encoding}
 * allows {@code gzip} or {@code deflate} (zlib-wrapped), and only for bodies above 4096
 * bytes, at level 6. Stateless and thread-safe.
 */
final class ResponseCompression {

	/**
	 * Alternator's default {@code alternator_response_compression_threshold_in_bytes}.
	 */
	static final int THRESHOLD_BYTES = 4096;

	private static final int LEVEL = 6;

	private ResponseCompression() {
	}

	/**
	 * Compresses the response body when the request asked for it and the body is large
	 * enough.
	 */
	static HttpResponse apply(@Nullable String acceptEncoding, HttpResponse response) {
		if (acceptEncoding == null || response.body().length <= THRESHOLD_BYTES) {
			return response;
		}
		String coding = choose(acceptEncoding);
		if (coding == null) {
			return response;
		}
		return response.withBody(compress(response.body(), coding.equals("gzip")))
			.withHeader("Content-Encoding", coding);
	}

	/**
	 * The coding to use for an {@code Accept-Encoding} value: {@code gzip} is preferred
	 * over {@code deflate}; a coding with {@code q=0} is refused; {@code *} allows gzip.
	 * @return {@code gzip}, {@code deflate}, or {@code null} for no compression
	 */
	static @Nullable String choose(String acceptEncoding) {
		boolean gzip = false;
		boolean gzipRefused = false;
		boolean deflate = false;
		boolean any = false;
		for (String part : acceptEncoding.split(",")) {
			String[] pieces = part.split(";");
			String name = pieces[0].strip().toLowerCase(Locale.ROOT);
			boolean allowed = true;
			for (int i = 1; i < pieces.length; i++) {
				String parameter = pieces[i].strip().toLowerCase(Locale.ROOT);
				if (parameter.startsWith("q=")) {
					allowed = !isZero(parameter.substring(2));
				}
			}
			switch (name) {
				case "gzip", "x-gzip" -> {
					gzip |= allowed;
					gzipRefused |= !allowed;
				}
				case "deflate" -> deflate |= allowed;
				case "*" -> any |= allowed;
				default -> {
				}
			}
		}
		if (gzip || (any && !gzipRefused)) {
			return "gzip";
		}
		return deflate ? "deflate" : null;
	}

	private static boolean isZero(String qvalue) {
		try {
			return Double.parseDouble(qvalue.strip()) <= 0.0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static byte[] compress(byte[] body, boolean gzip) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
		try {
			if (gzip) {
				try (GZIPOutputStream stream = new LeveledGzipOutputStream(out)) {
					stream.write(body);
				}
			}
			else {
				Deflater deflater = new Deflater(LEVEL);
				try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater, 8192)) {
					stream.write(body);
				}
				finally {
					deflater.end();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static final class LeveledGzipOutputStream extends GZIPOutputStream {

		LeveledGzipOutputStream(OutputStream out) throws IOException {
			super(out, 8192);
			this.def.setLevel(LEVEL);
		}

	}

}
