#!/bin/sh
# GENERATED from io.atelier.schemas.storage.Bucket by io.atelier.infra.local.InitScripts;
# do not edit (./atelier generate rewrites it).
# Creates Atelier's buckets with MinIO's mc. Needs S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY.
set -eu
mc alias set atelier "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null
mc mb --ignore-existing "atelier/atelier-uploads"
mc mb --ignore-existing "atelier/atelier-results"
mc mb --ignore-existing "atelier/atelier-styles"
mc mb --ignore-existing "atelier/atelier-datasets"
mc mb --ignore-existing "atelier/atelier-training"
mc mb --ignore-existing "atelier/atelier-models"
echo "Atelier buckets ready on $S3_ENDPOINT"
