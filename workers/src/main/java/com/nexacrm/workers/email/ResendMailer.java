package com.nexacrm.workers.email;

import java.lang.reflect.Field;
import java.net.URI;

import com.resend.Resend;
import com.resend.core.exception.ResendException;
import com.resend.core.net.RequestOptions;
import com.resend.services.emails.Emails;
import com.resend.services.emails.model.CreateEmailOptions;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Sends email through Resend's Java SDK ({@code POST /emails}) with Resend's
 * {@code Idempotency-Key} header, so a retried send is delivered once. The only class
 * that imports the Resend SDK.
 */
public final class ResendMailer implements EmailSender {

	static final String DEFAULT_BASE_URL = "https://api.resend.com";

	private final Emails emails;

	private final String from;

	/**
	 * @param apiKey the Resend API key
	 * @param from the sender, for example {@code NexaCRM <crm@example.com>}; its domain
	 * must be verified in Resend
	 * @param baseUrl where Resend's API is, or {@code null} for Resend itself
	 */
	public ResendMailer(String apiKey, String from, URI baseUrl) {
		this.emails = new Resend(apiKey).emails();
		this.from = from;
		if (baseUrl != null && !DEFAULT_BASE_URL.equals(baseUrl.toString().replaceAll("/+$", ""))) {
			redirect(this.emails, HttpUrl.get(baseUrl.toString()));
		}
	}

	@Override
	public String send(Email email, String idempotencyKey) throws EmailNotSent {
		CreateEmailOptions options = CreateEmailOptions.builder()
			.from(this.from)
			.to(email.to())
			.subject(email.subject())
			.text(email.text())
			.build();
		try {
			return this.emails.send(options, RequestOptions.builder().setIdempotencyKey(idempotencyKey).build())
				.getId();
		}
		catch (ResendException ex) {
			throw new EmailNotSent("Resend did not accept the email (status " + ex.getStatusCode() + ")", ex);
		}
		catch (RuntimeException ex) {
			// the SDK wraps I/O failures in a RuntimeException
			throw new EmailNotSent("Resend could not be reached: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String provider() {
		return "resend";
	}

	/**
	 * Resend's SDK (4.x) has no base-URL setting: {@code https://api.resend.com} is a
	 * compile-time constant in its HTTP client, and the OkHttp client inside is created
	 * privately. To reach another address (a local server in tests, a relay) the SDK
	 * still builds and signs every request, and an OkHttp interceptor added to its own
	 * client only swaps scheme, host and port. Used only when a base URL other than
	 * Resend's is configured; fails at start-up if a future SDK changes its internals.
	 */
	private static void redirect(Emails emails, HttpUrl base) {
		Object http = emails.getHttpClient();
		try {
			Field field = http.getClass().getDeclaredField("httpClient");
			field.setAccessible(true);
			OkHttpClient client = (OkHttpClient) field.get(http);
			String prefix = base.toString().replaceAll("/+$", "");
			field.set(http, client.newBuilder().addInterceptor((chain) -> {
				HttpUrl url = chain.request().url();
				String query = (url.encodedQuery() != null) ? "?" + url.encodedQuery() : "";
				HttpUrl target = HttpUrl.get(prefix + url.encodedPath() + query);
				return chain.proceed(chain.request().newBuilder().url(target).build());
			}).build());
		}
		catch (ReflectiveOperationException | ClassCastException | SecurityException ex) {
			throw new IllegalStateException("This version of Resend's SDK cannot be pointed at " + base, ex);
		}
	}

}
