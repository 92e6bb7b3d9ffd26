package io.atelier.testsupport;

import io.atelier.infra.local.S3Server;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.storage.Bucket;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.http.Method;
import io.minio.messages.Item;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithAtelierStack
class ObjectStoreAgainstS3ServerTest {

    @Test
    void putGetListAndPresignWithTheMinioClient(StackEndpoints stack) throws Exception {
        String bucket = Bucket.RESULTS.bucketName();
        String prefix = "it/" + UUID.randomUUID() + "/";
        byte[] body = "styled pixels".getBytes(StandardCharsets.UTF_8);

        try (MinioClient client = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(S3Server.REGION).build()) {
            for (String name : List.of("a.png", "b.png")) {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(prefix + name)
                        .stream(new ByteArrayInputStream(body), body.length, -1).contentType("image/png").build());
            }

            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(prefix + "a.png")
                    .build())) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }

            List<String> listed = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                listed.add(item.get().objectName());
            }
            assertThat(listed).containsExactlyInAnyOrder(prefix + "a.png", prefix + "b.png");

            String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket).object(prefix + "b.png").expiry(5, TimeUnit.MINUTES).build());
            HttpResponse<byte[]> anonymous = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).isEqualTo(body);

            HttpResponse<byte[]> tampered = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.replace("b.png", "a.png"))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tampered.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void everyContractBucketExists(StackEndpoints stack) throws Exception {
        try (MinioClient client = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(S3Server.REGION).build()) {
            List<String> names = client.listBuckets().stream().map(b -> b.name()).toList();
            assertThat(names).containsAll(Bucket.bucketNames());
        }
    }
}
