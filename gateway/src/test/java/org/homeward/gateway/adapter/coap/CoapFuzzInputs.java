package org.homeward.gateway.adapter.coap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;

/**
 * Seeded hostile CoAP datagrams for the resource fuzz: random bytes, valid requests (right and
 * wrong path, method, Content-Format, credentials), SenML payloads that are valid, mutated,
 * truncated or oversized, and whole datagrams bit-flipped, overwritten, truncated or extended.
 * Encoded with Californium's own serializer, so the valid ones are byte-exact CoAP.
 */
final class CoapFuzzInputs {
    /** What a case was built as; the test checks each kind against the answers it may get. */
    enum Kind { RANDOM_BYTES, WELL_FORMED, MUTATED_PAYLOAD, OVERSIZED, WRONG_REQUEST, MUTATED_DATAGRAM }

    record Case(Kind kind, byte[] datagram, boolean dtls, String claimedDevice) {
    }

    private static final String[] JSON_PACKS = {
        "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.2}]",
        "[{\"bn\":\"urn:dev:x:\",\"n\":\"spo2\",\"u\":\"%EL\",\"v\":97},{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":71}]",
        "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.4,\"t\":-1}]",
        "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":1e309}]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "{\"n\":\"temp\"}",
        "[{\"n\":\"temp\",\"u\":\"K\",\"v\":\"NaN\"}]",
    };
    private final Random random;
    private final UdpDataSerializer serializer = new UdpDataSerializer();
    private final int maxPayloadBytes;
    private final String device;
    private final String secret;
    private int mid;

    CoapFuzzInputs(long seed, int maxPayloadBytes, String device, String secret) {
        this.random = new Random(seed);
        this.maxPayloadBytes = maxPayloadBytes;
        this.device = device;
        this.secret = secret;
    }

    Case next() {
        int pick = random.nextInt(100);
        boolean dtls = random.nextBoolean();
        if (pick < 10) {
            return new Case(Kind.RANDOM_BYTES, randomBytes(random.nextInt(80)), dtls, null);
        }
        if (pick < 20) {
            return new Case(Kind.WELL_FORMED, post(dtls, "/v1/senml", formatOf(true), validPack(true), true), dtls, device);
        }
        if (pick < 55) {
            boolean json = random.nextInt(4) != 0;
            return new Case(Kind.MUTATED_PAYLOAD, post(dtls, "/v1/senml", formatOf(json),
                    mutate(validPack(json)), true), dtls, device);
        }
        if (pick < 60) {
            byte[] big = new byte[maxPayloadBytes + 1 + random.nextInt(2048)];
            Arrays.fill(big, (byte) ' ');
            return new Case(Kind.OVERSIZED, post(dtls, "/v1/senml", 110, big, true), dtls, device);
        }
        if (pick < 75) {
            return wrongRequest(dtls);
        }
        byte[] datagram = post(dtls, "/v1/senml", formatOf(random.nextBoolean()), validPack(true), random.nextBoolean());
        return new Case(Kind.MUTATED_DATAGRAM, mutate(datagram), dtls, device);
    }

    /** A valid POST of a valid pack, with the lab credentials unless over DTLS. */
    byte[] valid(boolean dtls, double celsius) {
        return post(dtls, "/v1/senml", 110, ("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + celsius + "}]")
                .getBytes(StandardCharsets.UTF_8), true);
    }

    private Case wrongRequest(boolean dtls) {
        return switch (random.nextInt(6)) {
            case 0 -> new Case(Kind.WRONG_REQUEST, post(dtls, "/v1/other", 110, validPack(true), true), dtls, device);
            case 1 -> new Case(Kind.WRONG_REQUEST, request(Code.values()[random.nextInt(Code.values().length)], dtls,
                    "/v1/senml", 110, validPack(true), true), dtls, device);
            case 2 -> new Case(Kind.WRONG_REQUEST, post(dtls, "/v1/senml", random.nextInt(65_536), validPack(true),
                    true), dtls, device);
            case 3 -> new Case(Kind.WRONG_REQUEST, post(false, "/v1/senml", 110, validPack(true), false), false, null);
            case 4 -> new Case(Kind.WRONG_REQUEST, request(Code.POST, false, "/v1/senml?d=" + device + "&k=wrong",
                    110, validPack(true), false), false, device);
            default -> new Case(Kind.WRONG_REQUEST, request(Code.POST, false, "/v1/senml?d=d-nobody&k=" + secret,
                    110, validPack(true), false), false, "d-nobody");
        };
    }

    private byte[] post(boolean dtls, String path, int format, byte[] payload, boolean credentials) {
        return request(Code.POST, dtls, path, format, payload, credentials);
    }

    private byte[] request(Code code, boolean dtls, String path, int format, byte[] payload, boolean credentials) {
        Request request = new Request(code, random.nextInt(4) == 0 ? Type.NON : Type.CON);
        request.getOptions().setUriPath(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        if (path.contains("?")) {
            request.getOptions().setUriQuery(path.substring(path.indexOf('?') + 1));
        } else if (credentials && !dtls) {
            request.getOptions().setUriQuery("d=" + device + "&k=" + secret);
        }
        request.getOptions().setContentFormat(format);
        if (code == Code.POST || code == Code.PUT || code == Code.FETCH || code == Code.PATCH || code == Code.IPATCH) {
            request.setPayload(payload);
        }
        request.setMID(mid++ & 0xFFFF);
        request.setToken(randomBytes(random.nextInt(9)));
        return serializer.getByteArray(request);
    }

    private int formatOf(boolean json) {
        return json ? SenmlResource.SENML_JSON : SenmlResource.SENML_CBOR;
    }

    private byte[] validPack(boolean json) {
        if (!json) {
            return cborTemperature(36 + random.nextDouble() * 4);
        }
        return JSON_PACKS[random.nextInt(JSON_PACKS.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** {@code [{0:"temp", 1:"Cel", 2:celsius}]} in SenML CBOR (RFC 8428 integer labels). */
    static byte[] cborTemperature(double celsius) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x81).put((byte) 0xA3).put((byte) 0x00).put((byte) 0x64).put("temp".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0x01).put((byte) 0x63).put("Cel".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0x02).put((byte) 0xFB).putDouble(celsius);
        return Arrays.copyOf(b.array(), b.position());
    }

    private byte[] mutate(byte[] input) {
        byte[] b = input.clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] extra = randomBytes(1 + random.nextInt(16));
                    byte[] out = Arrays.copyOf(b, b.length + extra.length);
                    System.arraycopy(extra, 0, out, at, extra.length);
                    System.arraycopy(b, at, out, at + extra.length, b.length - at);
                    b = out;
                }
                default -> b[at] = (byte) "[]{}\",:0-e.".charAt(random.nextInt(11));
            }
        }
        return b;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
