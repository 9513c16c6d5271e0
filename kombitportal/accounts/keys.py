"""Self-signed key pairs generated on first use, kept outside git (VAR_DIR), for local use only.

Production points SAML_SP_CERT_FILE / SAML_SP_KEY_FILE at real OCES3 function certificate files.
"""

import datetime
import os
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def _write_once(path: Path, data: bytes, mode: int) -> None:
    """Write `data` to `path` unless it exists; safe when several processes race on first start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    try:
        os.write(fd, data)
        os.close(fd)
        os.chmod(tmp, mode)
        os.link(tmp, path)  # fails if another process got there first: theirs wins
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def self_signed_pair(
    common_name: str, *, days: int, key_size: int = 3072, organisation: str = ""
) -> tuple[bytes, bytes]:
    """(certificate PEM, unencrypted PKCS#8 key PEM) of a new self-signed RSA certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")] if organisation else []
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name([*attributes, x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def ensure_key_pair(cert_file: Path, key_file: Path, common_name: str) -> tuple[str, str]:
    """Return (certificate PEM, private key PEM), generating a self-signed pair if none exists."""
    cert_file, key_file = Path(cert_file), Path(key_file)
    if not (cert_file.exists() and key_file.exists()):
        cert_pem, key_pem = self_signed_pair(
            common_name, days=3650, organisation="Programlederportalen (lokal)"
        )
        # Key first: a reader that finds the certificate can rely on the key being there.
        _write_once(key_file, key_pem, 0o600)
        _write_once(cert_file, cert_pem, 0o644)
    return cert_file.read_text(), key_file.read_text()


def pem_body(pem: str) -> str:
    """The base64 body of a PEM certificate, as SAML metadata carries it."""
    return "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))
