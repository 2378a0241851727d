package com.nexacrm.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secrets and their stored form. Secrets are 256-bit random values, so a plain
 * SHA-256 is enough to store them (there is nothing to brute-force); comparisons are
 * constant-time.
 */
public final class Tokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Tokens() {
	}

	public static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	public static String random() {
		return encode(randomBytes(32));
	}

	public static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static byte[] decode(String text) {
		return Base64.getUrlDecoder().decode(text);
	}

	public static byte[] hash(String secret) {
		return hash(secret.getBytes(StandardCharsets.UTF_8));
	}

	public static byte[] hash(byte[] secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static boolean matches(byte[] secret, byte[] storedHash) {
		return MessageDigest.isEqual(hash(secret), storedHash);
	}

}
