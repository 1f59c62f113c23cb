import copy
import json
import uuid

import pytest
from django.db import connections

from .servers import MotoS3, Redis

# A read replica as a test mirror of the default database (what production settings declare for
# DATABASE_REPLICA_URL): a connection of its own to the same database, so tests see which one a query used.
# Declared at collection, before the test databases are set up; unused unless a test installs the router.
# PostgreSQL only: replicas are a PostgreSQL deployment's, and SQLite's file lock forbids a second writer.
POSTGRES = connections.settings["default"]["ENGINE"] == "django.db.backends.postgresql"
if POSTGRES and "replica" not in connections.settings:
    _replica = copy.deepcopy(connections.settings["default"])
    _replica["TEST"] = {**_replica["TEST"], "MIRROR": "default"}
    connections.settings["replica"] = _replica


@pytest.fixture(scope="session")
def moto_s3():
    server = MotoS3().start()
    yield server
    server.stop()


@pytest.fixture
def redis_server():
    server = Redis().start()
    yield server
    server.stop()


@pytest.fixture
def s3_storages(moto_s3, settings):
    """STORAGES on two fresh buckets of the S3 server: public media and private files (SCORM content included)."""
    client = moto_s3.client()
    media, private = f"media-{uuid.uuid4().hex[:8]}", f"private-{uuid.uuid4().hex[:8]}"
    for bucket in (media, private):
        client.create_bucket(Bucket=bucket)
    # Public media: anyone may read (the operator's bucket policy, as on MinIO or AWS with ACLs disabled).
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{media}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=media, Policy=json.dumps(policy))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "cms.storage_s3.PublicS3Storage", "OPTIONS": moto_s3.options(media)},
        "private": {"BACKEND": "cms.storage_s3.PrivateS3Storage", "OPTIONS": moto_s3.options(private)},
    }
    return {"client": client, "media": media, "private": private, "endpoint": moto_s3.endpoint}
