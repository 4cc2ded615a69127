package dev.alternator.client.internal.common;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import dev.alternator.client.AttemptOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Classifies attempt failures of the SDK's HTTP clients (Apache 5, URL connection, Netty)
 * without depending on their classes: by JDK exception types, then by class simple names
 * and messages the clients are known to use.
 * <p>
 * Thread-safe (stateless).
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * The outcome of an attempt that answered.
	 * @param status the HTTP status
	 * @return {@link AttemptOutcome#SERVER_ERROR} for 5xx, else success
	 */
	public static AttemptOutcome ofStatus(int status) {
		return (status >= 500) ? AttemptOutcome.SERVER_ERROR : AttemptOutcome.SUCCESS;
	}

	/**
	 * The outcome of an attempt that failed with an exception.
	 * @param failure the exception
	 * @return the outcome
	 */
	public static AttemptOutcome classify(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			String type = t.getClass().getSimpleName();
			String message = lower(t.getMessage());
			if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SSLException
					|| t instanceof UnknownHostException || type.equals("ConnectTimeoutException")
					|| type.equals("HttpHostConnectException") || type.equals("NoHttpResponseException")
					|| type.equals("PrematureChannelClosureException") || message.contains("connect timed out")
					|| message.contains("connection refused") || message.contains("connection reset")
					|| message.contains("failed to respond") || message.contains("closed before")
					|| message.contains("server failed to complete the response")) {
				return AttemptOutcome.CONNECTION_FAILURE;
			}
			if (t instanceof SocketTimeoutException || type.equals("ReadTimeoutException")
					|| type.equals("WriteTimeoutException") || type.endsWith("TimeoutException")
					|| t instanceof InterruptedIOException) {
				return AttemptOutcome.TIMEOUT;
			}
			if (t instanceof ClosedChannelException || (t instanceof SocketException && message.contains("reset"))) {
				return AttemptOutcome.CONNECTION_FAILURE;
			}
		}
		return AttemptOutcome.OTHER_FAILURE;
	}

	/**
	 * Whether an attempt failed on this side, before reaching a node: the HTTP client's
	 * own connection pool had no connection to give in time (Apache's
	 * {@code ConnectionRequestTimeoutException}, Netty's acquire timeout or its limit of
	 * pending acquires). Such a failure says nothing about the node and must not count
	 * against its health.
	 * @param failure the exception
	 * @return whether the failure is local
	 */
	public static boolean isLocal(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			String message = lower(t.getMessage());
			if (t.getClass().getSimpleName().equals("ConnectionRequestTimeoutException")
					|| message.contains("timeout waiting for connection from pool")
					|| message.contains("acquire operation took longer")
					|| message.contains("too many outstanding acquire operations")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether an attempt failed before its request was sent, so that the node cannot have
	 * applied it: no connection from the local pool in time ({@link #isLocal}),
	 * connection refused, connect timeout, no route or unknown host, TLS handshake
	 * failure. Any other failure — a read timeout, a reset or a closed connection after
	 * sending — may come after the node received the request.
	 * @param failure the exception
	 * @return whether the request was certainly not sent
	 */
	public static boolean beforeSending(Throwable failure) {
		if (isLocal(failure)) {
			return true;
		}
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			String type = t.getClass().getSimpleName();
			String message = lower(t.getMessage());
			if (t instanceof RequestNotSentException || message.contains("broken pipe")) {
				// the request's bytes were refused: the node never had the whole request
				return true;
			}
			if (t instanceof ConnectException || t instanceof NoRouteToHostException
					|| t instanceof UnknownHostException || t instanceof SSLHandshakeException
					|| type.equals("ConnectTimeoutException") || type.equals("HttpHostConnectException")
					|| message.contains("connect timed out") || message.contains("connection refused")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a blocking-socket HTTP client's failure came from writing the request: the
	 * JDK's socket reports a failed write as {@code Connection reset by peer} or
	 * {@code Broken pipe}, a failed read as {@code Connection reset}. Typical of a pooled
	 * connection the node reset while it was idle (the node was killed or restarted): the
	 * request was not completely sent. Not valid for non-blocking clients (Netty), whose
	 * reads report {@code Connection reset by peer} too.
	 * @param failure the exception
	 * @return whether writing the request failed
	 */
	public static boolean failedWhileWriting(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			String message = lower(t.getMessage());
			if (t instanceof SocketException
					&& (message.equals("connection reset by peer") || message.equals("broken pipe"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A short description for logs and health details.
	 * @param failure the exception
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	private static String lower(@Nullable String message) {
		return (message != null) ? message.toLowerCase(Locale.ROOT) : "";
	}

}
