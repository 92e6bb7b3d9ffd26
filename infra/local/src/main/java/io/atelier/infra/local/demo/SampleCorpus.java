package io.atelier.infra.local.demo;

import io.atelier.infra.local.S3Server;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.infra.local.StackException;
import io.atelier.infra.local.api.AtelierApi;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seeds a content corpus, the photos that new styles train on. There is no API for it on purpose:
 * a corpus is operator data, put into the datasets bucket like any other S3 upload.
 */
public final class SampleCorpus {

    private SampleCorpus() {
    }

    /** The JPEG and PNG files of a folder, sorted by name. */
    public static List<Path> photos(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> photos = files.filter(f -> f.getFileName().toString().matches("(?i).+\\.(jpe?g|png)"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
            if (photos.isEmpty()) {
                throw new StackException("no photos in " + folder);
            }
            return photos;
        }
    }

    /** Uploads the photos to {@code content/<corpus>/} in the datasets bucket; returns them. */
    public static List<Path> seed(StackEndpoints stack, Path folder, String corpus) throws Exception {
        List<Path> photos = photos(folder);
        try (MinioClient client = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(S3Server.REGION).build()) {
            for (Path photo : photos) {
                String name = photo.getFileName().toString();
                client.uploadObject(UploadObjectArgs.builder().bucket(Bucket.DATASETS.bucketName())
                        .object(ObjectKeys.contentImage(corpus, name)).filename(photo.toString())
                        .contentType(AtelierApi.contentType(photo)).build());
            }
        }
        return photos;
    }
}
