from common.testing.cvauth import cv_auth_header, encode_password, token_digest


def test_password_encoding_matches_the_briefs_example():
    assert encode_password("testtest", "ap1s3cr3t") == "FRVCB0cGAUc="


def test_the_header_carries_every_part_the_sdks_send():
    header = cv_auth_header("key", "ap1s3cr3t", "a@b.c", "testtest", nonce="n1", created="2026-11-23T19:38:49+00:00")
    assert header == (
        'AuthToken ApiKey="key", '
        f'TokenDigest="{token_digest("n1", "2026-11-23T19:38:49+00:00", "ap1s3cr3t")}", '
        'Nonce="n1", Created="2026-11-23T19:38:49+00:00", Username="a@b.c", Password="FRVCB0cGAUc="'
    )
