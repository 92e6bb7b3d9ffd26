package io.atelier.load.kafka;

import io.atelier.load.LoadSettings;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Claim-check inputs, as a producer with object-store access sends them: the image goes to
 * {@code atelier-uploads/uploads/{jobId}/input.png} first, and the job carries its {@link ImageRef}
 * (bucket, key, SHA-256, size, content type).
 */
final class ClaimCheck {

    /**
     * A photo as the PNG that is stored.
     *
     * @param bytes  the PNG
     * @param width  its width
     * @param height its height
     * @param sha256 lower-case hex SHA-256 of the bytes
     */
    record Png(byte[] bytes, int width, int height, String sha256) {

        static Png of(byte[] jpeg) {
            try {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                byte[] bytes = png.toByteArray();
                return new Png(bytes, image.getWidth(), image.getHeight(), ClaimCheck.sha256(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final MinioClient client;

    ClaimCheck(LoadSettings settings) {
        settings.requireLoopback("the object store", settings.s3().getHost());
        client = MinioClient.builder().endpoint(settings.s3().toString())
                .credentials(settings.s3AccessKey(), settings.s3SecretKey()).region("us-east-1").build();
    }

    /** Stores the job's input and returns the claim check for its event. */
    ImageRef put(String jobId, Png png) throws Exception {
        String key = ObjectKeys.uploadInput(jobId);
        client.putObject(PutObjectArgs.builder().bucket(Bucket.UPLOADS.bucketName()).object(key)
                .stream(new ByteArrayInputStream(png.bytes()), png.bytes().length, -1).contentType("image/png")
                .build());
        return new ImageRef(Bucket.UPLOADS.bucketName(), key, png.sha256(), png.width(), png.height(), "image/png");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
