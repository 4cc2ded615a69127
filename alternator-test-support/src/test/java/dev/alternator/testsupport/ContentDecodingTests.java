package dev.alternator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContentDecodingTests {

	@Test
	void bodyWithoutEncodingIsUsedAsIs() throws ApiError {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		assertThat(ContentDecoding.decode(null, body)).isSameAs(body);
		assertThat(ContentDecoding.decode("", body)).isSameAs(body);
	}

	@Test
	void gzipIncludingConcatenatedMembersIsDecoded() throws Exception {
		byte[] first = gzip("{\"a\":");
		byte[] second = gzip("1}");
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		assertThat(new String(ContentDecoding.decode("gzip", both), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
	}

	@Test
	void deflateIsZlibWrapped() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
			deflate.write("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(new String(ContentDecoding.decode("deflate", out.toByteArray()), StandardCharsets.UTF_8))
			.isEqualTo("{\"b\":2}");
		byte[] truncated = Arrays.copyOf(out.toByteArray(), 4);
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> ContentDecoding.decode("deflate", truncated))
			.withMessage("Truncated deflate in request body");
	}

	@Test
	void errorsAreInternalServerErrorsLikeTheServer() {
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> ContentDecoding.decode("GZIP", new byte[1]))
			.withMessage("Unsupported Content-Encoding")
			.satisfies((error) -> {
				assertThat(error.status()).isEqualTo(500);
				assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo(
						"{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Unsupported Content-Encoding\"}");
			});
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> ContentDecoding.decode("gzip", new byte[0]))
			.withMessage("Truncated gzip in request body");
		assertThatExceptionOfType(ApiError.class)
			.isThrownBy(() -> ContentDecoding.decode("gzip", "xx".getBytes(StandardCharsets.UTF_8)))
			.withMessage("Error during gzip decompression of request body");
	}

	@Test
	void decodedSizeIsLimited() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(new byte[ContentDecoding.MAX_BODY_BYTES + 1]);
		}
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> ContentDecoding.decode("gzip", out.toByteArray()))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(413));
	}

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

}
