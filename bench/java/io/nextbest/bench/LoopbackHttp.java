package io.nextbest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The little HTTP/1.1 the load generators speak over kept-alive loopback sockets. */
final class LoopbackHttp {
    private LoopbackHttp() {
    }

    static Socket connect(int port, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return socket;
    }

    /** A whole POST of a JSON body, head and body in one array so that one write sends it. */
    static byte[] post(int port, String path, String key, byte[] body) {
        byte[] head = postHead(port, path, key, body.length);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The head of a POST announcing a JSON body of {@code length} bytes. */
    static byte[] postHead(int port, String path, String key, int length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-API-Key: " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one answer, its body with a Content-Length or chunked (error answers may come either way); returns its status. */
    static int readAnswer(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                chunked = header.toLowerCase().contains("chunked");
            }
        }
        if (chunked) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                in.skipNBytes(size);
                line(in);
            }
            line(in);
        } else {
            in.skipNBytes(length);
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static int chunkSize(InputStream in) throws IOException {
        String size = line(in);
        int extension = size.indexOf(';');
        return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    /** One line of a status line or header, without its CR LF. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static void closeQuietly(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // already broken
        }
    }
}
