package dev.alternator.client.internal.sdk;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Publisher;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.BaseSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignerProperty;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * The SigV4 signer wrapped so that each attempt is first addressed to the next node of
 * its plan, then signed for that node. The SDK invokes it once per attempt, for anonymous
 * credentials too (the SigV4 signer then leaves the request unsigned). The delegate gets
 * the SDK's sign request as it is with only the HTTP request replaced: a view, because
 * copying its properties through a builder on every attempt costs measurable CPU on the
 * request thread.
 * <p>
 * Thread-safe.
 */
final class RoutingSigner implements HttpSigner<AwsCredentialsIdentity> {

	private final Routing routing;

	private final HttpSigner<AwsCredentialsIdentity> delegate;

	RoutingSigner(Routing routing, HttpSigner<AwsCredentialsIdentity> delegate) {
		this.routing = routing;
		this.delegate = delegate;
	}

	@Override
	public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
		return this.delegate.sign(routed(request));
	}

	@Override
	public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
		return this.delegate.signAsync(routedAsync(request));
	}

	private <T extends AwsCredentialsIdentity> SignRequest<T> routed(SignRequest<T> request) {
		return new RoutedSignRequest<>(request, this.routing.route(request.request()));
	}

	private <T extends AwsCredentialsIdentity> AsyncSignRequest<T> routedAsync(AsyncSignRequest<T> request) {
		return new RoutedAsyncSignRequest<>(request, this.routing.route(request.request()));
	}

	/**
	 * The SigV4 auth scheme with this signer, to register with
	 * {@code builder.putAuthScheme(...)}.
	 * @param routing the routing
	 * @return the auth scheme
	 */
	static AuthScheme<AwsCredentialsIdentity> authScheme(Routing routing) {
		AwsV4AuthScheme sigv4 = AwsV4AuthScheme.create();
		RoutingSigner signer = new RoutingSigner(routing, sigv4.signer());
		return new AuthScheme<>() {

			@Override
			public String schemeId() {
				return AwsV4AuthScheme.SCHEME_ID;
			}

			@Override
			public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
				return sigv4.identityProvider(providers);
			}

			@Override
			public HttpSigner<AwsCredentialsIdentity> signer() {
				return signer;
			}

		};
	}

	/**
	 * A sign request with another HTTP request; everything else is the original's.
	 */
	private abstract static class Routed<P, T extends AwsCredentialsIdentity, R extends BaseSignRequest<P, T>>
			implements BaseSignRequest<P, T> {

		final R original;

		private final SdkHttpRequest request;

		Routed(R original, SdkHttpRequest request) {
			this.original = original;
			this.request = request;
		}

		@Override
		public SdkHttpRequest request() {
			return this.request;
		}

		@Override
		public Optional<P> payload() {
			return this.original.payload();
		}

		@Override
		public T identity() {
			return this.original.identity();
		}

		@Override
		public <V> V property(SignerProperty<V> property) {
			return this.original.property(property);
		}

		@Override
		public <V> boolean hasProperty(SignerProperty<V> property) {
			return this.original.hasProperty(property);
		}

	}

	/** The sync form of {@link Routed}. */
	static final class RoutedSignRequest<T extends AwsCredentialsIdentity>
			extends Routed<ContentStreamProvider, T, SignRequest<T>> implements SignRequest<T> {

		RoutedSignRequest(SignRequest<T> original, SdkHttpRequest request) {
			super(original, request);
		}

		@Override
		public SignRequest.Builder<T> toBuilder() {
			return this.original.toBuilder().request(request());
		}

	}

	/** The async form of {@link Routed}. */
	static final class RoutedAsyncSignRequest<T extends AwsCredentialsIdentity>
			extends Routed<Publisher<ByteBuffer>, T, AsyncSignRequest<T>> implements AsyncSignRequest<T> {

		RoutedAsyncSignRequest(AsyncSignRequest<T> original, SdkHttpRequest request) {
			super(original, request);
		}

		@Override
		public AsyncSignRequest.Builder<T> toBuilder() {
			return this.original.toBuilder().request(request());
		}

	}

}
