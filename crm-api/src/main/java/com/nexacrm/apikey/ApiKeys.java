package com.nexacrm.apikey;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.security.ApiKeyVerifier;
import com.nexacrm.tenant.Permission;
import com.nexacrm.security.ScopedToken;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API keys. A key reads {@code nxk_} followed by the organisation id, the key id and a
 * 192-bit secret; only the secret's hash is stored. The ids let the key be found under
 * row-level security without a cross-tenant look-up; without the secret they open
 * nothing.
 */
@Repository
class ApiKeys implements ApiKeyVerifier {

	static final String PREFIX = "nxk_";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	ApiKeys(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
	}

	/**
	 * Stores a key and returns it with its full token, the only time the token exists.
	 */
	CreatedKey create(String name, Set<Permission> scopes, UUID createdBy) {
		UUID orgId = Tenancy.orgId();
		UUID keyId = UUID.randomUUID();
		ScopedToken secret = ScopedToken.issue(orgId, keyId);
		String token = PREFIX + secret.encode();
		this.jdbc.sql("""
				insert into api_key (org_id, api_key_id, name, scopes, prefix, secret_hash, created_by)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(orgId, keyId, name, scopes.stream().map(Permission::scope).sorted().toArray(String[]::new),
					token.substring(0, 12), secret.secretHash(), createdBy)
			.update();
		this.audit.record("api_key", keyId, "created",
				java.util.Map.of("name", name, "scopes", scopes.stream().map(Permission::scope).sorted().toList()));
		return new CreatedKey(find(keyId).orElseThrow(), token);
	}

	List<ApiKey> list() {
		return this.jdbc.sql(SELECT + " where org_id = ? order by created_at desc")
			.param(Tenancy.orgId())
			.query((rs, n) -> map(rs))
			.list();
	}

	Optional<ApiKey> find(UUID keyId) {
		return this.jdbc.sql(SELECT + " where org_id = ? and api_key_id = ?")
			.params(Tenancy.orgId(), keyId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	int revoke(UUID keyId) {
		int changed = this.jdbc
			.sql("update api_key set revoked_at = now() where org_id = ? and api_key_id = ? and revoked_at is null")
			.params(Tenancy.orgId(), keyId)
			.update();
		if (changed > 0) {
			this.audit.record("api_key", keyId, "revoked", java.util.Map.of());
		}
		return changed;
	}

	@Override
	public Optional<VerifiedKey> verify(String token) {
		if (token == null || !token.startsWith(PREFIX)) {
			return Optional.empty();
		}
		Optional<ScopedToken> parsed = ScopedToken.parse(token.substring(PREFIX.length()));
		if (parsed.isEmpty()) {
			return Optional.empty();
		}
		UUID orgId = parsed.get().orgId();
		UUID keyId = parsed.get().id();
		return Tenancy.run(TenantContext.system(orgId), () -> this.transactions.execute((status) -> {
			var row = this.jdbc.sql("""
					select secret_hash, scopes from api_key
					where org_id = ? and api_key_id = ? and revoked_at is null""")
				.params(orgId, keyId)
				.query((rs, n) -> new Object[] { rs.getBytes(1), rs.getArray(2).getArray() })
				.optional();
			if (row.isEmpty() || !parsed.get().matches((byte[]) row.get()[0])) {
				return Optional.<VerifiedKey>empty();
			}
			// one write a minute at most, not one per request
			this.jdbc.sql("""
					update api_key set last_used_at = now() where org_id = ? and api_key_id = ?
					and (last_used_at is null or last_used_at < now() - interval '1 minute')""")
				.params(orgId, keyId)
				.update();
			Set<Permission> scopes = EnumSet.noneOf(Permission.class);
			for (String scope : (String[]) row.get()[1]) {
				Permission.ofScope(scope).ifPresent(scopes::add);
			}
			return Optional.of(new VerifiedKey(orgId, keyId, scopes));
		}));
	}

	private static final String SELECT = """
			select api_key_id, name, scopes, prefix, created_by, created_at, last_used_at, revoked_at from api_key""";

	private static ApiKey map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new ApiKey(rs.getObject(1, UUID.class), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()),
				rs.getString(4), rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class),
				rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class));
	}

	/** A key without its secret. */
	record ApiKey(UUID id, String name, List<String> scopes, String prefix, UUID createdBy, OffsetDateTime createdAt,
			OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
	}

	/** A key as created: the token is shown this once. */
	record CreatedKey(ApiKey key, String token) {
	}

}
