package io.nextbest.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Request bodies must be well-formed UTF-8 (Unicode's table 3-7). Jackson decodes an overlong sequence such as
 * {@code C0 AF} as '/', a surrogate encoded in three bytes as half a character, and bytes past U+10FFFF as
 * something else: text that was never sent would be stored, or would pass a check its bytes failed.
 */
final class StrictUtf8 extends InputDecorator {

    /** Bytes that are not UTF-8: the body is malformed as a whole. */
    static final class MalformedUtf8 extends JsonParseException {
        MalformedUtf8(long offset) {
            super(null, "The body is not well-formed UTF-8 (at byte " + offset
                    + ": an overlong, truncated, surrogate or out-of-range sequence)");
        }
    }

    @Override
    public InputStream decorate(IOContext context, InputStream in) {
        return new Checking(in);
    }

    @Override
    public InputStream decorate(IOContext context, byte[] src, int offset, int length) throws IOException {
        Checking check = new Checking(InputStream.nullInputStream());
        for (int i = offset; i < offset + length; i++) {
            check.next(src[i]);
        }
        check.end();
        return null; // valid: Jackson reads the array itself
    }

    @Override
    public Reader decorate(IOContext context, Reader reader) {
        return reader; // already characters: decoded by whoever made them
    }

    /** Passes the bytes through, checking each sequence as it goes. */
    private static final class Checking extends FilterInputStream {
        private long offset;
        /** Continuation bytes still expected, and the range the next one must be in. */
        private int expected;
        private int low = 0x80;
        private int high = 0xBF;

        Checking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                end();
            } else {
                next((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int length) throws IOException {
            int read = super.read(buffer, from, length);
            if (read < 0) {
                end();
            }
            for (int i = from; i < from + read; i++) {
                next(buffer[i]);
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        void next(byte value) throws MalformedUtf8 {
            int b = value & 0xFF;
            if (expected > 0) {
                if (b < low || b > high) {
                    throw new MalformedUtf8(offset);
                }
                expected--;
                low = 0x80;
                high = 0xBF;
            } else if (b >= 0x80) {
                if (b >= 0xC2 && b <= 0xDF) {
                    expected = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    expected = 2;
                    low = b == 0xE0 ? 0xA0 : 0x80;  // E0 80..9F would be overlong
                    high = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                } else if (b >= 0xF0 && b <= 0xF4) {
                    expected = 3;
                    low = b == 0xF0 ? 0x90 : 0x80;  // F0 80..8F would be overlong
                    high = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be past U+10FFFF
                } else {
                    throw new MalformedUtf8(offset); // C0, C1 (overlong), F5..FF, or a stray continuation byte
                }
            }
            offset++;
        }

        void end() throws MalformedUtf8 {
            if (expected > 0) {
                throw new MalformedUtf8(offset);
            }
        }
    }
}
