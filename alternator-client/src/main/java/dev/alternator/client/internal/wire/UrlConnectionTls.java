package dev.alternator.client.internal.wire;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Applies TLS to the URL-connection client. A separate class so that the optional
 * {@code url-connection-client} dependency is only loaded when that client is used.
 * <p>
 * Thread-safe (stateless).
 */
final class UrlConnectionTls {

	private UrlConnectionTls() {
	}

	static void apply(SdkHttpClient.Builder<?> builder, TrustManager trustManager, KeyManager @Nullable [] keys) {
		UrlConnectionHttpClient.Builder urlConnection = (UrlConnectionHttpClient.Builder) builder;
		urlConnection.tlsTrustManagersProvider(() -> new TrustManager[] { trustManager });
		if (keys != null) {
			urlConnection.tlsKeyManagersProvider(() -> keys);
		}
	}

}
