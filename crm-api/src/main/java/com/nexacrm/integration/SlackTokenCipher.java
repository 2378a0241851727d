package com.nexacrm.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts bot tokens at rest with AES-256-GCM, the organisation's id as associated data
 * (a ciphertext copied to another organisation's row does not decrypt). The key lives
 * outside the database: {@code SLACK_TOKEN_KEY}, or a key file generated once.
 */
class SlackTokenCipher {

	private static final Logger log = LoggerFactory.getLogger(SlackTokenCipher.class);

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	SlackTokenCipher(SlackSettings settings) {
		this.key = new SecretKeySpec(keyBytes(settings), "AES");
	}

	byte[] encrypt(UUID orgId, String token) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, orgId);
			byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt the Slack token", ex);
		}
	}

	String decrypt(UUID orgId, byte[] stored) {
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(stored, IV_BYTES), orgId);
			return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The stored Slack token does not decrypt with the configured key", ex);
		}
	}

	private Cipher cipher(int mode, byte[] iv, UUID orgId) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(orgId.toString().getBytes(StandardCharsets.US_ASCII));
		return cipher;
	}

	private static byte[] keyBytes(SlackSettings settings) {
		if (settings.tokenKey() != null && !settings.tokenKey().isBlank()) {
			return checked(Base64.getDecoder().decode(settings.tokenKey().trim()), "SLACK_TOKEN_KEY");
		}
		Path file = settings.tokenKeyFile();
		try {
			if (Files.exists(file)) {
				return checked(Base64.getDecoder().decode(Files.readString(file).trim()), file.toString());
			}
			byte[] generated = new byte[32];
			new SecureRandom().nextBytes(generated);
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, Base64.getEncoder().encodeToString(generated), StandardOpenOption.CREATE_NEW);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system; the directory's permissions apply
			}
			log.warn("SLACK_TOKEN_KEY is not set: Slack tokens are encrypted with a key generated in {}; "
					+ "set SLACK_TOKEN_KEY when running more than one replica", file);
			return generated;
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			// another process created it first
			return keyBytes(settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or create the Slack token key file " + file, ex);
		}
	}

	private static byte[] checked(byte[] key, String source) {
		if (key.length != 32) {
			throw new IllegalStateException(source + " must be the base64 of 32 bytes (a 256-bit AES key)");
		}
		return key;
	}

}
