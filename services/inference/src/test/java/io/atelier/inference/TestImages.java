package io.atelier.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Test images, and the reference a worker's output is compared with. */
public final class TestImages {

    private TestImages() {
    }

    public static BufferedImage randomImage(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    public static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /**
     * A black 8-bit RGB PNG of any size, a few hundred bytes per megapixel, written chunk by chunk
     * because ImageIO's writer needs the whole raster in memory first (768 MiB at 16384 px).
     */
    public static byte[] blackPng(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put(new byte[]{8, 2, 0, 0, 0}).array());
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(pixels)) {
            byte[] row = new byte[1 + 3 * width];
            for (int y = 0; y < height; y++) {
                deflater.write(row);
            }
        }
        chunk(out, "IDAT", pixels.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The generator run straight through ONNX Runtime, with the contract's pixel mapping written out. */
    public static BufferedImage directRun(byte[] model, BufferedImage input) throws Exception {
        int w = input.getWidth();
        int h = input.getHeight();
        float[] data = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = input.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    data[c * w * h + y * w + x] = ((rgb >> (16 - 8 * c)) & 0xff) / 127.5f - 1f;
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model);
             OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[]{1, 3, h, w});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            float[] out = new float[3 * w * h];
            ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(out);
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int v = Math.round((out[c * w * h + y * w + x] + 1f) * 127.5f);
                        rgb |= Math.max(0, Math.min(255, v)) << (16 - 8 * c);
                    }
                    image.setRGB(x, y, rgb);
                }
            }
            return image;
        }
    }

    public static int maxChannelDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs(((a.getRGB(x, y) >> shift) & 0xff) - ((b.getRGB(x, y) >> shift) & 0xff)));
                }
            }
        }
        return max;
    }
}
