package io.atelier.ingest.storage;

import io.atelier.common.config.StorageConfig;
import io.atelier.common.config.StorageSettings;
import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.storage.Bucket;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output links name the store's public endpoint when one is configured: under Compose the services reach
 * MinIO as {@code minio:9000}, which a browser on the host cannot resolve, and every link was dead. Here
 * the services use {@code 127.0.0.1} and clients {@code localhost}: the link names localhost, and a
 * client fetching it gets the object (the signature holds for the host it names).
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class PresignedUrlTest {

    @Inject
    StorageConfig config;

    @Test
    void aLinkNamesThePublicEndpointAndOpensThere() throws Exception {
        String internal = config.endpoint();
        assertThat(internal).contains("127.0.0.1");
        String external = internal.replace("127.0.0.1", "localhost");
        byte[] data = UUID.randomUUID().toString().getBytes();
        String key = "test/presigned/" + UUID.randomUUID();

        try (ObjectStore store = new ObjectStore(StorageSettings.withPublicEndpoint(config, external))) {
            store.put(Bucket.RESULTS, key, data, "text/plain");
            URI link = URI.create(store.presignGet(Bucket.RESULTS, key, Duration.ofMinutes(1)));

            assertThat(link.toString()).startsWith(external + "/");
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(link).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(data);
        }
    }
}
