"""The local HTTPS server and its certificates of the core's metadata tests, for the roll-over
check's tests."""

from tests.core.test_metadata import http_server, https_server, tls_files  # noqa: F401
