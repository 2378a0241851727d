package com.nexacrm.dataio;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;

/**
 * How an uploaded CSV file is read: UTF-8 (a byte order mark is skipped), RFC 4180, blank
 * lines ignored, the first record the header, and no record longer than
 * {@link #MAX_RECORD_CHARS} — an unbalanced quote would otherwise read the rest of the
 * file into one cell in memory.
 */
final class CsvFiles {

	static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

	static final int MAX_RECORD_CHARS = 1024 * 1024;

	static final int CHECKED_BYTES = 1024 * 1024;

	private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private CsvFiles() {
	}

	/**
	 * Whether the file's first megabyte is UTF-8; a character cut by the end of that
	 * megabyte is not held against it.
	 */
	static boolean startsAsUtf8(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(CHECKED_BYTES);
		}
		boolean whole = Files.size(file) <= CHECKED_BYTES;
		int start = startsWithBom(head) ? BOM.length : 0;
		CharsetDecoder decoder = decoder();
		CharBuffer out = CharBuffer.allocate(head.length);
		return !decoder.decode(ByteBuffer.wrap(head, start, head.length - start), out, whole).isError()
				&& (!whole || !decoder.flush(out).isError());
	}

	/** A reader of the file's text that fails on bytes that are not UTF-8. */
	static GuardedReader open(Path file) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		in.mark(BOM.length);
		if (!startsWithBom(in.readNBytes(BOM.length))) {
			in.reset();
		}
		return new GuardedReader(new InputStreamReader(in, decoder()));
	}

	private static boolean startsWithBom(byte[] bytes) {
		return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
	}

	private static CharsetDecoder decoder() {
		return StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	/**
	 * Counts the characters read since the last record and refuses to go on past
	 * {@link #MAX_RECORD_CHARS}. The parser reads ahead by a buffer, which only makes the
	 * limit a little looser.
	 */
	static final class GuardedReader extends FilterReader {

		private long sinceRecord;

		GuardedReader(Reader in) {
			super(in);
		}

		/** A record was returned: the next one starts counting from here. */
		void recordEnded() {
			this.sinceRecord = 0;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			count((c < 0) ? 0 : 1);
			return c;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) throws IOException {
			this.sinceRecord += n;
			if (this.sinceRecord > MAX_RECORD_CHARS + (1 << 16)) {
				throw new IOException("a row is longer than 1 MB; is a quote left open?");
			}
		}

	}

}
