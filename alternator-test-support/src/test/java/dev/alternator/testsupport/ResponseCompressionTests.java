package dev.alternator.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseCompressionTests {

	@Test
	void gzipIsPreferredThenDeflate() {
		assertThat(ResponseCompression.choose("gzip, deflate")).isEqualTo("gzip");
		assertThat(ResponseCompression.choose("deflate, gzip")).isEqualTo("gzip");
		assertThat(ResponseCompression.choose("deflate")).isEqualTo("deflate");
		assertThat(ResponseCompression.choose("*")).isEqualTo("gzip");
	}

	@Test
	void refusedOrUnknownCodingsCompressNothing() {
		assertThat(ResponseCompression.choose("identity")).isNull();
		assertThat(ResponseCompression.choose("br")).isNull();
		assertThat(ResponseCompression.choose("gzip;q=0")).isNull();
		assertThat(ResponseCompression.choose("gzip;q=0, *")).isNull();
		assertThat(ResponseCompression.choose("gzip;q=0, deflate;q=0.5")).isEqualTo("deflate");
	}

	@Test
	void smallBodiesStayUncompressed() {
		HttpResponse small = new HttpResponse(200, HttpResponse.AMZ_JSON,
				new byte[ResponseCompression.THRESHOLD_BYTES]);
		assertThat(ResponseCompression.apply("gzip", small)).isSameAs(small);
		HttpResponse large = new HttpResponse(200, HttpResponse.AMZ_JSON,
				new byte[ResponseCompression.THRESHOLD_BYTES + 1]);
		HttpResponse compressed = ResponseCompression.apply("deflate", large);
		assertThat(compressed.extraHeaders()).containsExactly(new Header("Content-Encoding", "deflate"));
		assertThat(compressed.body().length).isLessThan(large.body().length);
	}

}
