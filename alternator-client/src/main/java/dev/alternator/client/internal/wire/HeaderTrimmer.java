package dev.alternator.client.internal.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.alternator.client.AlternatorConfig;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Header optimization, applied per attempt to the final (signed) request: keeps the
 * headers Alternator needs, every header named in the {@code SignedHeaders} of the
 * {@code Authorization} header, and the user's additions; drops the rest. The unsigned
 * {@code User-Agent} is shortened to the library's user agent alone. Names compare
 * case-insensitively; kept headers keep all their values.
 * <p>
 * Thread-safe (immutable).
 */
public final class HeaderTrimmer {

	/**
	 * The headers Alternator reads (host, target, content type and length, connection,
	 * the signature's headers), plus {@code Transfer-Encoding}, which frames a body sent
	 * without a length.
	 */
	static final Set<String> REQUIRED = Set.of("host", "x-amz-target", "content-type", "content-length", "connection",
			"authorization", "x-amz-date", "x-amz-security-token", "content-encoding", "accept-encoding", "user-agent",
			"transfer-encoding");

	private final Set<String> keep;

	private final String userAgent;

	HeaderTrimmer(AlternatorConfig config, String userAgent) {
		Set<String> names = new HashSet<>(REQUIRED);
		names.addAll(config.headersWhitelist());
		this.keep = Set.copyOf(names);
		this.userAgent = userAgent;
	}

	/**
	 * The trimmer of a configuration.
	 * @param config the configuration
	 * @param userAgent the library's user agent
	 * @return the trimmer, or {@code null} when header optimization is off
	 */
	public static @Nullable HeaderTrimmer of(AlternatorConfig config, String userAgent) {
		return config.optimizeHeaders() ? new HeaderTrimmer(config, userAgent) : null;
	}

	public SdkHttpRequest trim(SdkHttpRequest request) {
		Set<String> signed = signedHeaders(request);
		SdkHttpRequest.Builder builder = null;
		for (String name : request.headers().keySet()) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!this.keep.contains(lower) && !signed.contains(lower)) {
				builder = (builder != null) ? builder : request.toBuilder();
				builder.removeHeader(name);
			}
		}
		if (!signed.contains("user-agent") && request.firstMatchingHeader("User-Agent").isPresent()) {
			builder = (builder != null) ? builder : request.toBuilder();
			builder.removeHeader("User-Agent").putHeader("User-Agent", this.userAgent);
		}
		return (builder != null) ? builder.build() : request;
	}

	/**
	 * The lower-case names in the {@code SignedHeaders} of the {@code Authorization}
	 * header; empty for an unsigned request.
	 */
	static Set<String> signedHeaders(SdkHttpRequest request) {
		Set<String> names = new HashSet<>();
		List<String> values = request.matchingHeaders("Authorization");
		for (String value : values) {
			int start = value.indexOf("SignedHeaders=");
			if (start < 0) {
				continue;
			}
			start += "SignedHeaders=".length();
			int end = value.indexOf(',', start);
			String list = (end < 0) ? value.substring(start) : value.substring(start, end);
			for (String name : list.trim().split(";")) {
				if (!name.isBlank()) {
					names.add(name.trim().toLowerCase(Locale.ROOT));
				}
			}
		}
		return names;
	}

}
