package dev.alternator.client.internal;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * The SigV4 signer wrapped so that each attempt is first addressed to the next node of
 * its plan, then signed for that node. The SDK invokes it once per attempt, for anonymous
 * credentials too (the SigV4 signer then leaves the request unsigned).
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
		return this.delegate.sign(request.copy((builder) -> builder.request(this.routing.route(request.request()))));
	}

	@Override
	public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
		return this.delegate
			.signAsync(request.copy((builder) -> builder.request(this.routing.route(request.request()))));
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

}
