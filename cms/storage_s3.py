"""Object storage (S3-compatible: MinIO, Ceph, AWS S3) for deployments with several app servers.

A module of its own so that the embedded default, which stores files on local disk, never loads boto3.
Production settings point `STORAGES` here when S3_MEDIA_BUCKET / S3_PRIVATE_BUCKET are set (docs/deploy.md).
Class attributes are the defaults; a setting passed in `OPTIONS` still wins (django-storages reads them so).
"""

from botocore.config import Config
from storages.backends.s3 import S3Storage

from .storage import PrivateFileSystemStorage


class BoundedS3Storage(S3Storage):
    """S3Storage whose calls give up in seconds: botocore's default waits a minute per try for a lost endpoint,
    which would hold a web worker (and the readiness check) that long."""

    connect_timeout = 3
    read_timeout = 20
    max_attempts = 3

    def __init__(self, **settings):
        super().__init__(**settings)
        if settings.get("client_config") is None:
            self.client_config = Config(
                s3={"addressing_style": self.addressing_style},
                signature_version=self.signature_version,
                proxies=self.proxies,
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                retries={"max_attempts": self.max_attempts, "mode": "standard"},
            )


class PublicS3Storage(BoundedS3Storage):
    """Public media (images, public documents): plain URLs, from a CDN when S3_MEDIA_URL names one."""

    querystring_auth = False
    # Like FileSystemStorage: a second upload of "cv.pdf" gets a name of its own instead of replacing the first.
    file_overwrite = False


class PrivateS3Storage(BoundedS3Storage):
    """Private files and SCORM package content, in a bucket nobody reads anonymously.

    Like PrivateFileSystemStorage there is no URL: permission-checked views stream the files
    (cms.storage.private_file_response, scorm's content view), so no link outlives the check that made it.
    """

    default_acl = "private"
    querystring_auth = True
    file_overwrite = False
    url = PrivateFileSystemStorage.url
