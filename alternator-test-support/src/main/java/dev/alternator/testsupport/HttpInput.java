package dev.alternator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads HTTP/1.1 message heads and bodies from a socket stream, counting the raw bytes
 * taken from it. Not thread-safe: one instance per connection, used by one thread at a
 * time.
 */
final class HttpInput {

	/** Longest accepted start line or header line. */
	static final int MAX_LINE_BYTES = 16 * 1024;

	/** Longest accepted message head (start line and all header lines). */
	static final int MAX_HEAD_BYTES = 64 * 1024;

	private static final int MAX_HEADER_COUNT = 200;

	private final InputStream in;

	private final byte[] buffer = new byte[16 * 1024];

	private int position;

	private int limit;

	private long bytesRead;

	HttpInput(InputStream in) {
		this.in = in;
	}

	/**
	 * Total bytes read from the underlying stream so far.
	 */
	long bytesRead() {
		return this.bytesRead;
	}

	/**
	 * Reads a start line and the header lines that follow it, up to the empty line. Empty
	 * lines before the start line are skipped (RFC 9112 §2.2).
	 * @return the start line followed by the headers, or {@code null} at a clean end of
	 * stream before the first byte of a message
	 */
	@Nullable MessageHead readHead() throws IOException {
		int budget = MAX_HEAD_BYTES;
		String startLine;
		do {
			startLine = readLine();
			if (startLine == null) {
				return null;
			}
			budget -= startLine.length() + 2;
		}
		while (startLine.isEmpty());
		List<Header> headers = new ArrayList<>();
		while (true) {
			String line = readLine();
			if (line == null || line.isEmpty()) {
				break;
			}
			budget -= line.length() + 2;
			if (budget < 0 || headers.size() >= MAX_HEADER_COUNT) {
				throw new HttpProtocolException("message head too large");
			}
			if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
				throw new HttpProtocolException("obsolete header line folding");
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new HttpProtocolException("malformed header line");
			}
			String name = line.substring(0, colon);
			if (!name.equals(name.strip())) {
				throw new HttpProtocolException("whitespace in header name");
			}
			headers.add(new Header(name, line.substring(colon + 1).strip()));
		}
		return new MessageHead(startLine, List.copyOf(headers));
	}

	/**
	 * Reads the body that the given headers announce: chunked, by {@code Content-Length},
	 * or none.
	 * @param maxBytes largest accepted body
	 * @throws BodyTooLargeException if the body is larger than {@code maxBytes}
	 */
	byte[] readBody(List<Header> headers, int maxBytes) throws IOException {
		if (isChunked(headers)) {
			return readChunked(maxBytes);
		}
		long length = contentLength(headers);
		if (length < 0) {
			return new byte[0];
		}
		if (length > maxBytes) {
			throw new BodyTooLargeException();
		}
		return readFixed((int) length);
	}

	/**
	 * Reads until the end of the stream.
	 */
	byte[] readToEnd(int maxBytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (fill()) {
			int n = this.limit - this.position;
			if (out.size() + n > maxBytes) {
				throw new BodyTooLargeException();
			}
			out.write(this.buffer, this.position, n);
			this.position = this.limit;
		}
		return out.toByteArray();
	}

	static boolean isChunked(List<Header> headers) {
		for (Header header : headers) {
			if (header.is("Transfer-Encoding")) {
				String value = header.value().toLowerCase(Locale.ROOT);
				if (value.endsWith("chunked")) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The {@code Content-Length} value, or {@code -1} when there is none.
	 */
	static long contentLength(List<Header> headers) throws HttpProtocolException {
		long result = -1;
		for (Header header : headers) {
			if (header.is("Content-Length")) {
				long value;
				try {
					value = Long.parseLong(header.value());
				}
				catch (NumberFormatException ex) {
					throw new HttpProtocolException("invalid Content-Length");
				}
				if (value < 0 || (result >= 0 && result != value)) {
					throw new HttpProtocolException("invalid Content-Length");
				}
				result = value;
			}
		}
		return result;
	}

	private byte[] readFixed(int length) throws IOException {
		byte[] result = new byte[length];
		int done = 0;
		while (done < length) {
			if (!fill()) {
				throw new EOFException("end of stream inside a message body");
			}
			int n = Math.min(length - done, this.limit - this.position);
			System.arraycopy(this.buffer, this.position, result, done, n);
			this.position += n;
			done += n;
		}
		return result;
	}

	private byte[] readChunked(int maxBytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			if (sizeLine == null) {
				throw new EOFException("end of stream inside a chunked body");
			}
			int semicolon = sizeLine.indexOf(';');
			String hex = ((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine).strip();
			long size;
			try {
				size = Long.parseLong(hex, 16);
			}
			catch (NumberFormatException ex) {
				throw new HttpProtocolException("invalid chunk size");
			}
			if (size < 0) {
				throw new HttpProtocolException("invalid chunk size");
			}
			if (size == 0) {
				break;
			}
			if (out.size() + size > maxBytes) {
				throw new BodyTooLargeException();
			}
			out.write(readFixed((int) size));
			String end = readLine();
			if (end == null || !end.isEmpty()) {
				throw new HttpProtocolException("missing CRLF after chunk data");
			}
		}
		// Trailer fields are read and dropped.
		int budget = MAX_HEAD_BYTES;
		while (true) {
			String trailer = readLine();
			if (trailer == null || trailer.isEmpty()) {
				break;
			}
			budget -= trailer.length();
			if (budget < 0) {
				throw new HttpProtocolException("chunked trailer too large");
			}
		}
		return out.toByteArray();
	}

	/**
	 * Reads one line ending in LF (a CR before it is dropped), decoded as ISO-8859-1.
	 * @return the line, or {@code null} at the end of the stream before its first byte
	 */
	private @Nullable String readLine() throws IOException {
		StringBuilder line = null;
		while (true) {
			if (!fill()) {
				if (line == null) {
					return null;
				}
				throw new EOFException("end of stream inside a line");
			}
			int start = this.position;
			int end = start;
			while (end < this.limit && this.buffer[end] != '\n') {
				end++;
			}
			if (line == null) {
				line = new StringBuilder();
			}
			line.append(new String(this.buffer, start, end - start, StandardCharsets.ISO_8859_1));
			if (line.length() > MAX_LINE_BYTES) {
				throw new HttpProtocolException("line too long");
			}
			if (end < this.limit) {
				this.position = end + 1;
				int length = line.length();
				if (length > 0 && line.charAt(length - 1) == '\r') {
					line.setLength(length - 1);
				}
				return line.toString();
			}
			this.position = this.limit;
		}
	}

	private boolean fill() throws IOException {
		if (this.position < this.limit) {
			return true;
		}
		int n = this.in.read(this.buffer, 0, this.buffer.length);
		if (n <= 0) {
			return false;
		}
		this.bytesRead += n;
		this.position = 0;
		this.limit = n;
		return true;
	}

	/**
	 * A start line and its header fields.
	 *
	 * @param startLine the request or status line
	 * @param headers the header fields in received order
	 */
	record MessageHead(String startLine, List<Header> headers) {

	}

	/**
	 * A body exceeds the accepted size.
	 */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("message body too large");
		}

	}

}
