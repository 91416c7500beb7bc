package org.privet.fl.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One authenticated TLS connection carrying length-framed messages: a 4-byte big-endian payload length, then
 * the payload ({@link FlWire}). A frame whose length is negative or above {@code maxMessageBytes} is refused
 * before any buffer is allocated, so a peer cannot make this side allocate more than that per message.
 * {@link #stalledFor} tells how long the frame being read has been incomplete, so a watchdog can close a
 * connection whose peer trickles a frame (a slow-loris); closing unblocks the reader.
 *
 * <p>Thread safety: one thread reads; writes are serialised; {@link #close} and {@link #stalledFor} may be
 * called from any thread.
 */
public final class FlConnection implements AutoCloseable {
    private final SSLSocket socket;
    private final DataInputStream in;
    private final InputStream raw;
    private final DataOutputStream out;
    private volatile int maxMessageBytes;
    private volatile long frameStartNanos;
    private volatile boolean closed;

    /**
     * Wraps a socket whose TLS handshake has completed.
     *
     * @param maxMessageBytes the largest payload accepted, &gt;= 1
     */
    public FlConnection(SSLSocket socket, int maxMessageBytes) throws IOException {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1. Provided value: " + maxMessageBytes);
        }
        this.socket = socket;
        this.raw = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.in = new DataInputStream(raw);
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Changes the largest accepted payload (e.g. once the model dimension is known). */
    public void maxMessageBytes(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1. Provided value: " + max);
        }
        this.maxMessageBytes = max;
    }

    /** The certificate the peer authenticated with. */
    public X509Certificate peerCertificate() {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        } catch (SSLPeerUnverifiedException e) {
            throw new FlProtocolException("peer is not authenticated: " + e.getMessage(), e);
        }
    }

    /** The peer's address, for logs. */
    public String peer() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    /** Sets the socket read timeout: a read that waits longer fails (0 = wait for ever). */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /**
     * Reads the next frame's payload, blocking.
     *
     * @throws FlProtocolException when the peer disconnects, the read times out, or the frame length is
     *     negative or above the maximum (the connection is closed then)
     */
    public byte[] read() {
        try {
            int b0 = raw.read();
            if (b0 < 0) {
                throw new EOFException();
            }
            frameStartNanos = System.nanoTime();
            int len = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            int max = maxMessageBytes;
            if (len < 0 || len > max) {
                close();
                throw new FlProtocolException("message length " + (len & 0xFFFFFFFFL) + " bytes outside [0, " + max
                        + "] (max message size)");
            }
            byte[] m = new byte[len];
            in.readFully(m);
            frameStartNanos = 0;
            return m;
        } catch (SocketTimeoutException e) {
            close();
            throw new FlProtocolException("no complete message from " + peer() + " within the read timeout", e);
        } catch (EOFException e) {
            close();
            throw new FlProtocolException(frameStartNanos == 0 ? "disconnected" : "disconnected inside a message", e);
        } catch (IOException e) {
            close();
            throw new FlProtocolException(closed ? "connection closed" : "connection failed: " + e.getMessage(), e);
        }
    }

    /** Sends one frame. @throws FlProtocolException when the connection fails */
    public void write(byte[] payload) {
        synchronized (out) {
            try {
                out.writeInt(payload.length);
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                close();
                throw new FlProtocolException("cannot send to " + peer() + ": " + e.getMessage(), e);
            }
        }
    }

    /** How long, in nanoseconds, the frame being read has been incomplete (0 when between frames). */
    public long stalledFor(long nowNanos) {
        long s = frameStartNanos;
        return s == 0 ? 0 : nowNanos - s;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes quickly (does not wait for the peer's close_notify). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.setSoTimeout(100);
        } catch (IOException e) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
