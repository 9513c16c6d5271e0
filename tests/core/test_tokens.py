from kombitportal.core.tokens import PREFIX_LENGTH, digest_of, new_token


def test_a_new_token_is_random_and_kept_only_as_its_digest():
    first, second = new_token(), new_token()
    assert first.plain != second.plain
    assert len(first.plain) >= 43  # 32 random bytes, URL-safe base64
    assert first.digest == digest_of(first.plain) != digest_of(second.plain)
    assert first.plain not in first.digest
    assert first.prefix == first.plain[:PREFIX_LENGTH]
